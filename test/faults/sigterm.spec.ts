import { ChildProcess, spawn } from 'node:child_process';
import { DataSource } from 'typeorm';
import { TEST_ENV } from '../support/env';
import { until } from '../support/faults';
import { freePort } from '../support/private-redis';
import { WsSubscription } from '../support/ws';
import { DEMO_PASSWORD } from '../../src/database/demo-data';

const SWEEP_LOCK = 7_240_001; // src/modules/deadlines/overdue-sweep.service.ts
const GRACE_SECONDS = 20;
/** Apollo's drain plugin (which @nestjs/apollo installs) ends connections this long after it is stopped. */
const APOLLO_DRAIN_MS = 10_000;

/**
 * SIGTERM under load, on the real server in a child process: requests in flight finish, new
 * connections are refused, the overdue sweep's advisory lock is released, and the process exits
 * 0 within the grace time. In-flight work is made to last by tables another session locks (the
 * requests read `unit`, the sweep starts on `case_file`).
 */
describe('SIGTERM under load (the real server as a child process, PostgreSQL)', () => {
  let outside: DataSource;
  let child: ChildProcess | null = null;
  beforeAll(async () => {
    outside = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
    await outside.initialize();
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await outside.destroy();
  });

  const sweepLocks = async () =>
    (await outside.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 AND objid = $1 AND granted`, [SWEEP_LOCK]))[0].n;

  it('in-flight requests finish, new ones are refused, the sweep lock is released, exit 0 within the grace time', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = {
      ...process.env,
      ...TEST_ENV,
      NODE_OPTIONS: '',
      PORT: String(port),
      DATABASE_URL: process.env.DATABASE_URL,
      REDIS_URL: '',
      OVERDUE_SWEEP_SECONDS: '1',
      SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
      // The requests held behind the table lock must stay in flight until SIGTERM, however slow the machine.
      DB_STATEMENT_TIMEOUT_MS: '0',
    };
    const proc = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let output = '';
    proc.stdout!.on('data', (d) => (output += String(d)));
    proc.stderr!.on('data', (d) => (output += String(d)));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
    await until('the server to answer /health', async () => (await fetch(`${url}/health`)).status === 200, 90_000, 200);

    // An open subscription must not hold the close: it is ended as going away.
    const login = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation($p: String!) { login(username: "sup.nanyang", password: $p) { accessToken } }`, variables: { p: DEMO_PASSWORD } }),
    }).then((r) => r.json() as Promise<{ data: { login: { accessToken: string } } }>);
    const sub = WsSubscription.start(url, `subscription { caseEvents { caseId } }`, {}, login.data.login.accessToken);
    await sub.connected;

    const lock = outside.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    await lock.query(`LOCK TABLE unit, case_file IN ACCESS EXCLUSIVE MODE`);
    let inflight: Promise<{ status: number; body: any }>[];
    try {
      inflight = Array.from({ length: 4 }, () =>
        fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ units { code } }' }) }).then(async (r) => ({
          status: r.status,
          body: await r.json(),
        })),
      );
      // Four requests and a sweep (holding its advisory lock) are stuck on the tables.
      await until('the sweep to hold its lock, stuck', async () => (await sweepLocks()) === 1, 20_000, 100);
      await until('the requests to be in the database', async () => {
        const [{ n }] = await outside.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'SELECT%'`);
        return n >= 5;
      });
      proc.kill('SIGTERM');
      await until('new connections to be refused', async () => fetch(`${url}/health`).then(() => false, (e: Error & { cause?: { code?: string } }) => e.cause?.code === 'ECONNREFUSED'));
      // The grace is SHUTDOWN_GRACE_SECONDS, not the 10 s after which Apollo's own drain cuts requests.
      await new Promise((r) => setTimeout(r, APOLLO_DRAIN_MS + 1000));
      expect(proc.exitCode).toBeNull(); // still finishing what is in flight
    } finally {
      await lock.commitTransaction();
      await lock.release();
    }
    const answers = await Promise.all(inflight);
    await sub.ended();
    expect(sub.errors.map((e) => e.message)).toEqual(['socket closed (1001 Going away)']);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(answers.every((a) => !a.body.errors && a.body.data.units.length === 31)).toBe(true);
    let bound: NodeJS.Timeout | undefined;
    const exit = await Promise.race([exited, new Promise<null>((r) => (bound = setTimeout(() => r(null), (GRACE_SECONDS + 10) * 1000)))]);
    clearTimeout(bound);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(await sweepLocks()).toBe(0);
    expect(output).not.toMatch(/Unhandled|ERROR during shutdown|shutdown failed/i);
  });
});
