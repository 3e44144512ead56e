/**
 * What one streaming replica buys for supervision reads (issue 13, "Read replicas"): a private
 * PostgreSQL 15 primary (never the shared server) filled by generate-cases.ts with --cases cases,
 * its hot standby made by pg_basebackup -R -X stream, and a production server on them, run three
 * times under the same closed-loop load:
 *
 *   primary          without DATABASE_REPLICA_URLS: every read on the primary (as before)
 *   replica          with DATABASE_REPLICA_URLS: supervision reads on the standby
 *   ... + redis      the same two with REDIS_URL (default the shared 127.0.0.1:6379): with
 *                    replicas, every supervision read asks Redis for the caller's mark
 *
 * Each run: 16 clients of one query as sup.nanyang (city): the case list, then childUnitStats of
 * the city. Prints req/s, p50/p90, and CPU% (100 = one core) of the server, of the primary's
 * processes and of the standby's, and each per request. All on one machine: the replica takes
 * the reads off the primary, it adds no CPU.
 *
 *   npx ts-node --transpile-only bench/replica-reads.ts [--cases 100000] [--seconds 10] [--warmup 3] [--concurrency 16] [--redis redis://127.0.0.1:6379]
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PrivatePostgres } from '../test/support/private-postgres';
import { argValue, loadAverage, machine, procCpuSeconds, saveResult, table } from './lib';
import { BENCH_SECRETS, ROOT, gql, login, ms, pct, runLoad, startServer } from './scale-lib';

const QUERIES = [
  { label: 'cases(first: 20), city', query: `{ cases(first: 20) { edges { node { id number title status openedAt } } } }` },
  { label: 'childUnitStats("4113")', query: `{ childUnitStats(unitCode: "4113") { casesOpen casesOverdue casesClosed claimsPending amountOwed } }` },
];

/** CPU seconds of a cluster: its postmaster and every process it started (backends, WAL sender or startup, checkpointer...). */
function clusterCpu(pg: PrivatePostgres): number {
  const postmaster = Number(readFileSync(join(pg.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  let sum = procCpuSeconds(postmaster) ?? 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmaster) sum += procCpuSeconds(Number(name)) ?? 0;
    } catch {
      /* gone */
    }
  }
  return sum;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const cases = Number(argValue(argv, '--cases') ?? 100_000);
  const seconds = Number(argValue(argv, '--seconds') ?? 10);
  const warmup = Number(argValue(argv, '--warmup') ?? 3);
  const concurrency = Number(argValue(argv, '--concurrency') ?? 16);
  const redis = argValue(argv, '--redis') ?? 'redis://127.0.0.1:6379';
  console.error(`machine ${JSON.stringify(machine())}, load ${loadAverage()}`);

  const primary = await PrivatePostgres.create();
  let standby: PrivatePostgres | null = null;
  try {
    const t0 = Date.now();
    const env = { ...process.env, BENCH_PG_ADMIN_URL: `postgres://postgres@127.0.0.1:${primary.port}/postgres`, BENCH_DB: 'labor' };
    const gen = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'bench/generate-cases.ts', '--cases', String(cases), '--employers', String(Math.ceil(cases / 40))], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
    if (gen.status !== 0) throw new Error(`generate-cases.ts exited with ${gen.status}`);
    console.error(`${cases} cases generated on the private primary in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    const t1 = Date.now();
    standby = await primary.standby();
    console.error(`standby made in ${((Date.now() - t1) / 1000).toFixed(1)} s (database ${await primary.psql('labor', `SELECT pg_size_pretty(pg_database_size('labor'))`)})`);

    const modes = [
      { mode: 'primary', env: {} },
      { mode: 'replica', env: { DATABASE_REPLICA_URLS: standby.url } },
      { mode: 'primary + redis', env: { REDIS_URL: redis } },
      { mode: 'replica + redis', env: { DATABASE_REPLICA_URLS: standby.url, REDIS_URL: redis } },
    ];
    const rows: (string | number)[][] = [];
    const results: unknown[] = [];
    for (const { mode, env: extra } of modes) {
      const server = await startServer({ DATABASE_URL: primary.url, OVERDUE_SWEEP_SECONDS: '0', ...BENCH_SECRETS, ...extra });
      try {
        const token = await login(server.port, 'sup.nanyang');
        for (const q of QUERIES) {
          let cpu0 = { server: 0, primary: 0, standby: 0 };
          const t = performance.now();
          const r = await runLoad(`${mode}: ${q.label}`, { concurrency, durationMs: seconds * 1000, warmupMs: warmup * 1000 }, () => gql(server.port, q.query, {}, token), () => {
            cpu0 = { server: procCpuSeconds(server.pid) ?? 0, primary: clusterCpu(primary), standby: clusterCpu(standby!) };
          });
          const elapsed = r.seconds;
          const use = {
            server: (100 * ((procCpuSeconds(server.pid) ?? 0) - cpu0.server)) / elapsed,
            primary: (100 * (clusterCpu(primary) - cpu0.primary)) / elapsed,
            standby: (100 * (clusterCpu(standby) - cpu0.standby)) / elapsed,
          };
          const perReq = (p: number) => (r.rps > 0 ? ((p * 10) / r.rps).toFixed(2) : '-');
          rows.push([mode, q.label, r.rps.toFixed(0), ms(r.p50), ms(r.p90), r.errors, pct(use.server), pct(use.primary), pct(use.standby), perReq(use.server), perReq(use.primary), perReq(use.standby)]);
          results.push({ mode, query: q.label, ...r, cpu: use, wallSeconds: (performance.now() - t) / 1000 });
          console.error(`${mode}: ${q.label}: ${r.rps.toFixed(0)} req/s, p50 ${ms(r.p50)} ms, errors ${r.errors}${r.firstError ? ` (${r.firstError})` : ''}; load ${loadAverage()}`);
        }
      } finally {
        await server.stop();
      }
    }
    console.log(`\n${cases} cases, ${concurrency} clients, ${seconds} s each after ${warmup} s warm-up, load ${loadAverage()}\n`);
    console.log(
      table(
        ['mode', 'query', 'req/s', 'p50 ms', 'p90 ms', 'errors', 'server CPU', 'primary CPU', 'standby CPU', 'server ms/req', 'primary ms/req', 'standby ms/req'],
        rows,
      ),
    );
    console.error(`saved ${saveResult('replica-reads', { machine: machine(), cases, concurrency, seconds, results })}`);
  } finally {
    await standby?.remove();
    await primary.remove();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
