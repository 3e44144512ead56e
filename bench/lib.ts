/**
 * Helpers shared by the benches: fresh databases on either engine, memory and CPU sampling,
 * folder sizes, load average, and a plain-text table.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, lstatSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

/** The little of node-postgres used here (the project has no @types/pg). */
interface PgClient {
  connect(): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<{ rows: any[] }>;
  end(): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Client } = require('pg') as { Client: new (opts: { connectionString: string }) => PgClient };

export type Engine = 'pglite' | 'postgres';

/** The admin connection used to create and drop the bench databases (trust auth on 127.0.0.1). */
export const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** Where a bench keeps its JSON results (git-ignored). */
export const RESULTS_DIR = join(__dirname, 'results');

export function parseEngines(argv: string[]): Engine[] {
  const i = argv.indexOf('--engine');
  const value = i >= 0 ? argv[i + 1] : (argv.find((a) => a.startsWith('--engine='))?.split('=')[1] ?? 'both');
  if (value === 'both') return ['pglite', 'postgres'];
  if (value === 'pglite' || value === 'postgres') return [value];
  throw new Error(`--engine must be pglite, postgres or both, got ${value}`);
}

export function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

/** A fresh, empty PostgreSQL database named bench_<tag>_<pid>_<time>; drop it with dropPgDatabase. */
export async function createPgDatabase(tag: string): Promise<{ name: string; url: string }> {
  const name = `bench_${tag}_${process.pid}_${Date.now().toString(36)}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

export async function dropPgDatabase(name: string): Promise<void> {
  if (!/^bench_\w+$/.test(name)) throw new Error(`refusing to drop ${name}`);
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

export async function pgDatabaseSize(name: string): Promise<number> {
  return admin(async (c) => Number((await c.query(`SELECT pg_database_size($1) AS n`, [name])).rows[0].n));
}

/**
 * Server-side CPU seconds (user + system) of every backend connected to the database, by pid; only
 * those of sessions named `applicationName` when given (other people's sessions on a shared database).
 */
export async function pgBackendCpu(name: string, applicationName?: string): Promise<Map<number, number>> {
  const pids: number[] = await admin(async (c) =>
    (
      await c.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND ($2::text IS NULL OR application_name = $2)`, [name, applicationName ?? null])
    ).rows.map((r) => r.pid),
  );
  const out = new Map<number, number>();
  for (const pid of pids) {
    const cpu = procCpuSeconds(pid);
    if (cpu !== undefined) out.set(pid, cpu);
  }
  return out;
}

/** CPU seconds spent by the backends between two pgBackendCpu snapshots (new backends count from 0). */
export function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, cpu] of after) sum += cpu - (before.get(pid) ?? 0);
  return sum;
}

/** utime + stime of a process, in seconds, from /proc/<pid>/stat (undefined once it is gone). */
export function procCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** VmRSS / VmHWM of a process in bytes, from /proc/<pid>/status. */
export function procMemory(pid: number | 'self'): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

async function admin<T>(fn: (c: PgClient) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export function tempDataDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `bench-${tag}-`));
}

/** Bytes on disk (allocated blocks) and apparent bytes of a folder, recursively. */
export function folderSize(dir: string): { disk: number; apparent: number } {
  let disk = 0;
  let apparent = 0;
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const p = join(d, entry);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else {
        disk += st.blocks * 512;
        apparent += st.size;
      }
    }
  };
  walk(dir);
  return { disk, apparent };
}

/** Samples process.memoryUsage().rss every `ms` milliseconds; mark() starts a new phase. */
export class RssSampler {
  private timer?: NodeJS.Timeout;
  private phase = 'start';
  readonly peaks = new Map<string, number>();
  peak = 0;
  samples = 0;

  constructor(private readonly ms = 200) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.ms);
    this.timer.unref();
    return this;
  }

  mark(phase: string): void {
    this.sample();
    this.phase = phase;
    this.sample();
  }

  stop(): void {
    this.sample();
    clearInterval(this.timer);
  }

  private sample(): void {
    const rss = process.memoryUsage().rss;
    this.samples++;
    this.peak = Math.max(this.peak, rss);
    this.peaks.set(this.phase, Math.max(this.peaks.get(this.phase) ?? 0, rss));
  }
}

export function loadAverage(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}

export function machine(): Record<string, string | number> {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    pglite: packageVersion('@electric-sql/pglite'),
    typeorm: packageVersion('typeorm'),
  };
}

/** A dependency's version, read from node_modules (some packages do not export package.json). */
export function packageVersion(name: string): string {
  return JSON.parse(readFileSync(join(__dirname, '..', 'node_modules', name, 'package.json'), 'utf8')).version;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export const MiB = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
export const secs = (ms: number) => (ms / 1000).toFixed(2);

export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => '| ' + r.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  return [line(cells[0]), '| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |', ...cells.slice(1).map(line)].join('\n');
}

export function saveResult(name: string, data: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  return file;
}
