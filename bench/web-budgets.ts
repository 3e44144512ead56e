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
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { consolePage, median, signIn, withConsole } from './console-lib';

const PORT = Number(process.env.BENCH_WEB_PORT ?? 3411);
const DIST = join(__dirname, '..', 'web', 'dist');
/** Loads of the inbox measured (`BENCH_WEB_RUNS`, default 5); the median is reported. */
const RENDER_RUNS = Number(process.env.BENCH_WEB_RUNS ?? 5);

/** In the page (plain JS): when the CaseList response has been read, and when the 100th row shows. */
const RENDER_PROBE = `(() => {
  const orig = window.fetch.bind(window);
  window.fetch = async (...args) => {
    const res = await orig(...args);
    const body = typeof (args[1] && args[1].body) === 'string' ? args[1].body : '';
    if (body.includes('"operationName":"CaseList"') && !window.__caseListAt) {
      // The moment the client has the whole body in hand (Apollo reads it with text()).
      const read = res.text.bind(res);
      res.text = async () => { const v = await read(); if (!window.__caseListAt) window.__caseListAt = performance.now(); return v; };
      window.__caseListHeadersAt = performance.now();
    }
    return res;
  };
  new MutationObserver(() => {
    if (window.__rowsAt) return;
    if (document.querySelectorAll('[data-testid=case-table] .ant-table-row').length >= 100) window.__rowsAt = performance.now();
  }).observe(document, { childList: true, subtree: true });
})()`;

const gzipKb = (files: string[]) => files.reduce((s, f) => s + gzipSync(readFileSync(join(DIST, f))).length, 0) / 1024;

async function main(): Promise<void> {
  await withConsole('web', PORT, async (server, browser) => {
    const token = await server.token('lead.fanji');
    const open = `{ cases(first: 1, filter: { status: [RECEIVED, FILED, RECTIFICATION_ORDERED, PENALTY_DECIDED, TRANSFERRED_TO_POLICE] }) { totalCount } }`;
    const already: number = (await server.gql(open, {}, token)).cases.totalCount;
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
      await server.gql(`mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }`, { input }, token);
    }

    // 1. JavaScript fetched on a cold load of the login screen, then in all once the inbox shows.
    const first = await consolePage(browser, server.base);
    const js = new Set<string>();
    first.page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.endsWith('.js')) js.add(path);
    });
    await first.page.goto('/login');
    await first.page.getByLabel('用户名').waitFor();
    const loginJs = [...js];
    await signIn(first.page, 'lead.fanji');
    await first.page.locator('[data-testid=case-table] .ant-table-row').first().waitFor();
    const inboxJs = [...js];
    await first.close();

    // 2. Cold load of /login until the form takes input.
    const interactive: number[] = [];
    const domInteractive: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { page, close } = await consolePage(browser, server.base);
      await page.goto('/login', { waitUntil: 'commit' });
      await page.getByLabel('用户名').fill('x');
      const t = (await page.evaluate(
        `({ ready: performance.now(), domInteractive: performance.getEntriesByType('navigation')[0].domInteractive })`,
      )) as { ready: number; domInteractive: number };
      interactive.push(t.ready);
      domInteractive.push(t.domInteractive);
      await close();
    }

    // 3. The inbox with 100 rows: response read → 100th row in the DOM.
    const renders: number[] = [];
    const { page, close } = await consolePage(browser, server.base, RENDER_PROBE);
    await signIn(page, 'lead.fanji');
    for (let i = 0; i < RENDER_RUNS; i++) {
      if (i > 0) await page.reload();
      await page.waitForFunction('window.__rowsAt && window.__caseListAt', undefined, { timeout: 30_000 });
      const r = (await page.evaluate('({ rows: window.__rowsAt, data: window.__caseListAt })')) as { rows: number; data: number };
      await page.evaluate('window.__rowsAt = 0; window.__caseListAt = 0');
      renders.push(r.rows - r.data);
    }
    await close();

    console.log(
      [
        `first-load JS, login screen (cold): ${gzipKb(loginJs).toFixed(0)} KB gzipped in ${loginJs.length} files (budget 500 KB)`,
        `JS in all once the inbox shows:     ${gzipKb(inboxJs).toFixed(0)} KB gzipped in ${inboxJs.length} files`,
        `cold /login interactive (median of 5): ${median(interactive).toFixed(0)} ms [${interactive.map((x) => x.toFixed(0)).join(', ')}]; domInteractive ${median(domInteractive).toFixed(0)} ms (budget 1500 ms)`,
        `inbox, 100 rows rendered after the data (median of ${RENDER_RUNS}): ${median(renders).toFixed(0)} ms [${renders.map((x) => x.toFixed(0)).join(', ')}] (budget 200 ms)`,
        `load average: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`,
      ].join('\n'),
    );
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
