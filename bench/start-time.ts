/**
 * Server start-time bench, per engine: (a) the first start on an empty database (migrations, the
 * national tree, the demo data set) and (b) a restart on the same database. The server runs as
 * a child process exactly as a developer starts it (`node -r ts-node/register/transpile-only
 * src/main.ts`); the time is from spawn until `GET /health` answers 200, polled every 25 ms.
 * Also reports the server's own "ready in" figure, its VmRSS / VmHWM once ready, and how long
 * SIGTERM takes to stop it.
 *
 *   npx ts-node --transpile-only bench/start-time.ts [--engine pglite|postgres|both] [--runs N] [--compiled]
 *
 * --compiled first compiles the server with tsc (tsconfig.build.json) into bench/results/dist and
 * starts `node bench/results/dist/src/main.js` instead, to show what ts-node costs.
 *
 * Each run uses a fresh database: a new temporary DATA_DIR, or a new PostgreSQL database
 * bench_start_* (dropped afterwards). The first start sets SEED_DEMO=true so that PostgreSQL does
 * the same work as an empty embedded database (which seeds the demo data by default); the
 * restart leaves SEED_DEMO unset, as a developer would.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  Engine,
  MiB,
  argValue,
  createPgDatabase,
  dropPgDatabase,
  freePort,
  loadAverage,
  machine,
  parseEngines,
  pgBackendCpu,
  procCpuSeconds,
  procMemory,
  saveResult,
  table,
  tempDataDir,
} from './lib';

const ROOT = join(__dirname, '..');
const COMPILED_DIR = join(__dirname, 'results', 'dist');
let serverArgs = ['-r', 'ts-node/register/transpile-only', 'src/main.ts'];
const START_TIMEOUT_MS = 5 * 60_000;
const STOP_TIMEOUT_MS = 30_000;

interface StartResult {
  engine: Engine;
  run: number;
  kind: 'first start' | 'restart';
  /** spawn -> GET /health 200 */
  healthMs: number;
  /** The server's own "ready in N ms" (after config, before listen is logged). */
  readyMs?: number;
  /** "loaded N units ... in N ms" from the initializer, when the tree was loaded. */
  treeMs?: number;
  /** CPU seconds of the server process until ready (user + system). */
  cpuNode: number;
  /** CPU seconds of its PostgreSQL backends until ready (postgres only; backends still connected). */
  cpuServer?: number;
  rss: number;
  hwm: number;
  /** SIGTERM -> exit */
  stopMs: number;
  /** How it ended after SIGTERM: 'exit 0', or 'SIGTERM' when Nest re-raises the signal after closing. */
  exit: string;
  load: string;
}

async function startOnce(
  engine: Engine,
  run: number,
  kind: StartResult['kind'],
  env: NodeJS.ProcessEnv,
  pgName?: string,
): Promise<StartResult> {
  const port = await freePort();
  const load = loadAverage();
  const t0 = performance.now();
  const child = spawn(process.execPath, serverArgs, {
    cwd: ROOT,
    env: { ...cleanEnv(), ...env, PORT: String(port), NODE_ENV: 'development', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)));
  try {
    await waitForHealth(child, port, t0);
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`${engine} ${kind}: ${(err as Error).message}\n${log}`);
  }
  const healthMs = performance.now() - t0;
  const mem = procMemory(child.pid!);
  const cpuNode = procCpuSeconds(child.pid!) ?? NaN;
  const cpuServer = pgName ? [...(await pgBackendCpu(pgName)).values()].reduce((a, b) => a + b, 0) : undefined;
  const s0 = performance.now();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  const exit = await exited;
  clearTimeout(timer);
  const stopMs = performance.now() - s0;
  const ready = /ready in (\d+) ms/.exec(log);
  const tree = /loaded \d+ units \(province to township\) in (\d+) ms/.exec(log);
  const r: StartResult = {
    engine,
    run,
    kind,
    healthMs,
    readyMs: ready ? Number(ready[1]) : undefined,
    treeMs: tree ? Number(tree[1]) : undefined,
    cpuNode,
    cpuServer,
    rss: mem.rss,
    hwm: mem.hwm,
    stopMs,
    exit,
    load,
  };
  console.error(
    `[${engine} #${run} ${kind}] /health after ${Math.round(healthMs)} ms (server: ready in ${r.readyMs ?? '?'} ms` +
      `${r.treeMs !== undefined ? `, tree ${r.treeMs} ms` : ''}), cpu ${cpuNode.toFixed(1)} s` +
      `${cpuServer !== undefined ? ` + server ${cpuServer.toFixed(1)} s` : ''}, VmRSS ${MiB(r.rss)}, VmHWM ${MiB(r.hwm)}, ` +
      `stop ${Math.round(stopMs)} ms (${exit}), load ${load}`,
  );
  return r;
}

async function waitForHealth(child: ChildProcess, port: number, t0: number): Promise<void> {
  while (performance.now() - t0 < START_TIMEOUT_MS) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering /health`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no 200 from /health within ${START_TIMEOUT_MS} ms`);
}

/** The environment without any database / secret settings of the caller's own. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['DATABASE_URL', 'DATA_DIR', 'SEED_DEMO', 'RUN_MIGRATIONS', 'REDIS_URL', 'JWT_SECRET', 'PII_KEY', 'PORT']) delete env[k];
  return env;
}

async function runEngine(engine: Engine, run: number): Promise<StartResult[]> {
  const env: NodeJS.ProcessEnv = { JWT_SECRET: randomBytes(48).toString('base64url'), PII_KEY: randomBytes(32).toString('hex') };
  let dataDir: string | undefined;
  let pgName: string | undefined;
  if (engine === 'pglite') env.DATA_DIR = dataDir = tempDataDir('start');
  else {
    const db = await createPgDatabase('start');
    pgName = db.name;
    env.DATABASE_URL = db.url;
  }
  try {
    const first = await startOnce(engine, run, 'first start', { ...env, SEED_DEMO: 'true' }, pgName);
    const restart = await startOnce(engine, run, 'restart', env, pgName);
    return [first, restart];
  } finally {
    if (pgName) await dropPgDatabase(pgName);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const engines = parseEngines(argv);
  const runs = Number(argValue(argv, '--runs') ?? 3);
  if (argv.includes('--compiled')) {
    rmSync(COMPILED_DIR, { recursive: true, force: true });
    try {
      execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', COMPILED_DIR, '--sourceMap', 'false'], {
        cwd: ROOT,
        stdio: 'inherit',
      });
    } catch {
      // Type errors in a tree being edited still emit JavaScript; only a missing main.js is fatal.
      if (!existsSync(join(COMPILED_DIR, 'src', 'main.js'))) throw new Error('tsc produced no src/main.js');
      console.error('tsc reported errors (above); starting the JavaScript it emitted anyway');
    }
    serverArgs = [join(COMPILED_DIR, 'src', 'main.js')];
  }
  console.error(`machine: ${JSON.stringify(machine())}, server: node ${serverArgs.join(' ')}, load ${loadAverage()}`);
  const results: StartResult[] = [];
  // Interleaved (pglite, postgres, pglite, ...) so that a change of load hits both engines alike.
  for (let run = 1; run <= runs; run++) for (const engine of engines) results.push(...(await runEngine(engine, run)));
  const rows: (string | number)[][] = [];
  for (const engine of engines) {
    for (const kind of ['first start', 'restart'] as const) {
      const rs = results.filter((r) => r.engine === engine && r.kind === kind);
      const ms = (f: (r: StartResult) => number | undefined) => {
        const xs = rs.map(f).filter((x): x is number => x !== undefined);
        return xs.length ? `${(median(xs) / 1000).toFixed(2)}` : '';
      };
      rows.push([
        engine,
        kind,
        rs.length,
        ms((r) => r.healthMs),
        rs.map((r) => (r.healthMs / 1000).toFixed(2)).join(' / '),
        ms((r) => r.readyMs),
        ms((r) => r.treeMs),
        (median(rs.map((r) => r.cpuNode)) || 0).toFixed(1) +
          (rs[0]?.cpuServer !== undefined ? ` + ${median(rs.map((r) => r.cpuServer ?? 0)).toFixed(1)}` : ''),
        MiB(median(rs.map((r) => r.rss))),
        MiB(median(rs.map((r) => r.hwm))),
        ms((r) => r.stopMs),
        rs.map((r) => r.load.split(' ')[0]).join(' / '),
      ]);
    }
  }
  console.log(
    table(
      ['engine', 'start', 'runs', 'to /health s (median)', 'each run s', 'server "ready in" s', 'tree s', 'cpu s (node + server)', 'VmRSS', 'VmHWM', 'SIGTERM->exit s', 'load 1m'],
      rows,
    ),
  );
  if (argv.includes('--compiled')) rmSync(COMPILED_DIR, { recursive: true, force: true });
  console.error(`saved ${saveResult('start-time', { at: new Date().toISOString(), machine: machine(), server: serverArgs, runs, results })}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
