/**
 * WORKERS=1 against WORKERS=2 on the case page, over bench_scale (2M cases): starts the built
 * server (`node dist/src/main.js`, production, a private redis-server for both), logs in one demo
 * account per level, and drives the same load with page-ratio's driver
 * (`../shared/tools/page-ratio/load.mjs`: closed-loop keep-alive clients, every answer's row count
 * checked), variant after variant, ROUNDS times. Prints per variant and level the median req/s,
 * p50 and p95, the CPU per request of the server (primary and workers), of its PostgreSQL
 * backends and of the driver, the machine's busy share and the server's peak RSS (all processes).
 *
 *   npm run build && npm run bench:workers
 *   C=16 D=15 ROUNDS=2 KINDS="township province link" VARIANTS="1 2" QUERY='{ ... }' npm run bench:workers
 *
 * VARIANTS: worker counts; `1-nocache` is one process with SESSION_CACHE_SIZE=0 (a query per request
 * for the caller's session, as before the session cache). KINDS may include `me`: `{ me { id } }` as
 * lead.fanji, driven by this script's own closed loop (load.mjs checks a list of rows).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, loadAverage, procCpuSeconds, procMemory, saveResult, table } from './lib';
import { BENCH_DB, BENCH_SECRETS, benchDbUrl, Client, gql, login, ROOT, sleep } from './scale-lib';

const C = Number(process.env.C ?? 16);
const D = Number(process.env.D ?? 15);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const KINDS = (process.env.KINDS ?? 'township county city province link').split(/\s+/).filter(Boolean);
const VARIANTS = (process.env.VARIANTS ?? '1 2').split(/\s+/).filter(Boolean);
const QUERY = process.env.QUERY ?? '{ cases(first: 20) { edges { node { id number title status amountOwed workersAffected openedAt handlingDueAt overdue } } } }';
const LOAD = join(process.env.PAGE_RATIO ?? join(ROOT, '..', 'shared', 'tools', 'page-ratio'), 'load.mjs');
const APP_NAME = 'bench-workers';

const USERS: Record<string, [string, string]> = {
  township: ['lead.fanji', '411329305'],
  county: ['sup.xinye', '411329'],
  city: ['sup.nanyang', '4113'],
  province: ['sup.henan', '41'],
  link: ['insp.zhongyuan', '410102'],
  me: ['lead.fanji', '411329305'],
};

interface Row {
  round: number;
  variant: string;
  kind: string;
  rps: number;
  p50: number;
  p95: number;
  errors: number;
  firstError: string | null;
  serverMsPerReq: number;
  pgMsPerReq: number;
  driverMsPerReq: number;
  machineBusyPct: number;
  rssPeakMiB: number;
  load: string;
}

/** The server processes: the primary and, with WORKERS > 1, its workers (Linux lists a process's children). */
function serverPids(primary: number): number[] {
  try {
    const children = readFileSync(`/proc/${primary}/task/${primary}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return [primary, ...children.filter((pid) => existsSync(`/proc/${pid}/cmdline`) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('main.js'))];
  } catch {
    return [primary];
  }
}
const cpuOf = (pids: number[]) => new Map(pids.map((p) => [p, procCpuSeconds(p) ?? 0]));
const spent = (before: Map<number, number>, after: Map<number, number>) => [...after].reduce((s, [pid, cpu]) => s + cpu - (before.get(pid) ?? 0), 0);

/** CPU seconds of this bench's PostgreSQL backends (application_name), by pid: others read bench_scale too. */
async function pgCpu(): Promise<Map<number, number>> {
  const c = new Client({ connectionString: benchDbUrl() });
  await c.connect();
  try {
    const { rows } = await c.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = $2`, [BENCH_DB, APP_NAME]);
    return new Map(rows.map((r: { pid: number }) => [r.pid, procCpuSeconds(r.pid) ?? 0]));
  } finally {
    await c.end();
  }
}

function machineBusy(): { busy: number; total: number } {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

function health(port: number): Promise<string | null> {
  return new Promise((resolve) => {
    request({ host: '127.0.0.1', port, path: '/health', agent: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? String(res.headers['x-worker'] ?? '-') : null);
    })
      .on('error', () => resolve(null))
      .on('timeout', function (this: { destroy(): void }) {
        this.destroy();
      })
      .end();
  });
}

async function startRedis(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  for (let i = 0; i < 100 && !/Ready to accept connections/.test(out); i++) await sleep(100);
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGKILL') };
}

async function startServer(variant: string, redisUrl: string): Promise<{ pid: number; port: number; child: ChildProcess; stop: () => Promise<void> }> {
  const workers = Number(variant.split('-')[0]);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['DATA_DIR', 'NODE_OPTIONS', 'SEED_DEMO']) delete env[k];
  Object.assign(env, {
    ...BENCH_SECRETS,
    NODE_ENV: 'production',
    DATABASE_URL: `${benchDbUrl()}?application_name=${APP_NAME}`,
    REDIS_URL: redisUrl,
    PORT: String(port),
    WORKERS: String(workers),
    RUN_MIGRATIONS: 'false',
    OVERDUE_SWEEP_SECONDS: '0',
    SEED_DEMO: 'false',
    ACCESS_TOKEN_TTL_SECONDS: '7200',
    NO_COLOR: '1',
    ...(variant.endsWith('-nocache') ? { SESSION_CACHE_SIZE: '0' } : {}),
  });
  const child = spawn(process.execPath, ['dist/src/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d) => (log = (log + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (log = (log + d).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const seen = new Set<string>();
  const t0 = Date.now();
  while (seen.size < workers) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log}`);
    if (Date.now() - t0 > 180_000) throw new Error(`server not answering within 180 s:\n${log}`);
    const w = await health(port);
    if (w) seen.add(w);
    else await sleep(100);
  }
  console.error(`WORKERS=${variant}: pid ${child.pid} on port ${port}, ready after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return {
    pid: child.pid!,
    port,
    child,
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** One run of page-ratio's load driver (or, for `me`, of this script's own loop); load.mjs's JSON line. */
async function drive(port: number, units: string, seconds: number, label: string): Promise<any> {
  if (label === 'me') {
    const token = readFileSync(units, 'utf8').trim().split('\t')[2];
    const self0 = process.cpuUsage();
    const lat: number[] = [];
    let errors = 0;
    let firstError: string | null = null;
    const t0 = performance.now();
    const end = t0 + seconds * 1000;
    const client = async () => {
      while (performance.now() < end) {
        const started = performance.now();
        try {
          const { me } = await gql<{ me: { id: string } | null }>(port, '{ me { id } }', {}, token);
          if (!me?.id) throw new Error('no me');
          lat.push(performance.now() - started);
        } catch (e) {
          errors++;
          firstError ??= (e as Error).message;
        }
      }
    };
    await Promise.all(Array.from({ length: C }, client));
    const elapsed = (performance.now() - t0) / 1000;
    const self = process.cpuUsage(self0);
    lat.sort((a, b) => a - b);
    const at = (q: number) => lat[Math.min(lat.length - 1, Math.floor(q * lat.length))];
    return { requests: lat.length, rps: +(lat.length / elapsed).toFixed(1), p50_ms: at(0.5), p95_ms: at(0.95), errors, first_error: firstError, drv_cpu_ms: (self.user + self.system) / 1000 / Math.max(1, lat.length) };
  }
  return new Promise((resolve, reject) => {
    const args = [LOAD, '--target', 'gql', '--url', `http://127.0.0.1:${port}`, '--units', units, '-c', String(C), '-d', String(seconds), '--query', QUERY, '--rows', 'data.cases.edges', '--label', label];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += String(d)));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`load.mjs exited with ${code}`))));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist/src/main.js'))) throw new Error('dist/src/main.js is missing: run `npm run build` first');
  if (!existsSync(LOAD)) throw new Error(`the load driver is missing: ${LOAD} (PAGE_RATIO=<folder of load.mjs>)`);
  const dir = join(tmpdir(), 'bench-workers');
  mkdirSync(dir, { recursive: true });
  const redis = await startRedis();
  const rows: Row[] = [];
  const unitsFile: Record<string, string> = {};
  console.error(`bench_scale, ${cpus().length} cores, C=${C} D=${D}s ROUNDS=${ROUNDS}, variants ${VARIANTS.join(', ')}, levels ${KINDS.join(', ')}; load ${loadAverage()}`);
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const variant of VARIANTS) {
        const server = await startServer(variant, redis.url);
        try {
          for (const kind of KINDS) {
            if (unitsFile[kind]) continue;
            const [user, unit] = USERS[kind];
            unitsFile[kind] = join(dir, `${kind}.tsv`);
            writeFileSync(unitsFile[kind], `${unit}\t20\t${await login(server.port, user)}\n`);
          }
          await drive(server.port, unitsFile[KINDS[0]], 5, 'warm-up');
          for (const kind of KINDS) {
            const pids = serverPids(server.pid);
            const [srv0, pg0, m0] = [cpuOf(pids), await pgCpu(), machineBusy()];
            let rssPeak = 0;
            const sampler = setInterval(() => {
              let sum = 0;
              for (const pid of pids) sum += existsSync(`/proc/${pid}/status`) ? procMemory(pid).rss : 0;
              rssPeak = Math.max(rssPeak, sum);
            }, 200);
            const r = await drive(server.port, unitsFile[kind], D, kind);
            clearInterval(sampler);
            const [srv1, pg1, m1] = [cpuOf(pids), await pgCpu(), machineBusy()];
            const perReq = (s: number) => (r.requests ? (s * 1000) / r.requests : NaN);
            rows.push({
              round,
              variant,
              kind,
              rps: r.rps,
              p50: r.p50_ms,
              p95: r.p95_ms,
              errors: r.errors,
              firstError: r.first_error,
              serverMsPerReq: perReq(spent(srv0, srv1)),
              pgMsPerReq: perReq(spent(pg0, pg1)),
              driverMsPerReq: r.drv_cpu_ms,
              machineBusyPct: (100 * (m1.busy - m0.busy)) / Math.max(1, m1.total - m0.total),
              rssPeakMiB: rssPeak / 2 ** 20,
              load: loadAverage(),
            });
            console.error(`round ${round} WORKERS=${variant} ${kind}: ${r.rps} req/s, p50 ${r.p50_ms} ms, ${r.errors} errors; load ${loadAverage()}`);
          }
        } finally {
          await server.stop();
        }
      }
    }
  } finally {
    redis.stop();
  }

  const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
  const out: (string | number)[][] = [];
  for (const kind of KINDS) {
    const base = median(rows.filter((r) => r.kind === kind && r.variant === VARIANTS[0]).map((r) => r.rps));
    for (const variant of VARIANTS) {
      const rs = rows.filter((r) => r.kind === kind && r.variant === variant);
      const m = (k: keyof Row) => median(rs.map((r) => r[k] as number));
      out.push([
        kind,
        variant,
        f(m('rps'), 0),
        `${f((100 * m('rps')) / base, 0)}%`,
        f(m('p50')),
        f(m('p95')),
        f(m('serverMsPerReq'), 2),
        f(m('pgMsPerReq'), 2),
        f(m('driverMsPerReq'), 2),
        `${f(m('machineBusyPct'), 0)}%`,
        f(Math.max(...rs.map((r) => r.rssPeakMiB)), 0),
        rs.reduce((s, r) => s + r.errors, 0),
      ]);
    }
  }
  console.log(`\nWORKERS on the case page (${QUERY.length > 60 ? 'flat page' : QUERY}), C=${C}, ${D} s x ${ROUNDS} rounds, medians; machine load at the end ${loadAverage()}`);
  console.log(
    table(['level', 'WORKERS', 'req/s', `vs ${VARIANTS[0]}`, 'p50 ms', 'p95 ms', 'server CPU ms/req', 'PG CPU ms/req', 'driver CPU ms/req', 'machine busy', 'RSS peak MiB', 'errors'], out),
  );
  console.log(`saved ${saveResult('workers', { C, D, ROUNDS, QUERY, VARIANTS, KINDS, cores: cpus().length, rows })}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
