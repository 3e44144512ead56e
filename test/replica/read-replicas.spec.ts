import { ReadRouter } from '../../src/common/db/read-router';
import { openCase } from '../support/cases';
import { registerWorker, submitClaim } from '../support/claims';
import { until } from '../support/faults';
import { PrivatePostgres } from '../support/private-postgres';
import { freePort, PrivateRedis } from '../support/private-redis';
import { TestApp } from '../support/test-app';

/**
 * Supervision reads on a real streaming standby: a private primary (never the shared server),
 * its standby made by pg_basebackup, a private Redis, and two server instances on them, as two
 * machines behind a load balancer would be. Which server answered is shown by pausing the
 * standby's replay (pg_wal_replay_pause): a write is then on the primary only, so a read that
 * does not see it came from the replica, and one that does came from the primary.
 */
describe('read replicas (a private primary, its streaming standby, two instances)', () => {
  let primary: PrivatePostgres;
  let standby: PrivatePostgres;
  let standbyPort: number;
  let redis: PrivateRedis;
  let a: TestApp;
  let b: TestApp;
  const env = (): NodeJS.ProcessEnv => ({
    DATABASE_URL: primary.url,
    DATABASE_REPLICA_URLS: `postgres://postgres@127.0.0.1:${standbyPort}/labor`,
    REDIS_URL: redis.url,
    // Long enough that no step of a test outlives it: a paused standby stays "fresh enough" meanwhile.
    REPLICA_READ_YOUR_WRITES_SECONDS: '600',
    // One claim raises a warning, so that a worker's claim makes one.
    RISK_CLAIMS_YELLOW: '1',
  });

  beforeAll(async () => {
    primary = await PrivatePostgres.create();
    redis = await PrivateRedis.start();
    standbyPort = await freePort();
    // Seeded before the standby exists (a base backup is quicker than streaming the seeding), so
    // instance a starts with its replica down, and takes it up once it answers.
    a = await TestApp.start({ ...env(), SEED_DEMO: 'true' });
    standby = await primary.standby(standbyPort);
    b = await TestApp.start(env());
  }, 180_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await standby?.remove();
    await primary?.remove();
    await redis?.stop();
  });

  /** The standby has replayed everything the primary had written, and both instances read from it. */
  async function replicaReady(...apps: TestApp[]): Promise<void> {
    const lsn = await primary.psql('labor', 'SELECT pg_current_wal_lsn()');
    await until('the standby to catch up', async () => (await standby.psql('labor', `SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn`)) === 't');
    await until('the replicas to serve', async () => apps.every((t) => t.app.get(ReadRouter).replicaServing));
  }

  /** Runs `during` with the standby's replay paused: what is written meanwhile is on the primary only. */
  async function replayPaused(during: () => Promise<void>): Promise<void> {
    await standby.psql('labor', 'SELECT pg_wal_replay_pause()');
    await until('replay to pause', async () => (await standby.psql('labor', 'SELECT pg_get_wal_replay_pause_state()')) === 'paused');
    try {
      await during();
    } finally {
      await standby.psql('labor', 'SELECT pg_wal_replay_resume()');
    }
  }

  /** The `cases` list as `who` sees it, searched by a case's unique title (totalCount counted too). */
  async function listed(t: TestApp, who: string, title: string): Promise<{ total: number; ids: string[] }> {
    const r = await t.as(who).ok(`query($s: String!) { cases(first: 5, filter: { search: $s }) { totalCount edges { node { id } } } }`, { s: title });
    return { total: r.cases.totalCount, ids: r.cases.edges.map((e: { node: { id: string } }) => e.node.id) };
  }

  /** Open cases of 樊集乡 in `unitStats` and in its county's `childUnitStats`, as `who` sees them. */
  async function openCounts(t: TestApp, who: string): Promise<[number, number]> {
    const r = await t.as(who).ok(`{ unitStats(unitCode: "411329305") { casesOpen } childUnitStats(unitCode: "411329") { unit { code } casesOpen } }`);
    return [r.unitStats.casesOpen, r.childUnitStats.find((s: { unit: { code: string } }) => s.unit.code === '411329305').casesOpen];
  }

  async function warningIds(t: TestApp, who: string): Promise<string[]> {
    const r = await t.as(who).ok(`{ warnings(unitCode: "411329") { id } }`);
    return r.warnings.map((w: { id: string }) => w.id);
  }

  it("a supervision read goes to the replica: another caller's new case, statistics and warning appear only once replay resumes", async () => {
    await replicaReady(a, b);
    const [open] = await openCounts(a, 'sup.xinye');
    const worker = await registerWorker(a);
    let caseId = '';
    let title = '';
    let warningId = '';
    await replayPaused(async () => {
      ({ id: caseId, title } = await openCase(a)); // by insp.fanji
      const claim = await submitClaim(a, worker);
      const rows: { id: string }[] = await a.ds.query(`SELECT w.id FROM warning w JOIN employer e ON e.id = w.employer_id WHERE e.name = $1`, [claim.employerName]);
      expect(rows).toHaveLength(1); // on the primary: the claim raised its warning
      warningId = rows[0].id;
      for (const t of [a, b]) {
        expect(await listed(t, 'sup.xinye', title)).toEqual({ total: 0, ids: [] });
        expect(await openCounts(t, 'sup.xinye')).toEqual([open, open]);
        expect(await warningIds(t, 'sup.xinye')).not.toContain(warningId);
      }
    });
    await until('the case on the replica', async () => (await listed(b, 'sup.xinye', title)).total === 1);
    for (const t of [a, b]) {
      expect(await listed(t, 'sup.xinye', title)).toEqual({ total: 1, ids: [caseId] });
      expect(await openCounts(t, 'sup.xinye')).toEqual([open + 1, open + 1]);
      expect(await warningIds(t, 'sup.xinye')).toContain(warningId);
    }
  });

  it('the caller who wrote reads the write at once, on either instance (the mark is shared through Redis), while another caller still reads the replica', async () => {
    await replicaReady(a, b);
    const [open] = await openCounts(a, 'insp.fanji');
    await replayPaused(async () => {
      const c = await openCase(a, { as: 'insp.fanji' });
      for (const t of [a, b]) {
        expect(await listed(t, 'insp.fanji', c.title)).toEqual({ total: 1, ids: [c.id] });
        expect(await openCounts(t, 'insp.fanji')).toEqual([open + 1, open + 1]);
        expect(await listed(t, 'sup.xinye', c.title)).toEqual({ total: 0, ids: [] });
      }
    });
  });

  it('a replica further behind than the window serves nobody: with replay still paused, another caller gets the write from the primary', async () => {
    const short = await TestApp.start({ ...env(), REPLICA_READ_YOUR_WRITES_SECONDS: '1' });
    try {
      await replicaReady(a);
      await replayPaused(async () => {
        const c = await openCase(a);
        expect((await listed(a, 'sup.xinye', c.title)).ids).toEqual([]); // the replica lacks it
        await until('the instance with a 1 s window to leave the replica', async () => (await listed(short, 'sup.xinye', c.title)).total === 1);
        expect((await listed(a, 'sup.xinye', c.title)).ids).toEqual([]); // still paused: that answer was the primary's
      });
    } finally {
      await short.close();
    }
  });

  it('a replica that is down: reads answer from the primary, a server starts without it, and the replica serves again once back', async () => {
    await replicaReady(a, b);
    const [open] = await openCounts(a, 'sup.xinye');
    const warnings = await warningIds(a, 'sup.xinye');
    await standby.stop();
    try {
      const c = await openCase(a); // after the stop: on the primary only
      for (const t of [a, b]) {
        // The first read may still be sent to the replica (checked less than a second ago): it is run again on the primary.
        expect(await listed(t, 'sup.xinye', c.title)).toEqual({ total: 1, ids: [c.id] });
        expect(await openCounts(t, 'sup.xinye')).toEqual([open + 1, open + 1]);
        expect(await warningIds(t, 'sup.xinye')).toEqual(warnings);
      }
      const started = await TestApp.start(env());
      try {
        expect(started.app.get(ReadRouter).replicaServing).toBe(false);
        expect(await listed(started, 'sup.xinye', c.title)).toEqual({ total: 1, ids: [c.id] });
      } finally {
        await started.close();
      }
    } finally {
      await standby.start();
    }
    await replicaReady(a, b);
    await replayPaused(async () => {
      const d = await openCase(a);
      for (const t of [a, b]) expect(await listed(t, 'sup.xinye', d.title)).toEqual({ total: 0, ids: [] });
    });
  });
});
