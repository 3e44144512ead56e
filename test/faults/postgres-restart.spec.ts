import { claimInput, registerWorker, SUBMIT, Worker } from '../support/claims';
import { until, wellFormed } from '../support/faults';
import { PrivatePostgres } from '../support/private-postgres';
import { TestApp, unique } from '../support/test-app';

/**
 * PostgreSQL restarted while the server is under load (a private cluster, never the shared one):
 * during the outage every answer is a clean error, the server comes back by itself once the
 * database is back, and of the claims submitted through it none is lost or doubled: every
 * submission that failed is retried with its idempotency key and converges to one claim.
 */
describe('PostgreSQL restarted under load (a private cluster)', () => {
  let pg: PrivatePostgres;
  let t: TestApp;
  beforeAll(async () => {
    pg = await PrivatePostgres.create();
    t = await TestApp.start({ DATABASE_URL: pg.url, DB_POOL_WAIT_MS: '2000', REDIS_URL: '' });
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await pg?.remove();
  });

  it('clean errors during the outage, service back by itself, writes lost 0 and doubled 0', async () => {
    const workers: Worker[] = [];
    for (let i = 0; i < 4; i++) workers.push(await registerWorker(t));
    await Promise.all(workers.map((w) => t.as(w).token()));
    const submitted = new Map<string, Record<string, unknown>>(); // idempotency key -> input
    const succeeded = new Map<string, string>(); // key -> claim id
    const failed = new Set<string>();
    const malformed: unknown[] = [];
    let stop = false;
    let duringOutage = 0;
    let down = false;
    const load = async (w: Worker) => {
      while (!stop) {
        const input = claimInput(t, { idempotencyKey: unique(`restart-${w.id.slice(0, 4)}-`), workplaceUnitCode: '411329305' });
        submitted.set(input.idempotencyKey, { ...input, worker: w });
        const r = await t.as(w).gql(SUBMIT, { i: input }).catch((e: Error) => ({ transport: e.message }));
        if (!wellFormed(r)) malformed.push(r);
        if ((r as any).data?.submitWageClaim) succeeded.set(input.idempotencyKey, (r as any).data.submitWageClaim.id);
        else failed.add(input.idempotencyKey);
        if (down) duringOutage++;
        const health = await fetch(`${t.url}/health`).catch(() => null);
        if (!health) malformed.push('health unreachable');
      }
    };
    const loops = workers.map((w) => load(w));
    await until('some claims to go through', async () => succeeded.size >= 8, 30_000);
    down = true;
    await pg.stop();
    await until('answers during the outage', async () => duringOutage >= 8, 30_000);
    expect((await fetch(`${t.url}/health`)).status).toBe(503);
    await pg.start();
    down = false;
    // Back by itself: no restart of the server, the pool reconnects on its own.
    await until('the service back', async () => (await fetch(`${t.url}/health`)).status === 200, 30_000, 100);
    const after = succeeded.size;
    await until('claims going through again', async () => succeeded.size >= after + 4, 30_000);
    stop = true;
    await Promise.all(loops);

    expect(malformed).toEqual([]);
    expect(failed.size).toBeGreaterThan(0);
    // The clients retry what failed with the same key and input: each converges to one claim.
    for (const key of failed) {
      const { worker, ...input } = submitted.get(key) as any;
      const r = await t.as(worker).ok(SUBMIT, { i: input });
      succeeded.set(key, r.submitWageClaim.id);
    }
    const rows: { idempotency_key: string; id: string }[] = await t.ds.query(`SELECT idempotency_key, id FROM wage_claim WHERE idempotency_key LIKE 'restart-%'`);
    const byKey = new Map<string, string[]>();
    for (const r of rows) byKey.set(r.idempotency_key, [...(byKey.get(r.idempotency_key) ?? []), r.id]);
    const lost = [...submitted.keys()].filter((k) => !byKey.has(k));
    const doubled = [...byKey.values()].filter((ids) => ids.length > 1);
    expect([lost.length, doubled.length]).toEqual([0, 0]);
    expect([...succeeded].every(([k, id]) => byKey.get(k)![0] === id)).toBe(true);
    console.warn(`[faults] postgres restart: ${submitted.size} submissions, ${failed.size} failed during the outage and were retried, lost 0, doubled 0`);
  });
});
