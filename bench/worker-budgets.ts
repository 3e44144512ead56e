/**
 * Budgets of the workers' phone pages (issue 11), on the built pages (web/dist):
 *
 * 1. worker JavaScript at first load, gzipped: every script and module preload of worker.html
 *    (budget 150 KB);
 * 2. first page usable on an emulated slow 3G connection: a production server on the bench
 *    database, Chromium at 360×640 throttled through CDP Network.emulateNetworkConditions
 *    (WebPageTest's "3G Slow": 400 ms round trip, 400 kbit/s down and up; cache disabled), time
 *    from navigation to /worker until the notice's "请先准备好" and the register button are on
 *    screen (budget 3 s), median of --runs cold loads;
 * 3. the public results query at province (41), p50 of sequential anonymous requests with the
 *    cache off (budget 100 ms); bench/public-results.ts measures every level.
 *
 *   npm run web:build && BENCH_DB=bench_scale [BENCH_PORT=4200] npx ts-node --transpile-only bench/worker-budgets.ts [--runs 5]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type CDPSession } from 'playwright-core';
import { chromiumPath } from '../test/support/browser';
import { argValue, machine, saveResult, table } from './lib';
import { timePublicResults } from './public-results';
import { ms, percentiles, ROOT, startServer } from './scale-lib';

const DIST = join(ROOT, 'web', 'dist');
const SLOW_3G = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };

/** The scripts worker.html loads before anything shows (its entry and the chunks it preloads), gzipped. */
export function workerJsGzipped(): { files: { file: string; gzip: number }[]; total: number } {
  const html = readFileSync(join(DIST, 'worker.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/g)].map((m) => m[1]);
  const files = refs.map((r) => ({ file: r, gzip: gzipSync(readFileSync(join(DIST, r.replace(/^\//, ''))), { level: 9 }).length }));
  return { files, total: files.reduce((a, f) => a + f.gzip, 0) };
}

interface LoadedRequest {
  url: string;
  type: string;
  /** Bytes received for it (headers and body as sent, i.e. compressed). */
  bytes: number;
  encoding: string;
  cacheControl: string;
  /** CDP monotonic seconds × 1000. */
  start: number;
  end: number;
  finished: boolean;
}

/** Every request of the page as CDP reports it: what it cost on the wire and how it was served. */
function recordRequests(cdp: CDPSession): Map<string, LoadedRequest> {
  const seen = new Map<string, LoadedRequest>();
  cdp.on('Network.requestWillBeSent', (e) =>
    seen.set(e.requestId, { url: e.request.url, type: e.type ?? '', bytes: 0, encoding: '', cacheControl: '', start: e.timestamp * 1000, end: 0, finished: false }),
  );
  cdp.on('Network.responseReceived', (e) => {
    const r = seen.get(e.requestId);
    if (!r) return;
    const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    r.encoding = h['content-encoding'] ?? '';
    r.cacheControl = h['cache-control'] ?? '';
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = seen.get(e.requestId);
    if (!r) return;
    r.bytes = e.encodedDataLength;
    r.end = e.timestamp * 1000;
    r.finished = true;
  });
  return seen;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const runs = Number(argValue(argv, '--runs') ?? 5);
  const js = workerJsGzipped();
  console.log(table(['file', 'gzip KB'], js.files.map((f) => [f.file, (f.gzip / 1024).toFixed(1)])));
  console.log(`worker JS at first load: ${(js.total / 1024).toFixed(1)} KB gzipped (budget 150 KB)`);

  const server = await startServer({ OVERDUE_SWEEP_SECONDS: '0', PUBLIC_CACHE_SECONDS: '0' });
  const browser = await chromium.launch({ executablePath: await chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
  try {
    const times: number[] = [];
    const running: number[] = [];
    let requests: LoadedRequest[] = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      const seen = recordRequests(cdp);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
      const t0 = performance.now();
      await page.goto(`http://127.0.0.1:${server.port}/worker`, { waitUntil: 'commit' });
      await page.getByRole('heading', { name: '请先准备好' }).waitFor({ timeout: 60_000 });
      await page.getByRole('link', { name: '第一次来：注册' }).waitFor({ timeout: 60_000 });
      times.push(performance.now() - t0);
      // The page's script has taken over once it has set the title (the frame does, on mount).
      await page.waitForFunction(() => (globalThis as any).document.title.includes(' · '), undefined, { timeout: 60_000 });
      running.push(performance.now() - t0);
      await page.waitForLoadState('networkidle');
      if (i === 0) requests = [...seen.values()].filter((r) => r.finished);
      await context.close();
    }
    console.log(`what the first cold load fetched (${requests.length} requests, ${(requests.reduce((a, r) => a + r.bytes, 0) / 1024).toFixed(1)} KB on the wire):`);
    console.log(
      table(
        ['request', 'type', 'KB on the wire', 'encoding', 'cache-control', 'start ms', 'end ms'],
        requests.map((r) => [r.url.replace(/^https?:\/\/[^/]+/, ''), r.type, (r.bytes / 1024).toFixed(1), r.encoding || '-', r.cacheControl || '-', ms(r.start - requests[0].start), ms(r.end - requests[0].start)]),
      ),
    );
    const load = percentiles(times);
    console.log(`first page usable on slow 3G (400 ms RTT, 400 kbit/s): median ${ms(load.p50)} ms, max ${ms(load.max)} ms over ${runs} cold loads (budget 3000 ms)`);
    const run = percentiles(running);
    console.log(`the page's script running (title set by React) on slow 3G: median ${ms(run.p50)} ms, max ${ms(run.max)} ms`);
    const results = percentiles(await timePublicResults(server.port, '41', 40, 5));
    console.log(`publicResults(unitCode: "41"), no cache: p50 ${ms(results.p50)} ms, p90 ${ms(results.p90)} ms (budget 100 ms)`);
    console.error(`saved ${saveResult('worker-budgets', { machine: machine(), jsGzip: js, slow3g: { runs: times, ...load, scriptRunning: { runs: running, ...run }, requests }, publicResultsProvince: results })}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
