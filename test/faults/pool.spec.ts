import { DataSource } from 'typeorm';
import { poolCounts, until, wellFormed } from '../support/faults';
import { TestApp } from '../support/test-app';

/**
 * Pool exhaustion and a slow database: with every pooled connection stuck on a statement the
 * database does not answer (a table locked by another session), further requests wait at most
 * DB_POOL_WAIT_MS for a connection and then fail cleanly; once the database answers, the stuck
 * ones finish and every connection is back in the pool, idle.
 */
describe('pool exhaustion and a slow database (PostgreSQL)', () => {
  let t: TestApp;
  let outside: DataSource;
  beforeAll(async () => {
    t = await TestApp.start({ DB_POOL_SIZE: '3', DB_POOL_WAIT_MS: '1000' });
    outside = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
    await outside.initialize();
  });
  afterAll(async () => {
    await outside.destroy();
    await t.close();
  });

  const units = () => fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ units { code } }' }) });

  it('requests beyond the pool wait a bounded time and fail cleanly; nothing leaks', async () => {
    await t.anonymous.ok(`{ units { code } }`); // the pool is warm
    const lock = outside.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    await lock.query(`LOCK TABLE unit IN ACCESS EXCLUSIVE MODE`);
    let answers: { status: number; body: any }[];
    try {
      const pending = Array.from({ length: 8 }, () => units().then(async (r) => ({ status: r.status, body: await r.json() })));
      // Three stuck in the database, five waiting for a connection: those five fail after the wait.
      await until('the pool to be exhausted', async () => poolCounts(t).waiting > 0);
      const health = await fetch(`${t.url}/health`);
      expect(health.status).toBe(503);
      await until('the waiting requests to give up', async () => poolCounts(t).waiting === 0 && poolCounts(t).total === 3, 10_000);
      expect(poolCounts(t)).toEqual({ total: 3, idle: 0, waiting: 0 });
      await lock.commitTransaction();
      answers = await Promise.all(pending);
    } finally {
      if (lock.isTransactionActive) await lock.rollbackTransaction();
      await lock.release();
    }
    expect(answers.every((a) => a.status === 200 && wellFormed(a.body))).toBe(true);
    const served = answers.filter((a) => !a.body.errors);
    const refused = answers.filter((a) => a.body.errors);
    expect([served.length, refused.length]).toEqual([3, 5]);
    expect(served.every((a) => a.body.data.units.length === 31)).toBe(true);
    expect(refused.every((a) => a.body.errors[0].extensions.code === 'INTERNAL_SERVER_ERROR' && !/timeout|pool|connect/i.test(a.body.errors[0].message))).toBe(true);
    // No connection leaked: all back, idle, and the server serves again.
    await until('the pool back to idle', async () => (poolCounts(t).idle === poolCounts(t).total ? true : null));
    expect(poolCounts(t).waiting).toBe(0);
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
    await Promise.all(Array.from({ length: 12 }, () => t.anonymous.ok(`{ units { code } }`)));
  });
});
