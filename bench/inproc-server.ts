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
import { BENCH_SECRETS, ROOT, Server, benchDbUrl } from './scale-lib';

export interface InProcessServer extends Server {
  /** Resets the counters and starts the CPU profiler. */
  startProfile(): Promise<void>;
  /** Stops the profiler, writes the profile to `file`, returns the SQL round trips since start. */
  stopProfile(file: string): Promise<{ total: number; counts: [string, number][] }>;
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
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (config: any, ...rest: unknown[]) {
    const text = typeof config === 'string' ? config : config?.text;
    if (text) {
      total++;
      const key = text.replace(/\s+/g, ' ').replace(/"/g, '').slice(0, 110);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return original.call(this, config, ...rest);
  };
  // Benchmarks drive one client at rates far above a person's: no rate limits here.
  const config = loadConfig({ ...process.env, NODE_ENV: 'production', DATABASE_URL: benchDbUrl(), ...BENCH_SECRETS, ACCESS_TOKEN_TTL_SECONDS: '7200', RATE_LIMIT_PUBLIC: '1000000', RATE_LIMIT_LOGIN: '1000000' });
  const app = await createApp(config, { logger: ['error'] });
  const inspector = await import('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
  process.on('message', async (msg: { cmd: string; file?: string }) => {
    if (msg.cmd === 'start') {
      counts.clear();
      total = 0;
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 500 });
      await post('Profiler.start');
      process.send!({ cmd: 'started' });
    } else if (msg.cmd === 'stop') {
      const { profile } = await post('Profiler.stop');
      writeFileSync(msg.file!, JSON.stringify(profile));
      process.send!({ cmd: 'stopped', total, counts: [...counts].sort((a, b) => b[1] - a[1]) });
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
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), NODE_OPTIONS: '' },
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
    startProfile: async () => {
      const p = waitFor('started');
      child.send({ cmd: 'start' });
      await p;
    },
    stopProfile: async (file: string) => {
      const p = waitFor('stopped');
      child.send({ cmd: 'stop', file });
      const r = await p;
      return { total: r.total, counts: r.counts };
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
