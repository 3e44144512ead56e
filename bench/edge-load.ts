/**
 * A small query while the heaviest queries the cost limit allows run at once (issue 8): the p50
 * of `{ unit(code: "41") { name } }` alone, then with 8 clients looping on heavy queries (signed
 * in: a 100-case page with events and claims, province statistics; anonymous: units at the
 * anonymous budget). Also checks that the nested national tree is refused.
 *
 *   npm run bench:edge [-- --seconds 20]
 *
 * The server is src/main.ts (NODE_ENV=production, rate limits off) on EDGE_BENCH_DATABASE_URL
 * (default: the labor_edge database the suite seeds, whose PII key is the suite's; another
 * database: EDGE_BENCH_PII_KEY); results go to bench/results/edge-load.json.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { argValue, loadAverage, RESULTS_DIR } from './lib';
import { TEST_ENV } from '../test/support/env';
import { gql, GraphQLError, login, ms, runLoad, startServer } from './scale-lib';

const SMALL = `{ unit(code: "41") { name } }`;
const HEAVY_SIGNED_IN = [
  // cost 1 + 10 + 95 × (1 + 1 + 1 + 100 + 100) = 19296: just under the signed-in budget of 20000
  `{ cases(first: 95) { totalCount edges { node { number title status amountOwed employer { name } events { type at note } claims { number amountOwed } } } } }`,
  `{ childUnitStats(unitCode: "41") { unit { code name } casesOpen casesClosed amountOwed amountRecovered workersAffected } }`,
  `{ unitStats(unitCode: "41") { casesOpen casesClosed casesOverdue amountOwed amountRecovered workersAffected } }`,
];
// cost 2 × 400 + 200 = 1000: exactly the anonymous budget
const HEAVY_ANONYMOUS = `{ a: units(parentCode: "4113") { code name level parent { code } } b: units(parentCode: "411329") { code name level parent { code } } c: units(parentCode: "41") { code name } }`;
const NATIONAL_TREE = `{ units { code children { code children { code } } } }`;

async function main(): Promise<void> {
  const seconds = Number(argValue(process.argv, '--seconds') ?? 20);
  const url = process.env.EDGE_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/labor_edge';
  // The suite's database holds personal data encrypted with the suite's key.
  const pii = process.env.EDGE_BENCH_PII_KEY ?? TEST_ENV.PII_KEY;
  const server = await startServer({ DATABASE_URL: url, PII_KEY: pii, SEED_DEMO: 'false', RATE_LIMIT_PUBLIC: '1000000', RATE_LIMIT_LOGIN: '1000000', OVERDUE_SWEEP_SECONDS: '0' });
  try {
    const port = server.port;
    const token = await login(port, 'sup.henan');
    for (const q of HEAVY_SIGNED_IN) await gql(port, q, {}, token);
    await gql(port, HEAVY_ANONYMOUS);
    let refused = '';
    try {
      await gql(port, NATIONAL_TREE);
    } catch (e) {
      refused = e instanceof GraphQLError ? e.message : String(e);
    }
    const alone = await runLoad('small query alone', { concurrency: 1, durationMs: seconds * 500, warmupMs: 1000 }, () => gql(port, SMALL));
    let heavyDone = 0;
    let stop = false;
    const heavy = Array.from({ length: 8 }, async (_, i) => {
      for (let n = 0; !stop; n++) {
        const anonymous = i % 4 === 3;
        await gql(port, anonymous ? HEAVY_ANONYMOUS : HEAVY_SIGNED_IN[(i + n) % HEAVY_SIGNED_IN.length], {}, anonymous ? undefined : token);
        heavyDone++;
      }
    });
    const load0 = loadAverage();
    const loaded = await runLoad('small query, 8 heavy clients', { concurrency: 1, durationMs: seconds * 1000, warmupMs: 2000 }, () => gql(port, SMALL));
    stop = true;
    await Promise.all(heavy);
    const result = {
      at: new Date().toISOString(),
      database: url.replace(/\/\/[^@]*@/, '//'),
      load: load0,
      nationalTreeRefused: refused,
      alone,
      loaded,
      heavyPerSecond: heavyDone / (seconds + 2),
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, 'edge-load.json'), JSON.stringify(result, null, 2));
    console.log(`national tree, anonymous: ${refused || 'ANSWERED (the cost limit did not hold)'}`);
    console.log(`small query alone:           p50 ${ms(alone.p50)}  p90 ${ms(alone.p90)}  p99 ${ms(alone.p99)}  (${alone.ok} requests)`);
    console.log(`small query, 8 heavy at once: p50 ${ms(loaded.p50)}  p90 ${ms(loaded.p90)}  p99 ${ms(loaded.p99)}  (${loaded.ok} requests, ${loaded.errors} errors)`);
    console.log(`heavy queries completed: ${result.heavyPerSecond.toFixed(1)}/s; load average at start ${load0}`);
  } finally {
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
