/**
 * The console's budgets (issue 10), measured against a real server on a fresh embedded database:
 *
 *   first-load JS   gzipped JavaScript the browser fetches for the first screen (the login page,
 *                   cold cache), and in all once the inbox shows after login: budget 500 KB
 *   interactive     cold load of /login until the form takes input (performance.now() in the page,
 *                   i.e. from navigation start; median of 5 cold contexts): budget 1.5 s
 *   inbox render    the inbox with 100 open cases: from the moment the CaseList response has been
 *                   read to the moment the 100th row is in the DOM (median of 5): budget 200 ms
 *
 *   npm run bench:web            (builds the web pages first when they are stale)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureWebBuilt } from '../scripts/ensure-web';
import { launchBrowser } from '../test/support/browser';

const PORT = Number(process.env.BENCH_WEB_PORT ?? 3411);
const BASE = `http://127.0.0.1:${PORT}`;
const DIST = join(__dirname, '..', 'web', 'dist');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** In the page (plain JS): when the CaseList response has been read, and when the 100th row shows. */
const RENDER_PROBE = `(() => {
  const orig = window.fetch.bind(window);
  window.fetch = async (...args) => {
    const res = await orig(...args);
    const body = typeof (args[1] && args[1].body) === 'string' ? args[1].body : '';
    if (body.includes('"operationName":"CaseList"')) res.clone().text().then(() => { window.__caseListAt = performance.now(); });
    return res;
  };
  new MutationObserver(() => {
    if (window.__rowsAt) return;
    if (document.querySelectorAll('[data-testid=case-table] .ant-table-row').length >= 100) window.__rowsAt = performance.now();
  }).observe(document, { childList: true, subtree: true });
})()`;

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

const gzipKb = (files: string[]) => files.reduce((s, f) => s + gzipSync(readFileSync(join(DIST, f))).length, 0) / 1024;

async function login(page: import('playwright-core').Page): Promise<void> {
  await page.goto(`${BASE}/login`);
  await page.getByLabel('用户名').fill('lead.fanji');
  await page.getByLabel('密码').fill('Demo@2026');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL('**/inbox');
}

async function main(): Promise<void> {
  ensureWebBuilt((m) => console.error(m));
  const dataDir = mkdtempSync(join(tmpdir(), 'labor-web-bench-'));
  const stop = await startServer(dataDir);
  const browser = await launchBrowser();
  try {
    const token = (await gql(`mutation { login(username: "lead.fanji", password: "Demo@2026") { accessToken } }`)).login.accessToken;
    const open = `{ cases(first: 1, filter: { status: [RECEIVED, FILED, RECTIFICATION_ORDERED, PENALTY_DECIDED, TRANSFERRED_TO_POLICE] }) { totalCount } }`;
    const already: number = (await gql(open, {}, token)).cases.totalCount;
    for (let i = already; i < 100; i++) {
      const input = {
        title: `测量用案件 ${i}`,
        source: 'COMPLAINT',
        handlingUnitCode: '411329305',
        workplaceUnitCode: '411329305212',
        employer: { name: `测量用人单位${i % 25}有限公司` },
        workersAffected: 1 + (i % 9),
        amountOwed: `${10_000 + i * 37}.50`,
        description: '劳动者反映用人单位拖欠工资三个月。',
      };
      await gql(`mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }`, { input }, token);
    }

    // 1. JavaScript fetched on a cold load of the login screen, then in all once the inbox shows.
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await ctx.newPage();
    const js = new Set<string>();
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.endsWith('.js')) js.add(path);
    });
    await page.goto(`${BASE}/login`);
    await page.getByLabel('用户名').waitFor();
    const loginJs = [...js];
    await login(page);
    await page.locator('[data-testid=case-table] .ant-table-row').first().waitFor();
    const inboxJs = [...js];
    await ctx.close();

    // 2. Cold load of /login until the form takes input.
    const interactive: number[] = [];
    const domInteractive: number[] = [];
    for (let i = 0; i < 5; i++) {
      const c = await browser.newContext();
      const p = await c.newPage();
      await p.goto(`${BASE}/login`, { waitUntil: 'commit' });
      await p.getByLabel('用户名').fill('x');
      const t = (await p.evaluate(
        `({ ready: performance.now(), domInteractive: performance.getEntriesByType('navigation')[0].domInteractive })`,
      )) as { ready: number; domInteractive: number };
      interactive.push(t.ready);
      domInteractive.push(t.domInteractive);
      await c.close();
    }

    // 3. The inbox with 100 rows: response read → 100th row in the DOM.
    const renders: number[] = [];
    const c = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await c.addInitScript({ content: RENDER_PROBE });
    const p = await c.newPage();
    await login(p);
    for (let i = 0; i < 5; i++) {
      if (i > 0) await p.reload();
      await p.waitForFunction('window.__rowsAt && window.__caseListAt', undefined, { timeout: 30_000 });
      const r = (await p.evaluate('({ rows: window.__rowsAt, data: window.__caseListAt })')) as { rows: number; data: number };
      renders.push(r.rows - r.data);
    }
    await c.close();

    console.log(
      [
        `first-load JS, login screen (cold): ${gzipKb(loginJs).toFixed(0)} KB gzipped in ${loginJs.length} files (budget 500 KB)`,
        `JS in all once the inbox shows:     ${gzipKb(inboxJs).toFixed(0)} KB gzipped in ${inboxJs.length} files`,
        `cold /login interactive (median of 5): ${median(interactive).toFixed(0)} ms [${interactive.map((x) => x.toFixed(0)).join(', ')}]; domInteractive ${median(domInteractive).toFixed(0)} ms (budget 1500 ms)`,
        `inbox, 100 rows rendered after the data (median of 5): ${median(renders).toFixed(0)} ms [${renders.map((x) => x.toFixed(0)).join(', ')}] (budget 200 ms)`,
      ].join('\n'),
    );
  } finally {
    await browser.close();
    stop();
    await new Promise((r) => setTimeout(r, 1500));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
