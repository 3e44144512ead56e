/**
 * The smallest reads against a production server on bench_scale (a child process): what each
 * request costs when there is almost nothing to fetch, i.e. the server's own constant.
 *
 *   me          `{ me { id } }` as lead.fanji: the session from memory, no SQL at all
 *   unit        `{ unit(code: "411329305") { code name level } }` anonymous: the unit from memory
 *   page        the flat case page (page-ratio's query) as lead.fanji, for comparison
 *
 * 16 closed-loop keep-alive clients in this process. Prints req/s, p50/p99, CPU ms per request of
 * the server and of its PostgreSQL backends, and the server's peak RSS.
 *
 *   npx ts-node --transpile-only bench/hot-reads.ts [--seconds 10] [--warmup 2] [--concurrency 16] [--only me,unit,page]
 */
import { MiB, argValue, loadAverage, machine, saveResult, table } from './lib';
import { CpuMeter, CpuReport, LoadResult, benchDbUrl, cpuMsPerReq, gql, login, ms, pct, runLoad, startServer } from './scale-lib';

const PAGE = `{ cases(first: 20) { edges { node { id number title status amountOwed workersAffected openedAt handlingDueAt overdue } } } }`;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const seconds = Number(argValue(argv, '--seconds') ?? 10);
  const warmup = Number(argValue(argv, '--warmup') ?? 2);
  const concurrency = Number(argValue(argv, '--concurrency') ?? 16);
  const only = argValue(argv, '--only')?.split(',');
  const opts = { concurrency, durationMs: seconds * 1000, warmupMs: warmup * 1000 };
  console.error(`machine ${JSON.stringify(machine())}, load ${loadAverage()} (${benchDbUrl()})`);
  // Benchmarks drive one client far above a person's rate: no rate limits here.
  const server = await startServer({ RATE_LIMIT_PUBLIC: '100000000', OVERDUE_SWEEP_SECONDS: '0', SEED_DEMO: 'false', RUN_MIGRATIONS: 'false' });
  const rows: { label: string; load: LoadResult; cpu: CpuReport }[] = [];
  try {
    const token = await login(server.port, 'lead.fanji');
    const scenarios = [
      { name: 'me', label: '{ me { id } } (lead.fanji)', fn: () => gql(server.port, `{ me { id } }`, {}, token) },
      { name: 'unit', label: 'unit(code) anonymous', fn: () => gql(server.port, `{ unit(code: "411329305") { code name level } }`) },
      { name: 'page', label: 'flat case page (lead.fanji)', fn: () => gql(server.port, PAGE, {}, token) },
    ].filter((s) => !only || only.includes(s.name));
    for (const s of scenarios) {
      const meter = new CpuMeter(server.pid);
      const load = await runLoad(s.label, opts, s.fn, () => meter.start());
      const cpu = await meter.finish();
      rows.push({ label: s.label, load, cpu });
      console.error(`${s.label}: ${load.rps.toFixed(0)}/s, p50 ${ms(load.p50)} ms, ${load.errors} errors${load.firstError ? ` (${load.firstError})` : ''}; load ${cpu.load}`);
    }
  } finally {
    console.error(`server stopped (exit ${await server.stop()})`);
  }
  console.log(
    table(
      ['read', 'clients', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'CPU% server / pg / loadgen / other', 'CPU ms per req: server / pg', 'server VmRSS peak', 'load 1m'],
      rows.map((r) => [
        r.label,
        r.load.concurrency,
        r.load.rps.toFixed(0),
        ms(r.load.p50),
        ms(r.load.p99),
        r.load.errors,
        `${pct(r.cpu.serverPct)} / ${pct(r.cpu.pgPct)} / ${pct(r.cpu.loadGenPct)} / ${pct(r.cpu.otherPct)}`,
        `${cpuMsPerReq(r.cpu.serverPct, r.load.rps)} / ${cpuMsPerReq(r.cpu.pgPct, r.load.rps)}`,
        MiB(r.cpu.serverRssPeak),
        r.cpu.load.split(' ')[0],
      ]),
    ),
  );
  console.error(`saved ${saveResult('hot-reads', { at: new Date().toISOString(), machine: machine(), opts, rows })}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
