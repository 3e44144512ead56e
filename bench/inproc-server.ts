/**
 * The server in-process, in a child of the bench (createApp from src/bootstrap.ts on bench_scale,
 * NODE_ENV=production), for profiling: it counts every SQL round trip (node-postgres
 * Client.query, by statement) and takes a V8 CPU profile between 'start' and 'stop' messages.
 * Also summarizes a .cpuprofile by package and by function (self time).
 */
import 'reflect-metadata';
import { ChildProcess, fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { createApp as CreateApp } from '../src/bootstrap';
import type { loadConfig as LoadConfig } from '../src/config/app-config';
import { freePort, table } from './lib';
import { BENCH_APPLICATION, BENCH_SECRETS, ROOT, Server, benchDbUrl } from './scale-lib';

export interface StopReport {
  total: number;
  counts: [string, number][];
  /** With BENCH_STATEMENT_STATS=1: per statement text, executions and PostgreSQL CPU (µs, user + system). */
  pgCpu: [string, { n: number; us: number }][];
  /** CPU of the server process since start (µs, user + system; the profiler's share included). */
  serverCpuUs: number;
}

export interface InProcessServer extends Server {
  /** Resets the counters and starts the CPU profiler (unless `profile` is false: counters only). */
  startProfile(profile?: boolean): Promise<void>;
  /** Stops the profiler, writes the profile to `file` (if one was taken), returns the SQL round trips since start. */
  stopProfile(file: string): Promise<StopReport>;
}

/** Child mode: the app in this process; counts SQL round trips and profiles on request. */
async function serve(): Promise<void> {
  // Loaded here, not at the top, so that the load generator stays small.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadConfig } = require('../src/config/app-config') as { loadConfig: typeof LoadConfig };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createApp } = require('../src/bootstrap') as { createApp: typeof CreateApp };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require('pg');
  const counts = new Map<string, number>();
  let total = 0;
  // BENCH_STATEMENT_STATS=1: every backend reports its CPU per protocol message (log_statement_stats,
  // sent to the client as LOG notices); summed per statement text.
  const statementStats = process.env.BENCH_STATEMENT_STATS === '1';
  const pgCpu = new Map<string, { n: number; us: number }>();
  const listening = new WeakSet<object>();
  const keyOf = (text: string, width: number) => text.replace(/\s+/g, ' ').replace(/"/g, '').slice(0, width);
  const onNotice = function (this: any, msg: { message?: string; detail?: string }) {
    const m = /([\d.]+) s user, ([\d.]+) s system/.exec(msg.detail ?? '');
    const text = this.activeQuery?.text;
    if (!m || !text) return;
    const key = keyOf(text, 160);
    const e = pgCpu.get(key) ?? { n: 0, us: 0 };
    e.us += (Number(m[1]) + Number(m[2])) * 1e6;
    pgCpu.set(key, e);
  };
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (config: any, ...rest: unknown[]) {
    const text = typeof config === 'string' ? config : config?.text;
    if (text) {
      total++;
      const key = keyOf(text, 110);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (statementStats) {
        if (!listening.has(this)) {
          listening.add(this);
          this.on('notice', onNotice);
        }
        const k = keyOf(text, 160);
        const e = pgCpu.get(k) ?? { n: 0, us: 0 };
        e.n++;
        pgCpu.set(k, e);
      }
    }
    return original.call(this, config, ...rest);
  };
  const dbUrl = new URL(benchDbUrl());
  if (statementStats) dbUrl.searchParams.set('options', '-c log_statement_stats=on -c client_min_messages=log');
  // Benchmarks drive one client at rates far above a person's: no rate limits here.
  const config = loadConfig({ ...process.env, NODE_ENV: 'production', DATABASE_URL: dbUrl.toString(), ...BENCH_SECRETS, ACCESS_TOKEN_TTL_SECONDS: '7200', RATE_LIMIT_PUBLIC: '1000000', RATE_LIMIT_LOGIN: '1000000' });
  const app = await createApp(config, { logger: ['error'] });
  const inspector = await import('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
  let cpuAtStart = process.cpuUsage();
  let profiling = false;
  process.on('message', async (msg: { cmd: string; file?: string; profile?: boolean }) => {
    if (msg.cmd === 'start') {
      counts.clear();
      pgCpu.clear();
      total = 0;
      profiling = msg.profile !== false;
      if (profiling) {
        await post('Profiler.enable');
        await post('Profiler.setSamplingInterval', { interval: 500 });
        await post('Profiler.start');
      }
      cpuAtStart = process.cpuUsage();
      process.send!({ cmd: 'started' });
    } else if (msg.cmd === 'stop') {
      const cpu = process.cpuUsage(cpuAtStart);
      if (profiling) {
        const { profile } = await post('Profiler.stop');
        writeFileSync(msg.file!, JSON.stringify(profile));
      }
      process.send!({
        cmd: 'stopped',
        total,
        counts: [...counts].sort((a, b) => b[1] - a[1]),
        pgCpu: [...pgCpu].sort((a, b) => b[1].us - a[1].us),
        serverCpuUs: cpu.user + cpu.system,
      });
    } else if (msg.cmd === 'exit') {
      await app.close();
      process.exit(0);
    }
  });
  process.send!({ cmd: 'ready', port: config.PORT });
}

export async function startInProcessServer(): Promise<InProcessServer> {
  const port = await freePort();
  const child: ChildProcess = fork(__filename, ['--serve'], {
    cwd: ROOT,
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    // NODE_ENV=production as in the child-process server: graphql-js picks its cheap instanceOf then.
    // Its sessions carry the bench's application_name, so that the bench's CpuMeter counts them.
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), NODE_OPTIONS: '', BENCH_APPLICATION_NAME: BENCH_APPLICATION },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waitFor = (cmd: string) =>
    new Promise<any>((resolve, reject) => {
      const on = (m: any) => {
        if (m?.cmd === cmd) {
          child.off('message', on);
          resolve(m);
        }
      };
      child.on('message', on);
      child.once('exit', (code) => reject(new Error(`in-process server exited with ${code}`)));
    });
  await waitFor('ready');
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    pid: child.pid!,
    port,
    child,
    log: () => '',
    stop: async () => {
      child.send({ cmd: 'exit' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    startProfile: async (profile = true) => {
      const p = waitFor('started');
      child.send({ cmd: 'start', profile });
      await p;
    },
    stopProfile: async (file: string) => {
      const p = waitFor('stopped');
      child.send({ cmd: 'stop', file });
      const r = await p;
      return { total: r.total, counts: r.counts, pgCpu: r.pgCpu, serverCpuUs: r.serverCpuUs };
    },
  };
}


/** Self time of a .cpuprofile by package and by function. */
export function summarizeProfile(file: string): string {
  const p = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  // The profiler's own work (Profiler.stop through node:inspector's post) is not the server's.
  const parentOf = new Map<number, number>();
  for (const n of p.nodes as { id: number; children?: number[] }[]) for (const c of n.children ?? []) parentOf.set(c, n.id);
  const isProfiler = (id: number) => {
    const parent = byId.get(parentOf.get(id) ?? -1);
    return parent?.callFrame.url === 'node:inspector';
  };
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const kind = (url: string, fn: string) => {
    if (fn === '(idle)') return '(idle)';
    if (fn === '(garbage collector)') return '(garbage collector)';
    if (fn === '(program)') return '(program: V8/native)';
    const m = /node_modules\/((@[^/]+\/)?[^/]+)\//.exec(url);
    if (m) return m[1];
    if (url.includes('/src/')) return 'src/ (project)';
    if (url.startsWith('node:')) return 'node core';
    return url ? 'other JS' : `native ${fn}`;
  };
  const byKind = new Map<string, number>();
  const byFn = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    if (isProfiler(id)) continue;
    const k = kind(n.callFrame.url, n.callFrame.functionName);
    if (k === '(idle)') idle += us;
    total += us;
    byKind.set(k, (byKind.get(k) ?? 0) + us);
    const f = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^.*\/src\//, 'src/')}:${n.callFrame.lineNumber + 1}`;
    byFn.set(f, (byFn.get(f) ?? 0) + us);
  }
  const busy = total - idle;
  const share = (us: number) => `${((us / busy) * 100).toFixed(1)}%`;
  return [
    `sampled ${(total / 1e6).toFixed(1)} s, of which busy ${(busy / 1e6).toFixed(1)} s (shares below are of busy time)`,
    table(['package', 'self time'], [...byKind].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, us]) => [k, share(us)])),
    '',
    table(['function', 'self time'], [...byFn].filter(([f]) => !f.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, 25).map(([f, us]) => [f, share(us)])),
  ].join('\n');
}


if (process.argv.includes('--serve')) {
  serve().catch((err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  });
}
