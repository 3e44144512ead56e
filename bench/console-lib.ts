/**
 * Shared by the console's browser benches (web-budgets, console-supervision): the real server on
 * a fresh embedded database with the demo data (development, as `npm start` runs it), GraphQL
 * against it, and signed-in Chromium pages at 1366×768 (headless, test/support/browser.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureWebBuilt } from '../src/web/web-build';
import { launchBrowser } from '../test/support/browser';
import { gql, login } from './scale-lib';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export interface ConsoleServer {
  port: number;
  base: string;
  /** GraphQL `data` of one operation (throws on errors). */
  gql: <T = any>(query: string, variables?: Record<string, unknown>, token?: string) => Promise<T>;
  /** An access token of a demo account. */
  token: (username: string) => Promise<string>;
}

/**
 * Builds the web pages when stale, starts `src/main.ts` on `port` with a fresh embedded database
 * in a temporary folder (demo data, overdue sweep off) and a headless Chromium, runs `work`, then
 * stops both and removes the folder.
 */
export async function withConsole(tag: string, port: number, work: (server: ConsoleServer, browser: Browser) => Promise<void>): Promise<void> {
  ensureWebBuilt((m) => console.error(m));
  const dataDir = mkdtempSync(join(tmpdir(), `labor-${tag}-bench-`));
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: join(__dirname, '..'),
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, NODE_ENV: 'development', SEED_DEMO: 'true', OVERDUE_SWEEP_SECONDS: '0', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let browser: Browser | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('console (') && resolve());
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    browser = await launchBrowser();
    await work({ port, base: `http://127.0.0.1:${port}`, gql: (q, v = {}, t) => gql(port, q, v, t), token: (u) => login(port, u) }, browser);
  } finally {
    await browser?.close();
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A fresh context at 1366×768 (zh-CN, Asia/Shanghai), optionally with a script run before the page's own. */
export async function consolePage(browser: Browser, base: string, initScript?: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  if (initScript) await context.addInitScript({ content: initScript });
  const page = await context.newPage();
  return { page, close: () => context.close() };
}

/** Signs in through the login form as a demo account and waits until the shell shows the user. */
export async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('Demo@2026');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('current-user').waitFor();
}
