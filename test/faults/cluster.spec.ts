import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { DataSource } from 'typeorm';
import { DEMO_PASSWORD } from '../../src/database/demo-data';
import { CASE_OPS, OPEN_CASE, openCaseInput } from '../support/cases';
import { TEST_ENV } from '../support/env';
import { until } from '../support/faults';
import { freePort, PrivateRedis } from '../support/private-redis';
import { unique } from '../support/test-app';
import { WsSubscription } from '../support/ws';

/**
 * `WORKERS=2`: the real server as a child process, a primary and two workers behind one port, on
 * PostgreSQL and a private Redis. Both workers answer (each connection names its worker in
 * `x-worker`); a subscription held by one worker receives the events of mutations the other
 * served; the overdue sweep, run by both every second, sends each notice once; a worker that dies
 * is started again; SIGTERM drains both workers and the primary exits 0.
 */
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }`;
const EVENTS = `subscription { caseEvents { caseId type note } }`;
const GRACE_SECONDS = 20;

interface Answer {
  status: number;
  worker: string | undefined;
  body: any;
}

describe('WORKERS=2 (the real server as a child process, PostgreSQL, a private Redis)', () => {
  let redis: PrivateRedis;
  let outside: DataSource;
  let proc: ChildProcess;
  let exited: Promise<{ code: number | null; signal: string | null }>;
  let output = '';
  let url: string;
  const subs: WsSubscription[] = [];

  /** One request on a connection of its own, so that the cluster hands each to the next worker. */
  function post(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Answer> {
    const body = JSON.stringify({ query, variables });
    return new Promise((resolve, reject) => {
      const req = request(
        `${url}/graphql`,
        {
          method: 'POST',
          agent: false,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        },
        (res) => {
          let text = '';
          res.on('data', (d) => (text += String(d)));
          res.on('end', () => resolve({ status: res.statusCode!, worker: res.headers['x-worker'] as string | undefined, body: JSON.parse(text) }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
  const ok = async (query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Answer> => {
    const a = await post(query, variables, token);
    if (a.body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(a.body.errors)}`);
    return a;
  };
  const tokenOf = async (username: string) => (await ok(LOGIN, { u: username, p: DEMO_PASSWORD })).body.data.login.accessToken as string;
  /**
   * A probe gives up after 2 s: a connection that the primary accepts while the last worker
   * closes its listener is handed back to the primary and stays there unanswered (Node's
   * round-robin has no worker left to give it to) until the process exits.
   */
  const health = (): Promise<string | undefined> =>
    new Promise((resolve, reject) => {
      const req = request(`${url}/health`, { agent: false, timeout: 2000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200 ? (res.headers['x-worker'] as string) : undefined);
      });
      req.on('timeout', () => req.destroy(new Error('no answer in 2 s')));
      req.on('error', reject).end();
    });
  /** The worker processes of the primary (Linux: the kernel lists a process's children). */
  const workerPids = (): number[] =>
    readFileSync(`/proc/${proc.pid}/task/${proc.pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number)
      .filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('src/main.ts'));
  /** Asks /health on new connections until `n` distinct workers answered; returns their ids. */
  const answeringWorkers = (n: number, timeoutMs: number): Promise<Set<string>> => {
    const seen = new Set<string>();
    return until(
      `${n} workers to answer`,
      async () => {
        const w = await health();
        if (w) seen.add(w);
        return seen.size >= n ? seen : null;
      },
      timeoutMs,
      50,
    );
  };
  /** A subscription as sup.nanyang that has received an event (a note on `caseId`), so it is listening. */
  async function listening(caseId: string, writer: string): Promise<WsSubscription<{ caseEvents: { caseId: string; type: string; note: string | null } }>> {
    const sub = WsSubscription.start<{ caseEvents: { caseId: string; type: string; note: string | null } }>(url, EVENTS, {}, await tokenOf('sup.nanyang'));
    subs.push(sub);
    for (let i = 0; i < 40; i++) {
      const note = unique('probe-');
      await ok(CASE_OPS.addCaseNote, { id: caseId, note }, writer);
      if (await sub.waitFor((d) => d.caseEvents.note === note, 500).then(() => true, () => false)) return sub;
    }
    throw new Error('the subscription never started listening');
  }

  /** A failure here reads with what the server logged: the primary's and both workers'. */
  async function withServerOutput(run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (e) {
      (e as Error).message += `\n--- server output (last 6,000 characters) ---\n${output.slice(-6000)}`;
      throw e;
    }
  }

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    outside = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
    await outside.initialize();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const env = {
      ...process.env,
      ...TEST_ENV,
      NODE_OPTIONS: '',
      PORT: String(port),
      DATABASE_URL: process.env.DATABASE_URL,
      REDIS_URL: redis.url,
      WORKERS: '2',
      OVERDUE_SWEEP_SECONDS: '1',
      SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
      // The requests held by the table lock below must stay in flight however slow the machine is.
      DB_STATEMENT_TIMEOUT_MS: '0',
    };
    proc = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout!.on('data', (d) => (output += String(d)));
    proc.stderr!.on('data', (d) => (output += String(d)));
    exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
    await answeringWorkers(2, 120_000);
  }, 180_000);
  afterAll(async () => {
    await Promise.all(subs.map((s) => s.close()));
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      for (const pid of workerPids()) process.kill(pid, 'SIGKILL');
      proc.kill('SIGKILL');
    }
    await outside?.destroy();
    await redis?.stop();
  });

  it('both workers answer on the one port; a subscription on one receives the events of mutations served by the other', async () => {
    const writer = await tokenOf('insp.fanji');
    const opened = await ok(OPEN_CASE, { input: openCaseInput({ title: unique('多进程-') }) }, writer);
    const caseId = opened.body.data.openCase.id as string;
    const sub = await listening(caseId, writer);
    const delivered = new Set<string>();
    for (let i = 0; i < 20 && delivered.size < 2; i++) {
      const note = unique('cross-');
      const served = await ok(CASE_OPS.addCaseNote, { id: caseId, note }, writer);
      await sub.waitFor((d) => d.caseEvents.note === note, 10_000, `the event of a note served by worker ${served.worker}`);
      delivered.add(served.worker!);
    }
    // The subscription lives on one worker: events of mutations served by each of the two reached it.
    expect(delivered.size).toBe(2);
    expect(sub.errors).toEqual([]);
  });

  it('the overdue sweep, run by both workers every second, sends each notice once', async () => {
    const writer = await tokenOf('insp.fanji');
    const open = async () => (await ok(OPEN_CASE, { input: openCaseInput({ title: unique('逾期-') }) }, writer)).body.data.openCase.id as string;
    const first = await open();
    const sub = await listening(first, writer);
    const overdue = (caseId: string) => (d: { caseEvents: { caseId: string; type: string } }) => d.caseEvents.caseId === caseId && d.caseEvents.type === 'OVERDUE';
    const makeOverdue = (caseId: string) => outside.query(`UPDATE case_file SET active_due_at = now() - interval '1 minute' WHERE id = $1`, [caseId]);

    await makeOverdue(first);
    await sub.waitFor(overdue(first), 20_000, 'the OVERDUE event of the first case');
    // A second case noticed later proves that more sweeps ran on both workers since the first notice.
    const second = await open();
    await makeOverdue(second);
    await sub.waitFor(overdue(second), 20_000, 'the OVERDUE event of the second case');
    await new Promise((r) => setImmediate(r));
    expect(sub.received.filter(overdue(first))).toHaveLength(1);
    const [{ n }] = await outside.query(`SELECT count(*)::int AS n FROM case_event WHERE case_id = $1 AND type = 'OVERDUE'`, [first]);
    expect(n).toBe(1);
  });

  it('a worker that dies is started again; SIGTERM drains both workers and the primary exits 0', () => withServerOutput(async () => {
    const before = workerPids();
    expect(before).toHaveLength(2);
    const known = await answeringWorkers(2, 10_000);
    process.kill(before[0], 'SIGKILL');
    await until('the dead worker to be replaced', async () => {
      const now = workerPids();
      return now.length === 2 && !now.includes(before[0]);
    }, 60_000, 200);
    const after = await answeringWorkers(2, 90_000);
    expect([...after].filter((w) => !known.has(w))).toHaveLength(1); // the new worker answers

    // Requests in flight on both workers, held by a lock on the table they read.
    const lock = outside.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    await lock.query(`LOCK TABLE unit IN ACCESS EXCLUSIVE MODE`);
    let inflight: Promise<Answer>[];
    try {
      inflight = Array.from({ length: 4 }, () => post('{ units { code } }'));
      await until('the requests to wait in the database', async () => {
        const [{ n }] = await outside.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'SELECT%'`,
        );
        return n >= 4;
      });
      proc.kill('SIGTERM');
      await until('new connections to be refused', async () => health().then(() => false, (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED'));
      expect(proc.exitCode).toBeNull(); // still finishing what is in flight
    } finally {
      await lock.commitTransaction();
      await lock.release();
    }
    const answers = await Promise.all(inflight);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(answers.every((a) => !a.body.errors && a.body.data.units.length === 31)).toBe(true);
    expect(new Set(answers.map((a) => a.worker)).size).toBe(2);
    let bound: NodeJS.Timeout | undefined;
    const exit = await Promise.race([exited, new Promise<null>((r) => (bound = setTimeout(() => r(null), (GRACE_SECONDS + 10) * 1000)))]);
    clearTimeout(bound);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(output).not.toMatch(/Unhandled|ERROR during shutdown|shutdown failed/i);
  }), 180_000);
});
