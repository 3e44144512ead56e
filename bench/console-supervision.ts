/**
 * The supervision dashboard in a real browser against a real server on a fresh embedded database
 * (demo data), as the county supervisor sup.xinye:
 *
 *   dashboard ready   from navigation to /dashboard until the totals and the chart are drawn
 *                     (median of 5 loads in fresh contexts)
 *   live feed         from sending openCase (as insp.fanji in 樊集乡) until the event is in the
 *                     feed's DOM (median and worst of 20): the target is 2 s
 *   Excel export      clicking 导出Excel on the unit table until the download starts (cold: the
 *                     exceljs chunk is fetched; warm: the second click)
 *
 *   npm run bench:console-supervision        (builds the web pages first when they are stale)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureWebBuilt } from '../scripts/ensure-web';
import { launchBrowser } from '../test/support/browser';

const PORT = Number(process.env.BENCH_PORT ?? 3501);
const BASE = `http://127.0.0.1:${PORT}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function gql(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<any> {
  const res = await fetch(`${BASE}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as any;
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function startServer(dataDir: string): Promise<() => void> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: join(__dirname, '..'),
    env: { ...process.env, PORT: String(PORT), DATA_DIR: dataDir, NODE_ENV: 'development', SEED_DEMO: 'true', OVERDUE_SWEEP_SECONDS: '0', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('console (') && resolve());
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return () => child.kill('SIGTERM');
}

async function session(browser: Browser): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('用户名').fill('sup.xinye');
  await page.getByLabel('密码').fill('Demo@2026');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('current-user').waitFor();
  return { page, close: () => context.close() };
}

async function main(): Promise<void> {
  ensureWebBuilt((m) => console.error(m));
  const dataDir = mkdtempSync(join(tmpdir(), 'labor-supervision-bench-'));
  const stop = await startServer(dataDir);
  const browser = await launchBrowser();
  try {
    // Dashboard loads.
    const ready: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = await session(browser);
      const t0 = Date.now();
      await s.page.goto('/dashboard');
      await s.page.getByTestId('drill-411329305').waitFor();
      await s.page.getByTestId('unit-chart').locator('canvas').first().waitFor();
      ready.push(Date.now() - t0);
      await s.close();
    }

    // Live feed.
    const s = await session(browser);
    await s.page.goto('/dashboard');
    await s.page.getByTestId('feed-status').getByText('已连接').waitFor();
    const token = (await gql(`mutation { login(username: "insp.fanji", password: "Demo@2026") { accessToken } }`)).login.accessToken;
    const feed: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = Date.now();
      const { openCase } = await gql(
        `mutation($i: OpenCaseInput!) { openCase(input: $i) { number } }`,
        {
          i: {
            title: `看板基准-${i}`,
            source: 'COMPLAINT',
            handlingUnitCode: '411329305',
            workplaceUnitCode: '411329305212',
            employer: { name: `看板基准公司${i}-${t0}` },
            workersAffected: 2,
            amountOwed: '5000.00',
            description: '基准测试',
          },
        },
        token,
      );
      await s.page.getByTestId('feed-item').filter({ hasText: openCase.number }).waitFor();
      feed.push(Date.now() - t0);
    }

    // Excel export of the unit table.
    const exportMs: number[] = [];
    for (let i = 0; i < 2; i++) {
      const t0 = Date.now();
      await Promise.all([s.page.waitForEvent('download'), s.page.getByRole('button', { name: '导出Excel' }).first().click()]);
      exportMs.push(Date.now() - t0);
    }
    await s.close();

    console.log(`dashboard ready (totals + chart drawn): median ${median(ready)} ms, runs ${ready.join(', ')}`);
    console.log(`live feed, openCase sent -> event on screen: median ${median(feed)} ms, worst ${Math.max(...feed)} ms (n=${feed.length}, target 2000 ms)`);
    console.log(`Excel export of the unit table, click -> download: cold ${exportMs[0]} ms, warm ${exportMs[1]} ms`);
  } finally {
    await browser.close();
    stop();
    await new Promise((r) => setTimeout(r, 1000));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
