/**
 * Sustained submitWageClaim on bench_scale (filled by generate-cases.ts), and myWageClaims:
 *
 *   npx ts-node --transpile-only bench/submit-claims.ts [--seconds 20] [--warmup 2] [--workers 32] [--profile]
 *
 * 1. registers 32 workers through registerWorker (valid ID numbers from makeIdCard, new phones
 *    139xxxxxxxx), then each submits claims with unique idempotency keys, workplace grid
 *    411329305212, in a closed loop for --seconds: claims/s, p50/p90/p99, and the CPU% of the
 *    server process, of its PostgreSQL backends, of this load generator and of the rest of the
 *    machine (from /proc, sampled at start and end: what `ps` shows as cumulative CPU);
 * 2. a fresh worker with exactly 50 claims: myWageClaims(first: 20) with 16 clients beside the raw
 *    SQL floor (the page of wage_claim by claimant_id, and its count);
 * 3. with --profile the server runs in-process in a child (createApp from src/bootstrap.ts) that
 *    counts every SQL round trip (node-postgres Client.query) and takes a V8 CPU profile for the
 *    measured window: statements per submit (by statement) and the top costs by package/function.
 *    Without --profile the server is `node -r ts-node/register/transpile-only src/main.ts`.
 * 4. with --statements [N] (default 300): the in-process server without the profiler, every
 *    backend reporting its CPU per protocol message (log_statement_stats); N submits by --workers
 *    clients (default 1 in this mode): PostgreSQL CPU per statement and per submit, server CPU per
 *    submit. CPU time is far less sensitive than throughput to what else runs on a shared machine.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { makeIdCard } from '../src/common/id-card';
import { StopReport, startInProcessServer, summarizeProfile } from './inproc-server';
import { MiB, RESULTS_DIR, argValue, loadAverage, machine, saveResult, table } from './lib';
import {
  CpuMeter,
  CpuReport,
  LoadResult,
  Pool,
  Server,
  benchDbUrl,
  cpuMsPerReq,
  gql,
  ms,
  pct,
  runLoad,
  sleep,
  startServer,
} from './scale-lib';

const SUBMIT = `mutation ($input: SubmitWageClaimInput!) { submitWageClaim(input: $input) { id number status } }`;
const REGISTER = `mutation ($input: RegisterWorkerInput!) { registerWorker(input: $input) { accessToken user { id } } }`;
const MY_CLAIMS = `{ myWageClaims(first: 20) { totalCount edges { node { id number status amountOwed submittedAt routedUnit { name } } } } }`;
const FLOOR_MY_PAGE = `SELECT * FROM wage_claim WHERE claimant_id = $1 ORDER BY submitted_at DESC, id DESC LIMIT 21`;
const FLOOR_MY_COUNT = `SELECT count(*) FROM wage_claim WHERE claimant_id = $1`;

interface Worker {
  token: string;
  id: string;
}

// ------------------------------------------------------------------ the bench

async function registerWorkers(port: number, n: number, run: number): Promise<Worker[]> {
  const out: Worker[] = [];
  for (let i = 0; out.length < n; i++) {
    const k = (run + i) % 100_000_000;
    const phone = `139${String(k).padStart(8, '0')}`;
    const region = i % 2 ? '411329' : '410102';
    const birth = `19${70 + (k % 30)}${String(1 + (k % 12)).padStart(2, '0')}${String(1 + (k % 28)).padStart(2, '0')}`;
    const idCard = makeIdCard(`${region}${birth}${String(k % 1000).padStart(3, '0')}`);
    try {
      const data = await gql(port, REGISTER, { input: { phone, password: 'Bench@2026', realName: `压测工人${i}`, idCardNumber: idCard } });
      out.push({ token: data.registerWorker.accessToken, id: data.registerWorker.user.id });
    } catch (err) {
      if (!/已注册|already registered/.test((err as Error).message)) throw err;
    }
  }
  return out;
}

function claimInput(run: string, worker: number, i: number) {
  return {
    employerName: `压测建筑劳务${(worker * 7 + i) % 200}有限公司`,
    workplaceUnitCode: '411329305212',
    amountOwed: `${3000 + ((i * 7919) % 40_000)}.00`,
    periodFrom: '2026-06-01',
    periodTo: '2026-10-31',
    workersAffected: 1 + (i % 5),
    description: '压测数据：工地包工头拖欠五个月工资，多次讨要未果。',
    idempotencyKey: `${run}-${worker}-${i}`,
  };
}

interface ProfileOut {
  file: string;
  submits: number;
  statements: number;
  counts: [string, number][];
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const seconds = Number(argValue(argv, '--seconds') ?? 20);
  const warmup = Number(argValue(argv, '--warmup') ?? 2);
  const statements = argv.includes('--statements');
  const nStatements = Number(argValue(argv, '--statements') ?? 300) || 300;
  const nWorkers = Number(argValue(argv, '--workers') ?? (statements ? 1 : 32));
  const profile = argv.includes('--profile') || statements;
  if (statements) process.env.BENCH_STATEMENT_STATS = '1';
  const run = Date.now().toString(36);
  const runNum = Math.floor(Math.random() * 90_000_000);
  console.error(`machine ${JSON.stringify(machine())}, load ${loadAverage()}; ${profile ? 'in-process server with profiling' : 'server: src/main.ts'}`);

  const inproc = profile ? await startInProcessServer() : undefined;
  // Registering 32 workers is 32 registerWorker calls from one address: past the login budget.
  const server: Server = inproc ?? (await startServer({ RATE_LIMIT_PUBLIC: '1000000', RATE_LIMIT_LOGIN: '1000000' }));
  const results: { label: string; load: LoadResult; cpu: CpuReport }[] = [];
  let prof: ProfileOut | undefined;
  let stmts: { submits: number; report: StopReport } | undefined;
  const pool = new Pool({ connectionString: benchDbUrl(), max: 16 });
  try {
    const t0 = performance.now();
    const workers = await registerWorkers(server.port, nWorkers, runNum);
    console.error(`registered ${workers.length} workers in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const first = await gql(server.port, SUBMIT, { input: claimInput(`${run}-check`, 0, 0) }, workers[0].token);
    console.error(`check: ${first.submitWageClaim.number} ${first.submitWageClaim.status}`);

    // 0. the floor of any authenticated request: { me { id } } (JWT check, session look-up, Apollo, Nest)
    if (!profile) {
      const m0 = new CpuMeter(server.pid);
      const base = await runLoad(
        '{ me { id } } baseline',
        { concurrency: workers.length, durationMs: 5000, warmupMs: 1000 },
        (c) => gql(server.port, `{ me { id } }`, {}, workers[c].token),
        () => m0.start(),
      );
      const c0 = await m0.finish();
      results.push({ label: base.label, load: base, cpu: c0 });
      console.error(`${base.label}: ${base.rps.toFixed(0)}/s, p50 ${ms(base.p50)} p99 ${ms(base.p99)} ms; cpu server ${pct(c0.serverPct)} pg ${pct(c0.pgPct)}; load ${c0.load}`);
    }

    // 1. sustained submits
    const meter = new CpuMeter(server.pid);
    const profFile = join(RESULTS_DIR, `submit-claims-${run}.cpuprofile`);
    const load = await runLoad(
      `submitWageClaim, ${workers.length} workers${statements ? `, ${nStatements} submits with statement stats` : ''}`,
      statements
        ? { concurrency: workers.length, durationMs: 600_000, warmupMs: warmup * 1000, maxRequests: nStatements }
        : { concurrency: workers.length, durationMs: seconds * 1000, warmupMs: warmup * 1000 },
      (c, i) => gql(server.port, SUBMIT, { input: claimInput(run, c, i) }, workers[c].token),
      async () => {
        if (inproc) await inproc.startProfile(!statements);
        await meter.start();
      },
    );
    const cpu = await meter.finish();
    if (inproc) {
      const r = await inproc.stopProfile(profFile);
      if (statements) stmts = { submits: load.ok + load.errors, report: r };
      else prof = { file: profFile, submits: load.ok + load.errors, statements: r.total, counts: r.counts };
    }
    results.push({ label: load.label, load, cpu });
    console.error(
      `${load.label}: ${load.ok} ok / ${load.errors} errors = ${load.rps.toFixed(0)}/s, p50 ${ms(load.p50)} p99 ${ms(load.p99)} ms; ` +
        `cpu server ${pct(cpu.serverPct)} pg ${pct(cpu.pgPct)} loadgen ${pct(cpu.loadGenPct)} other ${pct(cpu.otherPct)} (machine ${pct(cpu.machinePct)} of 200%); ` +
        `rss ${MiB(cpu.serverRssPeak)}; load ${cpu.load}${load.firstError ? `; first error: ${load.firstError}` : ''}`,
    );

    // 2. myWageClaims of a worker with exactly 50 claims
    if (!profile) {
      await sleep(2000);
      const [w] = await registerWorkers(server.port, 1, runNum + 1000);
      for (let i = 0; i < 50; i++) await gql(server.port, SUBMIT, { input: claimInput(`${run}-50`, 0, i) }, w.token);
      const check = await gql(server.port, MY_CLAIMS, {}, w.token);
      if (check.myWageClaims.totalCount !== 50) throw new Error(`expected 50 claims, got ${check.myWageClaims.totalCount}`);
      const opts = { concurrency: 16, durationMs: 10_000, warmupMs: 1000 };
      for (const [label, fn] of [
        ['myWageClaims(first: 20) with totalCount, 50 claims', () => gql(server.port, MY_CLAIMS, {}, w.token)],
        ['SQL floor: page (LIMIT 21)', () => pool.query(FLOOR_MY_PAGE, [w.id])],
        ['SQL floor: count', () => pool.query(FLOOR_MY_COUNT, [w.id])],
      ] as const) {
        const m = new CpuMeter(label.startsWith('SQL') ? 'self' : server.pid);
        const r = await runLoad(label, opts, fn, () => m.start());
        const c = await m.finish();
        results.push({ label, load: r, cpu: c });
        console.error(`${label}: ${r.rps.toFixed(0)}/s, p50 ${ms(r.p50)} p99 ${ms(r.p99)} ms; load ${c.load}${r.firstError ? `; first error: ${r.firstError}` : ''}`);
      }
    }
  } finally {
    console.error(`server stopped (exit ${await server.stop()})`);
    await pool.end();
  }

  console.log(
    table(
      ['what', 'clients', 'seconds', 'ok', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'errors', 'CPU% server / pg / loadgen / other (of 200%)', 'CPU ms per req: server / pg', 'server VmRSS peak', 'load 1m'],
      results.map((r) => [
        r.label,
        r.load.concurrency,
        r.load.seconds.toFixed(1),
        r.load.ok,
        r.load.rps.toFixed(0),
        ms(r.load.p50),
        ms(r.load.p90),
        ms(r.load.p99),
        ms(r.load.max),
        r.load.errors,
        `${r.label.startsWith('SQL') ? '-' : pct(r.cpu.serverPct)} / ${pct(r.cpu.pgPct)} / ${pct(r.cpu.loadGenPct)} / ${pct(r.cpu.otherPct)}`,
        `${r.label.startsWith('SQL') ? '-' : cpuMsPerReq(r.cpu.serverPct, r.load.rps)} / ${cpuMsPerReq(r.cpu.pgPct, r.load.rps)}`,
        r.label.startsWith('SQL') ? '' : MiB(r.cpu.serverRssPeak),
        r.cpu.load.split(' ')[0],
      ]),
    ),
  );
  if (stmts) {
    const { submits, report } = stmts;
    const pgUs = report.pgCpu.reduce((a, [, e]) => a + e.us, 0);
    console.log(
      `\n${submits} submits: ${(report.total / submits).toFixed(1)} SQL round trips each; PostgreSQL CPU ${(pgUs / submits / 1000).toFixed(2)} ms per submit ` +
        `(sum over statements, log_statement_stats); server CPU ${(report.serverCpuUs / submits / 1000).toFixed(2)} ms per submit (in-process, process.cpuUsage)`,
    );
    console.log(
      table(
        ['statement (first 160 chars)', 'per submit', 'µs PG CPU each', 'µs PG CPU per submit', 'share'],
        report.pgCpu.map(([sql, e]) => [sql, (e.n / submits).toFixed(2), e.n ? (e.us / e.n).toFixed(0) : '-', (e.us / submits).toFixed(0), `${((e.us / pgUs) * 100).toFixed(1)}%`]),
      ),
    );
  }
  if (prof) {
    console.log(`\nSQL round trips per submit: ${(prof.statements / prof.submits).toFixed(1)} (${prof.statements} for ${prof.submits} submits)`);
    console.log(table(['statement (first 110 chars)', 'per submit'], prof.counts.slice(0, 25).map(([sql, n]) => [sql, (n / prof!.submits).toFixed(2)])));
    console.log(`\nCPU profile of the server for the window: ${prof.file}`);
    console.log(summarizeProfile(prof.file));
  }
  console.error(
    `saved ${saveResult(statements ? 'submit-claims-statements' : profile ? 'submit-claims-profile' : 'submit-claims', { at: new Date().toISOString(), machine: machine(), results, prof, stmts })}`,
  );
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
