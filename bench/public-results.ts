/**
 * 四公开 · 结果 at scale (the bench database filled by generate-cases.ts, and generate-claims.ts if
 * run): p50 / p90 / max of
 *
 *   { publicResults(unitCode: X) { total { …every figure } children { unit { code name } …every figure } } }
 *
 * for the country, a province (41), a city (4113) and a county (411329), sequential requests from
 * one anonymous client against a production server started as a child process, first with the
 * cache off (PUBLIC_CACHE_SECONDS=0: every request reads the database) and then with the default
 * 60 s cache. Prints EXPLAIN (ANALYZE, BUFFERS) of the province's statement (the yearly sums of
 * public_result_year).
 *
 *   BENCH_DB=bench_scale npx ts-node --transpile-only bench/public-results.ts [--requests 50] [--warmup 5] [--units ,41,4113,411329]
 */
import { argValue, loadAverage, machine, saveResult, table } from './lib';
import { benchClient, BENCH_DB, gql, ms, percentiles, startServer } from './scale-lib';

const FIGURES = `published casesClosed amountRecovered workersPaid closedWithinLimitShare averageWorkingDaysToClose claimsAnswered claimsAnsweredInTimeShare`;
export const PUBLIC_RESULTS = `query($u: String) { publicResults(unitCode: $u) { year asOf total { ${FIGURES} } children { unit { code name } ${FIGURES} } } }`;

/** Sequential timings (ms) of publicResults for one unit on a running server. */
export async function timePublicResults(port: number, unit: string | null, requests: number, warmup: number): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await gql(port, PUBLIC_RESULTS, { u: unit });
  const times: number[] = [];
  for (let i = 0; i < requests; i++) {
    const t0 = performance.now();
    await gql(port, PUBLIC_RESULTS, { u: unit });
    times.push(performance.now() - t0);
  }
  return times;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const requests = Number(argValue(argv, '--requests') ?? 50);
  const warmup = Number(argValue(argv, '--warmup') ?? 5);
  const units = (argValue(argv, '--units') ?? ',41,4113,411329').split(',').map((u) => u || null);
  const db = await benchClient();
  const [{ cases, closed }] = (await db.query(`SELECT count(*)::int AS cases, count(*) FILTER (WHERE status = 'CLOSED')::int AS closed FROM case_file`)).rows;
  const [{ claims }] = (await db.query(`SELECT count(*)::int AS claims FROM wage_claim`)).rows;
  console.error(`${BENCH_DB}: ${cases} cases (${closed} closed), ${claims} claims; machine ${JSON.stringify(machine())}, load ${loadAverage()}`);

  const rows: (string | number)[][] = [];
  const out: Record<string, unknown>[] = [];
  for (const [label, env] of [['no cache', { PUBLIC_CACHE_SECONDS: '0' }], ['60 s cache', {}]] as const) {
    const server = await startServer({ ...env, OVERDUE_SWEEP_SECONDS: '0' });
    try {
      for (const unit of units) {
        const times = await timePublicResults(server.port, unit, requests, warmup);
        const p = percentiles(times);
        const { publicResults } = await gql(server.port, PUBLIC_RESULTS, { u: unit });
        rows.push([label, unit ?? 'country', publicResults.total.casesClosed ?? '-', publicResults.children.length, ms(p.p50), ms(p.p90), ms(p.max)]);
        out.push({ label, unit, p50: p.p50, p90: p.p90, max: p.max, casesClosed: publicResults.total.casesClosed });
        console.error(`${label} ${unit ?? 'country'}: p50 ${ms(p.p50)} ms (load ${loadAverage()})`);
      }
    } finally {
      await server.stop();
    }
  }
  console.log(table(['cache', 'unit', 'closed this year', 'children', 'p50 ms', 'p90 ms', 'max ms'], rows));

  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
  const sql = `SELECT city_code, sum(cases_closed), sum(amount_recovered), sum(workers_paid), sum(closed_on_time), sum(days_to_close_sum),
                      sum(days_to_close_count), sum(claims_answered), sum(claims_answered_in_time)
               FROM public_result_year WHERE year = $1 AND province_code = '41' GROUP BY 1`;
  const plan = (await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, [year])).rows.map((r: any) => r['QUERY PLAN']).join('\n');
  console.log(`\n${plan}`);
  await db.end();
  console.error(`saved ${saveResult('public-results', { machine: machine(), db: BENCH_DB, cases, closed, claims, results: out })}`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
