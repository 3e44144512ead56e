/**
 * Shared by the scale benches (generate-cases, cases-list, open-case, submit-claims): the
 * bench_scale database, a production server started as a child process, a keep-alive GraphQL
 * client, a closed-loop load runner with latency percentiles, and CPU / RSS sampling of the
 * server, its PostgreSQL backends and the whole machine (other engineers' work included).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { MiB, PG_ADMIN_URL, cpuDelta, freePort, loadAverage, pgBackendCpu, procCpuSeconds, procMemory, table } from './lib';

/** The little of node-postgres used here (the project has no @types/pg). */
export interface PgClient {
  connect(): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<{ rows: any[]; rowCount: number | null }>;
  end(): Promise<void>;
}
export interface PgPool {
  query(sql: string, params?: unknown[]): Promise<{ rows: any[]; rowCount: number | null }>;
  end(): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pg = require('pg') as {
  Client: new (opts: { connectionString: string }) => PgClient;
  Pool: new (opts: { connectionString: string; max: number }) => PgPool;
};
export const { Client, Pool } = pg;

export const ROOT = join(__dirname, '..');
/** The bench database (BENCH_DB to keep several benches apart on one server). */
export const BENCH_DB = process.env.BENCH_DB || 'bench_scale';

/**
 * Fixed keys for the bench database only (never used anywhere else): the generator encrypts the
 * demo workers' phones with PII_KEY, and the server must read them with the same key.
 */
export const BENCH_SECRETS = {
  JWT_SECRET: 'bench-scale-jwt-secret-not-for-production-0123456789',
  PII_KEY: '6265e7c3a0d14f2b9c8e7d6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c',
  AUDIT_KEY: 'b3e1c0d2a4f6e8b0c2d4e6f8a0b2c4d6e8f0a2b4c6d8e0f2a4b6c8d0e2f4a6b8',
};

/**
 * The application_name of every session this bench run opens (its server's pool, in-process or
 * child, and its own SQL floors): CpuMeter counts only those backends, not other people's on the
 * shared database.
 */
export const BENCH_APPLICATION = `bench-${process.pid}`;

export function benchDbUrl(db = BENCH_DB): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${db}`;
  url.searchParams.set('application_name', process.env.BENCH_APPLICATION_NAME ?? BENCH_APPLICATION);
  return url.toString();
}

export async function adminQuery<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows;
  } finally {
    await c.end();
  }
}

export async function benchClient(): Promise<PgClient> {
  const c = new Client({ connectionString: benchDbUrl() });
  await c.connect();
  return c;
}

/**
 * Bulk load: drops every index and constraint of `tables`, and the foreign keys that point at them;
 * returns the statements that put them back (primary keys and uniques, then foreign keys, then
 * the other indexes). Used by generate-cases.ts and generate-claims.ts.
 */
export async function dropForLoad(q: (sql: string, params?: unknown[]) => Promise<any[]>, tables: string[]): Promise<{ name: string; sql: string }[]> {
  const cons: { tbl: string; name: string; def: string; type: string }[] = await q(
    `SELECT conrelid::regclass::text AS tbl, conname AS name, pg_get_constraintdef(oid) AS def, contype::text AS type
     FROM pg_constraint
     WHERE contype IN ('p', 'u', 'f') AND (conrelid::regclass::text = ANY($1) OR confrelid::regclass::text = ANY($1))`,
    [tables],
  );
  const idx: { name: string; def: string }[] = await q(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
     FROM pg_index i WHERE i.indrelid::regclass::text = ANY($1)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u'))`,
    [tables],
  );
  for (const c of cons.filter((c) => c.type === 'f')) await q(`ALTER TABLE ${c.tbl} DROP CONSTRAINT ${c.name}`);
  for (const c of cons.filter((c) => c.type !== 'f')) await q(`ALTER TABLE ${c.tbl} DROP CONSTRAINT ${c.name}`);
  for (const i of idx) await q(`DROP INDEX ${i.name}`);
  return [
    ...cons.filter((c) => c.type !== 'f').map((c) => ({ name: `${c.tbl}.${c.name}`, sql: `ALTER TABLE ${c.tbl} ADD CONSTRAINT ${c.name} ${c.def}` })),
    ...cons.filter((c) => c.type === 'f').map((c) => ({ name: `${c.tbl}.${c.name} (FK)`, sql: `ALTER TABLE ${c.tbl} ADD CONSTRAINT ${c.name} ${c.def}` })),
    ...idx.map((i) => ({ name: i.name, sql: i.def })),
  ];
}

// ------------------------------------------------------------------ the server

export interface Server {
  pid: number;
  port: number;
  child: ChildProcess;
  log: () => string;
  stop: () => Promise<number | null>;
}

/** `node -r ts-node/register/transpile-only src/main.ts` on bench_scale with NODE_ENV=production. */
export async function startServer(extraEnv: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): Promise<Server> {
  // BENCH_PORT keeps the server on a port of one's own range on a shared machine.
  const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['DATABASE_URL', 'DATA_DIR', 'SEED_DEMO', 'RUN_MIGRATIONS', 'REDIS_URL', 'JWT_SECRET', 'PII_KEY', 'PORT', 'NODE_OPTIONS']) delete env[k];
  Object.assign(env, {
    NODE_ENV: 'production',
    DATABASE_URL: benchDbUrl(),
    PORT: String(port),
    ACCESS_TOKEN_TTL_SECONDS: '7200',
    NO_COLOR: '1',
    ...BENCH_SECRETS,
    ...extraEnv,
  });
  // BENCH_SERVER=dist runs the compiled server (`npm run build` first), as production does: ts-node's compiler costs memory.
  const entry = process.env.BENCH_SERVER === 'dist' ? ['dist/src/main.js'] : ['-r', 'ts-node/register/transpile-only', 'src/main.ts'];
  const child = spawn(process.execPath, [...nodeArgs, ...entry], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log = (log + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (log = (log + d).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log}`);
    if (Date.now() - t0 > 180_000) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer /health within 180 s:\n${log}`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      /* not yet */
    }
    await sleep(100);
  }
  console.error(`server pid ${child.pid} on port ${port} ready after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return {
    pid: child.pid!,
    port,
    child,
    log: () => log,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

// ------------------------------------------------------------------ GraphQL over keep-alive HTTP

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

export class GraphQLError extends Error {
  constructor(
    message: string,
    readonly errors: unknown,
  ) {
    super(message);
  }
}

/** POST /graphql; resolves with `data`, rejects on transport errors or GraphQL errors. */
export function gql<T = any>(port: number, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          try {
            const json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            if (json.errors?.length) reject(new GraphQLError(JSON.stringify(json.errors).slice(0, 500), json.errors));
            else resolve(json.data as T);
          } catch (err) {
            reject(new Error(`HTTP ${res.statusCode}: ${(err as Error).message}`));
          }
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(60_000, () => req.destroy(new Error('request timed out after 60 s')));
    req.on('error', reject);
    req.end(body);
  });
}

export async function login(port: number, username: string, password = 'Demo@2026'): Promise<string> {
  const data = await gql<{ login: { accessToken: string } }>(
    port,
    `mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }`,
    { u: username, p: password },
  );
  return data.login.accessToken;
}

// ------------------------------------------------------------------ closed-loop load

export interface LoadResult {
  label: string;
  concurrency: number;
  seconds: number;
  ok: number;
  errors: number;
  firstError?: string;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * `concurrency` clients, each calling `fn` in a loop: first for `warmupMs` (not counted), then
 * for `durationMs` or until `maxRequests` have completed. Latencies in milliseconds.
 */
export async function runLoad(
  label: string,
  opts: { concurrency: number; durationMs: number; warmupMs?: number; maxRequests?: number },
  fn: (client: number, iteration: number) => Promise<unknown>,
  onMeasureStart?: () => void | Promise<void>,
): Promise<LoadResult> {
  const warmupEnd = performance.now() + (opts.warmupMs ?? 0);
  let measuring = false;
  let stopAt = Infinity;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let started = 0;
  let iter = 0;
  const client = async (id: number) => {
    for (;;) {
      const now = performance.now();
      if (now >= stopAt) return;
      if (measuring && opts.maxRequests && started >= opts.maxRequests) return;
      const counted = measuring;
      if (counted) started++;
      const t0 = performance.now();
      try {
        await fn(id, iter++);
        if (counted && t0 < stopAt) latencies.push(performance.now() - t0);
      } catch (err) {
        if (counted) {
          errors++;
          firstError ??= (err as Error).message;
        } else if (!firstError) firstError = `(warm-up) ${(err as Error).message}`;
      }
    }
  };
  const clients = Array.from({ length: opts.concurrency }, (_, i) => client(i));
  await sleep(Math.max(0, warmupEnd - performance.now()));
  await onMeasureStart?.();
  const t0 = performance.now();
  measuring = true;
  stopAt = t0 + opts.durationMs;
  await Promise.all(clients);
  const seconds = (performance.now() - t0) / 1000;
  return { label, concurrency: opts.concurrency, seconds, ok: latencies.length, errors, firstError, rps: latencies.length / seconds, ...percentiles(latencies) };
}

export function percentiles(xs: number[]): { p50: number; p90: number; p99: number; max: number; mean: number } {
  if (!xs.length) return { p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };
  const s = Float64Array.from(xs).sort();
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: s[s.length - 1], mean: xs.reduce((a, b) => a + b, 0) / xs.length };
}

// ------------------------------------------------------------------ CPU and memory

/** Busy and total jiffies of the whole machine (all CPUs), from /proc/stat. */
function machineJiffies(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

export interface CpuReport {
  seconds: number;
  /** CPU% (100 = one core) of the server process, the PostgreSQL backends of bench_scale, this load generator, and the whole machine. */
  serverPct: number;
  pgPct: number;
  loadGenPct: number;
  machinePct: number;
  /** machine minus the three above: other engineers' tests, autovacuum, checkpointer... */
  otherPct: number;
  serverRssPeak: number;
  serverRssEnd: number;
  load: string;
}

/** Samples the server's VmRSS every 200 ms; `finish` returns CPU shares since `start`. */
export class CpuMeter {
  private server0 = 0;
  private pg0 = new Map<number, number>();
  private self0 = process.cpuUsage();
  private m0 = machineJiffies();
  private t0 = 0;
  private timer?: NodeJS.Timeout;
  private rssPeak = 0;
  private rssLast = 0;

  constructor(private readonly serverPid: number | 'self') {}

  async start(): Promise<void> {
    this.pg0 = await pgBackendCpu(BENCH_DB, BENCH_APPLICATION);
    this.server0 = this.serverCpu();
    this.self0 = process.cpuUsage();
    this.m0 = machineJiffies();
    this.t0 = performance.now();
    this.rssPeak = 0;
    this.sample();
    this.timer = setInterval(() => this.sample(), 200);
    this.timer.unref();
  }

  async finish(): Promise<CpuReport> {
    clearInterval(this.timer);
    this.sample();
    const seconds = (performance.now() - this.t0) / 1000;
    const pg = cpuDelta(this.pg0, await pgBackendCpu(BENCH_DB, BENCH_APPLICATION));
    const server = this.serverPid === 'self' ? 0 : this.serverCpu() - this.server0;
    const self = process.cpuUsage(this.self0);
    const m1 = machineJiffies();
    const cores = 100 * ((m1.busy - this.m0.busy) / Math.max(1, m1.total - this.m0.total)) * cpus().length;
    const pct = (s: number) => (100 * s) / seconds;
    const selfPct = pct((self.user + self.system) / 1e6);
    return {
      seconds,
      serverPct: pct(server),
      pgPct: pct(pg),
      loadGenPct: selfPct,
      machinePct: cores,
      otherPct: cores - pct(server) - pct(pg) - selfPct,
      serverRssPeak: this.rssPeak,
      serverRssEnd: this.rssLast,
      load: loadAverage(),
    };
  }

  private serverCpu(): number {
    return this.serverPid === 'self' ? 0 : (procCpuSeconds(this.serverPid) ?? 0);
  }

  private sample(): void {
    try {
      const rss = this.serverPid === 'self' ? process.memoryUsage().rss : procMemory(this.serverPid).rss;
      this.rssLast = rss;
      this.rssPeak = Math.max(this.rssPeak, rss);
    } catch {
      /* gone */
    }
  }
}

/** CPU milliseconds per request of a process that used `cpuPct` (100 = one core) at `rps`. */
export const cpuMsPerReq = (cpuPct: number, rps: number) => (rps > 0 ? ((cpuPct * 10) / rps).toFixed(2) : '-');

export const ms = (x: number) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(2) : x.toFixed(1)) : '-');
export const pct = (x: number) => `${x.toFixed(0)}%`;
export const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

// ---------------------------------------------------------------- data generators

export interface Step {
  step: string;
  seconds: number;
  rows?: number;
}

/** Times named steps of a generator, logging each as it ends. Steps named "  re-create …" are index rebuilds. */
export function stepTimer(): { steps: Step[]; timed: <T>(step: string, fn: () => Promise<T>, rows?: (v: T) => number) => Promise<T> } {
  const steps: Step[] = [];
  const timed = async <T>(step: string, fn: () => Promise<T>, rows?: (v: T) => number): Promise<T> => {
    const t0 = performance.now();
    const v = await fn();
    const s: Step = { step, seconds: (performance.now() - t0) / 1000, rows: rows?.(v) };
    steps.push(s);
    console.error(`${step}: ${s.seconds.toFixed(1)} s${s.rows !== undefined ? `, ${s.rows.toLocaleString('en-US')} rows` : ''} (load ${loadAverage()})`);
    return v;
  };
  return { steps, timed };
}

/** Sizes of the given tables and of their indexes in the bench database. */
export function relationSizes(q: (sql: string, params?: unknown[]) => Promise<any[]>, tables: string[]): Promise<any[]> {
  return q(
    `SELECT c.relname AS name, c.relkind::text AS kind, pg_relation_size(c.oid)::bigint AS bytes,
            CASE WHEN c.relkind = 'r' THEN pg_total_relation_size(c.oid) END::bigint AS total,
            CASE WHEN c.relkind = 'r' THEN pg_indexes_size(c.oid) END::bigint AS indexes
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i')
       AND (c.relname = ANY($1) OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid::regclass::text = ANY($1)))
     ORDER BY c.relkind DESC, pg_relation_size(c.oid) DESC`,
    [tables],
  );
}

/** Prints the step timings, with the index rebuilds in a table of their own. */
export function printSteps(steps: Step[], totalSeconds: number): void {
  console.log(table(['step', 'seconds', 'rows'], steps.filter((s) => !s.step.startsWith('  ')).map((s) => [s.step, s.seconds.toFixed(1), s.rows?.toLocaleString('en-US') ?? ''])));
  console.log(`total ${totalSeconds.toFixed(0)} s\n`);
  console.log(table(['index re-created', 'seconds'], steps.filter((s) => s.step.startsWith('  ')).map((s) => [s.step.trim().replace(/^re-create /, ''), s.seconds.toFixed(1)])));
}

/** Prints what relationSizes returned. */
export function printSizes(sizes: any[]): void {
  console.log(
    table(
      ['relation', 'kind', 'size', 'indexes', 'total'],
      sizes.map((s) => [s.name, s.kind === 'r' ? 'table' : 'index', MiB(Number(s.bytes)), s.indexes ? MiB(Number(s.indexes)) : '', s.total ? MiB(Number(s.total)) : '']),
    ),
  );
}
