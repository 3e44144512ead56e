import { CASE_OPS, fileCase, openCase } from '../support/cases';
import { TestApp, unique } from '../support/test-app';
import { WsSubscription } from '../support/ws';

/**
 * The `caseEvents` subscription over graphql-ws: a subscriber gets the events of the cases it may
 * see at the moment of each event, and nothing else.
 *
 * Waits are bounded, never asserted on: a subscriber is known to be listening once it received a
 * note added to a "probe" case it can see, and since one subscriber receives events in the order
 * they were published, a probe note published after the mutations under test marks the point by
 * which every event it should get of them has arrived. What it did not get by then, it never gets.
 */

const CASE_EVENTS = `subscription($unit: String) {
  caseEvents(unitCode: $unit) { caseId caseNumber type note at actor { username } }
}`;

interface Ev {
  caseId: string;
  caseNumber: string;
  type: string;
  note: string | null;
  at: string;
  actor: { username: string } | null;
}
type Sub = WsSubscription<{ caseEvents: Ev }>;

const eventsOf = (sub: Sub, caseId: string) => sub.received.map((d) => d.caseEvents).filter((e) => e.caseId === caseId);
const typesOf = (sub: Sub, caseId: string) => eventsOf(sub, caseId).map((e) => e.type);

/**
 * Adds notes to `probe` (as `as`) until every subscriber has received one: the subscriptions are
 * then listening (over Redis the channel subscription is set up asynchronously). Bounded.
 */
async function untilListening(t: TestApp, subs: Sub[], probe: string, as: string): Promise<void> {
  const token = t.as(as);
  for (let attempt = 0; attempt < 40; attempt++) {
    const note = unique('probe-');
    await token.ok(CASE_OPS.addCaseNote, { id: probe, note });
    const arrived = await Promise.all(
      subs.map((s) => s.waitFor((d) => d.caseEvents.note === note, 500).then(() => true, () => false)),
    );
    if (arrived.every(Boolean)) return;
  }
  throw new Error('the subscribers never started listening');
}

/** A note on `probe` that every subscriber in `subs` receives: everything published before it has arrived too. */
async function marker(t: TestApp, subs: Sub[], probe: string, as: string): Promise<void> {
  const note = unique('marker-');
  await t.as(as).ok(CASE_OPS.addCaseNote, { id: probe, note });
  await Promise.all(subs.map((s) => s.waitFor((d) => d.caseEvents.note === note, 15_000, `marker ${note}`)));
}

describe('caseEvents subscription', () => {
  let t: TestApp;
  const subs: Sub[] = [];
  const subscribe = async (as: string | null, variables: Record<string, unknown> = {}): Promise<Sub> => {
    const sub: Sub = WsSubscription.start(t.url, CASE_EVENTS, variables, as ? await t.as(as).token() : undefined);
    subs.push(sub);
    return sub;
  };
  /** Probe cases: one in 樊集乡, one in 王庄镇 (its sibling), one in 中原区 (Zhengzhou). */
  let probeFanji: string;
  let probeWang: string;
  let probeZy: string;

  beforeAll(async () => {
    t = await TestApp.start();
    const { units } = await t.anonymous.ok(`{ units(parentCode: "410102") { code level } }`);
    const zyTownship = units.find((u: { level: string }) => u.level === 'TOWNSHIP').code;
    probeFanji = (await openCase(t, { title: unique('订阅探针-樊集-') })).id;
    probeWang = (await openCase(t, { as: 'insp.wangzhuang', title: unique('订阅探针-王庄-'), handlingUnitCode: '411329101', workplaceUnitCode: '411329101' })).id;
    probeZy = (
      await openCase(t, {
        as: 'insp.zhongyuan',
        title: unique('订阅探针-中原-'),
        handlingUnitCode: '410102',
        workplaceUnitCode: zyTownship,
        employer: { registeredUnitCode: '410102' },
      })
    ).id;
  });

  afterEach(async () => {
    await Promise.all(subs.splice(0).map((s) => s.close()));
  });

  afterAll(() => t.close());

  it('a subscriber gets only the events of cases it may see at the moment of each event', async () => {
    const lead = await subscribe('lead.fanji');
    const henan = await subscribe('sup.henan');
    const wang = await subscribe('insp.wangzhuang');
    const zy = await subscribe('insp.zhongyuan');
    await untilListening(t, [lead, henan], probeFanji, 'lead.fanji');
    await untilListening(t, [wang], probeWang, 'insp.wangzhuang');
    await untilListening(t, [zy], probeZy, 'insp.zhongyuan');

    const c = await openCase(t, { title: unique('订阅-樊集-') });
    await fileCase(t, c.id);
    const leadToken = t.as('lead.fanji');
    await leadToken.ok(CASE_OPS.linkUnit, { id: c.id, unit: '410102', reason: 'WORKER_ORIGIN' });
    await t.as('insp.fanji').ok(CASE_OPS.addCaseNote, { id: c.id, note: '关联中原区后的记录' });
    await leadToken.ok(CASE_OPS.unlinkUnit, { id: c.id, unit: '410102' });
    await t.as('insp.fanji').ok(CASE_OPS.addCaseNote, { id: c.id, note: '取消关联后的记录' });

    await marker(t, [lead, henan], probeFanji, 'lead.fanji');
    await marker(t, [wang], probeWang, 'insp.wangzhuang');
    await marker(t, [zy], probeZy, 'insp.zhongyuan');

    const all = ['OPENED', 'FILED', 'LINKED', 'NOTE', 'UNLINKED', 'NOTE'];
    // The township squad handling it and the province above it see every event.
    expect(typesOf(lead, c.id)).toEqual(all);
    expect(typesOf(henan, c.id)).toEqual(all);
    // The sibling township never sees it.
    expect(typesOf(wang, c.id)).toEqual([]);
    // The other city's district sees it only while linked: from the LINKED event, not after UNLINKED.
    expect(eventsOf(zy, c.id).map((e) => [e.type, e.note])).toEqual([
      ['LINKED', expect.stringContaining('410102')],
      ['NOTE', '关联中原区后的记录'],
    ]);
    // The payload is the event as the case's timeline records it.
    const opened = eventsOf(lead, c.id)[0];
    expect(opened).toMatchObject({ caseNumber: c.number, type: 'OPENED', actor: { username: 'insp.fanji' } });
    expect(Number.isNaN(Date.parse(opened.at))).toBe(false);
    const { case: timeline } = await leadToken.ok(`query($id: ID!) { case(id: $id) { events { type at } } }`, { id: c.id });
    expect(timeline.events.map((e: { type: string }) => e.type)).toEqual(all);
    expect(eventsOf(lead, c.id).map((e) => e.at)).toEqual(timeline.events.map((e: { at: string }) => e.at));
  });

  it('caseEvents(unitCode) gives only the events of cases handled in that subtree', async () => {
    const wangOnly = await subscribe('sup.xinye', { unit: '411329101' });
    const county = await subscribe('sup.xinye');
    await untilListening(t, [wangOnly, county], probeWang, 'insp.wangzhuang');

    const fanjiCase = await openCase(t, { title: unique('订阅-范围-樊集-') });
    const wangCase = await openCase(t, {
      as: 'insp.wangzhuang',
      title: unique('订阅-范围-王庄-'),
      handlingUnitCode: '411329101',
      workplaceUnitCode: '411329101',
    });
    await marker(t, [wangOnly, county], probeWang, 'insp.wangzhuang');

    expect(typesOf(wangOnly, wangCase.id)).toEqual(['OPENED']);
    expect(typesOf(wangOnly, fanjiCase.id)).toEqual([]);
    // Without the filter the county supervisor gets both: the filter, not visibility, left one out.
    expect(typesOf(county, wangCase.id)).toEqual(['OPENED']);
    expect(typesOf(county, fanjiCase.id)).toEqual(['OPENED']);
    // Every event the filtered subscriber got is of a case handled within 王庄镇.
    expect(wangOnly.received.every((d) => d.caseEvents.caseNumber.startsWith('411329101-'))).toBe(true);
  });

  it('without a token the subscription fails as UNAUTHENTICATED and receives nothing', async () => {
    const anonymous = await subscribe(null);
    const forged = WsSubscription.start<{ caseEvents: Ev }>(t.url, CASE_EVENTS, {}, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad');
    subs.push(forged);
    const henan = await subscribe('sup.henan');
    await untilListening(t, [henan], probeFanji, 'lead.fanji');
    await anonymous.ended();
    await forged.ended();

    const c = await openCase(t, { title: unique('订阅-无令牌-') });
    await marker(t, [henan], probeFanji, 'lead.fanji');

    expect(typesOf(henan, c.id)).toEqual(['OPENED']);
    for (const s of [anonymous, forged]) {
      expect(s.errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(s.received).toEqual([]);
    }
  });

  it('a change made through one server instance reaches a subscriber of another (two instances sharing Redis on PostgreSQL; the in-process PubSub of one instance on PGlite)', async () => {
    const onServer = !!process.env.DATABASE_URL;
    const extra: TestApp[] = [];
    try {
      // PGlite keeps one process per data folder, so there a second instance cannot start: the
      // same path is checked through the one instance, with its in-process PubSub.
      let writer = t;
      let reader = t;
      if (onServer) {
        const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
        writer = await TestApp.start({ REDIS_URL });
        extra.push(writer);
        reader = await TestApp.start({ REDIS_URL });
        extra.push(reader);
      }
      const c = await openCase(writer, { title: unique('订阅-双实例-') });
      const sub: Sub = WsSubscription.start(reader.url, CASE_EVENTS, {}, await reader.as('sup.nanyang').token());
      subs.push(sub);
      // Notes on the case itself through the writer, until the reader's subscriber gets one.
      await untilListening(writer, [sub], c.id, 'insp.fanji');

      await fileCase(writer, c.id);
      const filed = await sub.waitFor((d) => d.caseEvents.caseId === c.id && d.caseEvents.type === 'FILED', 15_000, 'FILED');
      expect(filed.caseEvents).toMatchObject({ caseNumber: c.number, actor: { username: 'lead.fanji' } });
      await marker(writer, [sub], c.id, 'insp.fanji');
      // Delivered once, not once per instance.
      expect(typesOf(sub, c.id).filter((type) => type === 'FILED')).toEqual(['FILED']);
    } finally {
      await Promise.all(subs.splice(0).map((s) => s.close()));
      for (const app of extra) await app.close();
    }
  });
});
