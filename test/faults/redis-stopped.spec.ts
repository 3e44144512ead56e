import { CASE_OPS, openCase } from '../support/cases';
import { PrivateRedis } from '../support/private-redis';
import { until } from '../support/faults';
import { TestApp, unique } from '../support/test-app';
import { WsSubscription } from '../support/ws';

/**
 * Redis stopped (a private redis-server, killed): live subscriptions end with a clean error,
 * mutations and queries go on unaffected, and once Redis is back a new subscription receives
 * events again, without restarting the server.
 */
describe('Redis stopped (PostgreSQL with a private Redis)', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  let probe: string;
  const subs: WsSubscription[] = [];
  const EVENTS = `subscription { caseEvents { caseId note } }`;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    t = await TestApp.start({ REDIS_URL: redis.url });
    probe = (await openCase(t, { title: unique('总线探针-') })).id;
  });
  afterAll(async () => {
    await Promise.all(subs.map((s) => s.close()));
    await t.close();
    await redis.stop();
  });

  /** A subscription that has received a note on the probe case, or null if none arrived (bounded). */
  async function listening(): Promise<WsSubscription | null> {
    const sub = WsSubscription.start(t.url, EVENTS, {}, await t.as('sup.nanyang').token());
    subs.push(sub);
    for (let i = 0; i < 10 && !sub.errors.length && !sub.completed; i++) {
      const note = unique('probe-');
      await t.as('insp.fanji').ok(CASE_OPS.addCaseNote, { id: probe, note });
      if (await sub.waitFor((d) => d.caseEvents.note === note, 500).then(() => true, () => false)) return sub;
    }
    return null;
  }

  it('subscriptions end with a clean error; mutations and queries are unaffected; subscriptions work again after', async () => {
    const sub = (await listening())!;
    expect(sub).not.toBeNull();
    await redis.stop();
    await sub.ended(15_000);
    expect(sub.errors.map((e) => e.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(JSON.stringify(sub.errors)).not.toMatch(/\s+at\s|ECONNREFUSED|redis/i);

    // While Redis is away: commands and reads as usual, and a new subscription is refused cleanly.
    const note = unique('outage-');
    await t.as('insp.fanji').ok(CASE_OPS.addCaseNote, { id: probe, note });
    const c = await openCase(t, { title: unique('总线中断-') });
    expect((await t.as('lead.fanji').ok(`query($id: ID!) { case(id: $id) { id } }`, { id: c.id })).case.id).toBe(c.id);
    const refused = WsSubscription.start(t.url, EVENTS, {}, await t.as('sup.nanyang').token());
    subs.push(refused);
    await refused.ended(15_000);
    expect(refused.errors.map((e) => e.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect((await t.ds.query(`SELECT count(*)::int AS n FROM case_event WHERE case_id = $1 AND note = $2`, [probe, note]))[0].n).toBe(1);

    await redis.start();
    const again = await until('a subscription receiving events again', () => listening(), 30_000, 200);
    expect(again.errors).toEqual([]);
  });
});
