import { shanghaiDate } from '../../src/common/time';
import { CaseEventMessage, CaseEventsBus } from '../../src/modules/cases/case-events.bus';
import { OverdueSweepService } from '../../src/modules/deadlines/overdue-sweep.service';
import { WageClaimsService } from '../../src/modules/wage-claims/wage-claims.service';
import { CASE_OPS } from '../support/cases';
import { claimInput, registerWorker, SUBMIT, Worker, newCreditCode } from '../support/claims';
import { CASE_EVENTS, FANJI, fileGridCase, openCaseAgainst, WANGZHUANG, YANGZHUANG } from '../support/grid';
import { serverDay, TestApp, travelTo, unique } from '../support/test-app';
import { WsSubscription } from '../support/ws';

/**
 * The overdue sweep (issue 5, rule 6): `OverdueSweepService.runOnce()` finds the cases, claims,
 * supervision orders, assistance requests and payment orders that just passed a deadline and
 * sends one notice per item and deadline: for an item of a case a `caseEvents` event (type
 * OVERDUE), also written to the case's `events`; for a claim not yet answered a line in the claim's
 * own timeline (`updates`), written by the claims module (issue 9: a claim is not a case, its id is
 * no caseId). A second sweep sends nothing new, and neither do sweeps running at the same time, on
 * one instance or (PostgreSQL) on two instances sharing the database and Redis.
 *
 * The database is shared with other test files, whose items the sweep finds too: every check is
 * about this file's own items, or compares what the sweeps returned with what they published and
 * with the rows they added to the overdue_notice ledger.
 */

const SUB_EVENTS = `subscription($unit: String) { caseEvents(unitCode: $unit) { caseId caseNumber type note at actor { username } } }`;
interface Ev {
  caseId: string;
  caseNumber: string;
  type: string;
  note: string | null;
  at: string;
  actor: { username: string } | null;
}
type Sub = WsSubscription<{ caseEvents: Ev }>;

/** The item an OVERDUE event is about: the case (or claim) id and the kind of deadline, from its note. */
const itemOf = (e: { caseId: string; note: string | null }) => `${e.caseId}:${(e.note ?? '').split(' ')[0]}`;
const MINUTE = 60_000;

describe('the overdue sweep', () => {
  let t: TestApp;
  let worker: Worker;
  const subs: Sub[] = [];

  beforeAll(async () => {
    t = await TestApp.start();
    worker = await registerWorker(t);
  });
  afterEach(async () => {
    t.clock.reset();
    await Promise.all(subs.splice(0).map((x) => x.close()));
  });
  afterAll(() => t.close());

  /**
   * Runs `sweeps` (concurrently) and returns what they returned, what they published on `apps'`
   * buses, the claims they sent a notice about, and every item noticed (`<id>:<kind>`).
   */
  async function sweep(
    apps: TestApp[],
    sweeps: TestApp[] = apps,
  ): Promise<{ counts: number[]; events: CaseEventMessage['event'][]; claims: string[]; items: string[] }> {
    const spies = apps.map((a) => jest.spyOn(a.app.get(CaseEventsBus), 'publish'));
    const claimSpies = [...new Set(sweeps)].map((a) => jest.spyOn(a.app.get(WageClaimsService), 'noticeOverdue'));
    try {
      const counts = await Promise.all(sweeps.map((a) => a.app.get(OverdueSweepService).runOnce()));
      const events = spies.flatMap((spy) => spy.mock.calls.flatMap(([messages]) => messages.map((m) => m.event)));
      const claims = claimSpies.flatMap((spy) => spy.mock.calls.map(([, item]) => item.itemId));
      return { counts, events, claims, items: [...events.map(itemOf), ...claims.map((id) => `${id}:WAGE_CLAIM`)] };
    } finally {
      spies.forEach((spy) => spy.mockRestore());
      claimSpies.forEach((spy) => spy.mockRestore());
    }
  }
  /** The overdue lines in a claim's own timeline. */
  const claimNotices = async (id: string): Promise<string[]> =>
    (await t.as('sup.xinye').ok(`query($id: ID!) { wageClaim(id: $id) { updates { message } } }`, { id })).wageClaim.updates
      .map((u: { message: string }) => u.message)
      .filter((m: string) => m.includes('答复期限'));
  const noticeRows = async (): Promise<number> => (await t.ds.query(`SELECT count(*)::int AS n FROM overdue_notice`))[0].n;
  const noticesOf = async (ids: string[]): Promise<{ kind: string; item_id: string }[]> =>
    t.ds.query(`SELECT kind, item_id FROM overdue_notice WHERE item_id = ANY($1::uuid[]) ORDER BY kind, item_id`, [ids]);
  const overdueEvents = async (caseId: string): Promise<{ type: string; note: string }[]> =>
    (await t.as('sup.henan').ok(CASE_EVENTS, { id: caseId })).case.events.filter((e: { type: string }) => e.type === 'OVERDUE');
  const employer = () => ({ name: unique('逾期测试公司'), creditCode: newCreditCode() });

  /** Subscribes as sup.xinye to events of 樊集乡 on `app`, and waits until notes on `probe` arrive. */
  async function listen(app: TestApp, probe: string): Promise<Sub> {
    const sub: Sub = WsSubscription.start(app.url, SUB_EVENTS, { unit: FANJI }, await app.as('sup.xinye').token());
    subs.push(sub);
    for (let attempt = 0; attempt < 40; attempt++) {
      const note = unique('probe-');
      await app.as('insp.fanji').ok(CASE_OPS.addCaseNote, { id: probe, note });
      if (await sub.waitFor((d) => d.caseEvents.note === note, 500).then(() => true, () => false)) return sub;
    }
    throw new Error('the subscriber never started listening');
  }
  /** A note on `probe` through `app` that each of `subscribers` receives: everything published before it has arrived. */
  async function marker(app: TestApp, probe: string, subscribers: Sub[]): Promise<void> {
    const note = unique('marker-');
    await app.as('insp.fanji').ok(CASE_OPS.addCaseNote, { id: probe, note });
    await Promise.all(subscribers.map((x) => x.waitFor((d) => d.caseEvents.note === note, 15_000, `marker ${note}`)));
  }
  const overdueOf = (sub: Sub, keys: string[]) =>
    sub.received.map((d) => d.caseEvents).filter((e) => e.type === 'OVERDUE' && keys.includes(itemOf(e)));

  it('each kind of item gets one notice when it passes its deadline (an item of a case: an OVERDUE caseEvent and case event; a claim: a line in its timeline); a second sweep sends nothing new', async () => {
    // A case left RECEIVED (acceptance clock), a claim left SUBMITTED (answer clock), and a filed
    // case with a supervision order and a payment order due tomorrow and an assistance request.
    const received = await openCaseAgainst(t, employer());
    const { submitWageClaim: claim } = await t.as(worker).ok(SUBMIT, { i: claimInput(t, { workplaceUnitCode: YANGZHUANG }) });
    const filed = await openCaseAgainst(t, employer());
    await fileGridCase(t, filed.id);
    const tomorrow = serverDay(t, 1);
    const { r: order } = await t.as('sup.xinye').ok(CASE_OPS.issueSupervisionOrder, { id: filed.id, instructions: '限期查处并报告', due: tomorrow });
    const { r: request } = await t.as('insp.fanji').ok(CASE_OPS.requestAssistance, { id: filed.id, unit: WANGZHUANG, request: '请协助核实用工情况' });
    await t.as('insp.fanji').ok(CASE_OPS.orderRectification, { id: filed.id, due: tomorrow, amount: '12800.00' });
    const { case: rc } = await t.as('sup.henan').ok(`query($id: ID!) { case(id: $id) { acceptanceDueAt } }`, { id: received.id });

    const items: { key: string; dueAt: number }[] = [
      { key: `${received.id}:CASE`, dueAt: Date.parse(rc.acceptanceDueAt) },
      { key: `${claim.id}:WAGE_CLAIM`, dueAt: Date.parse(claim.responseDueAt) },
      { key: `${filed.id}:SUPERVISION_ORDER`, dueAt: Date.parse(order.dueAt) },
      { key: `${filed.id}:ASSISTANCE_REQUEST`, dueAt: Date.parse(request.dueAt) },
      { key: `${filed.id}:PAYMENT_ORDER`, dueAt: Date.parse(`${tomorrow}T23:59:59.999+08:00`) },
    ];
    const keys = items.map((i) => i.key);
    const sub = await listen(t, received.id);

    // Nothing of ours is overdue yet.
    const early = await sweep([t]);
    expect(early.items.filter((i) => keys.includes(i))).toEqual([]);

    // Sweep a minute after each deadline, earliest first: exactly the items that just passed it.
    const dues = [...new Set(items.map((i) => i.dueAt))].sort((a, b) => a - b);
    for (const due of dues) {
      travelTo(t, new Date(due + MINUTE));
      const first = await sweep([t]);
      expect(first.counts[0]).toBe(first.events.length + first.claims.length);
      expect(first.items.filter((i) => keys.includes(i)).sort()).toEqual(items.filter((i) => i.dueAt === due).map((i) => i.key).sort());
      expect(first.events.filter((e) => keys.includes(itemOf(e))).every((e) => e.type === 'OVERDUE' && e.actorId === null)).toBe(true);
      const second = await sweep([t]);
      expect(second.items.filter((i) => keys.includes(i))).toEqual([]);
    }

    // The subscriber got each item of a case once, and nothing about the claim: its notice is in
    // its own timeline, once, in words the worker reads.
    await marker(t, received.id, [sub]);
    const got = overdueOf(sub, keys);
    const caseKeys = keys.filter((k) => k !== `${claim.id}:WAGE_CLAIM`);
    expect(got.map(itemOf).sort()).toEqual([...caseKeys].sort());
    expect(sub.received.filter((d) => d.caseEvents.caseId === claim.id)).toEqual([]);
    expect(got.find((e) => e.caseId === received.id)).toMatchObject({ caseNumber: received.number, actor: null });
    expect(await claimNotices(claim.id)).toEqual([expect.stringContaining(shanghaiDate(new Date(claim.responseDueAt)))]);
    const { wageClaim: seen } = await t.as(worker).ok(`query($id: ID!) { wageClaim(id: $id) { updates { message } } }`, { id: claim.id });
    expect(seen.updates.filter((u: { message: string }) => u.message.includes('答复期限'))).toHaveLength(1);

    // The cases' timelines hold the same OVERDUE events; the ledger has one notice per item.
    expect((await overdueEvents(received.id)).map((e) => e.note.split(' ')[0])).toEqual(['CASE']);
    expect((await overdueEvents(filed.id)).map((e) => e.note.split(' ')[0]).sort()).toEqual(['ASSISTANCE_REQUEST', 'PAYMENT_ORDER', 'SUPERVISION_ORDER']);
    const ledger = await noticesOf([received.id, claim.id, filed.id, order.id, request.id]);
    expect(ledger.map((r) => `${r.item_id}:${r.kind}`).sort()).toEqual(
      [`${received.id}:CASE`, `${claim.id}:WAGE_CLAIM`, `${order.id}:SUPERVISION_ORDER`, `${request.id}:ASSISTANCE_REQUEST`, `${filed.id}:PAYMENT_ORDER`].sort(),
    );
  });

  it('items done before their deadline (claim answered, order reported, request answered, order paid) are never announced', async () => {
    const c = await openCaseAgainst(t, employer());
    await fileGridCase(t, c.id);
    const tomorrow = serverDay(t, 1);
    const { r: order } = await t.as('sup.xinye').ok(CASE_OPS.issueSupervisionOrder, { id: c.id, instructions: '限期报告', due: tomorrow });
    await t.as('insp.fanji').ok(CASE_OPS.reportOnSupervisionOrder, { orderId: order.id, report: '已立案调查' });
    const { r: request } = await t.as('insp.fanji').ok(CASE_OPS.requestAssistance, { id: c.id, unit: WANGZHUANG, request: '请协助核实' });
    await t.as('insp.wangzhuang').ok(CASE_OPS.answerAssistance, { requestId: request.id, answer: '已核实' });
    await t.as('insp.fanji').ok(CASE_OPS.orderRectification, { id: c.id, due: tomorrow, amount: '100.00' });
    await t.as('insp.fanji').ok(CASE_OPS.recordPayment, { id: c.id, amount: '100.00', workers: 1 });
    const { submitWageClaim: claim } = await t.as(worker).ok(SUBMIT, { i: claimInput(t, { workplaceUnitCode: YANGZHUANG }) });
    await t.as('lead.fanji').ok(`mutation($id: ID!, $r: String!) { rejectWageClaim(claimId: $id, reason: $r) { id } }`, { id: claim.id, r: '不属于受理范围' });

    const last = Math.max(Date.parse(request.dueAt), Date.parse(claim.responseDueAt), Date.parse(order.dueAt));
    const ids = [c.id, order.id, request.id, claim.id];
    for (let at = Date.parse(order.dueAt) + MINUTE; at <= last + MINUTE; at += 3 * 86_400_000) {
      travelTo(t, new Date(at));
      const r = await sweep([t]);
      expect(r.events.filter((e) => ids.includes(e.caseId))).toEqual([]);
      expect(r.claims.filter((id) => ids.includes(id))).toEqual([]);
    }
    travelTo(t, new Date(last + MINUTE));
    await sweep([t]);
    expect(await noticesOf(ids)).toEqual([]);
    expect(await overdueEvents(c.id)).toEqual([]);
    expect(await claimNotices(claim.id)).toEqual([]);
  });

  it('a new deadline of the same case gets its own OVERDUE event: acceptance, then handling after filing', async () => {
    const c = await openCaseAgainst(t, employer());
    const { case: before } = await t.as('sup.henan').ok(`query($id: ID!) { case(id: $id) { acceptanceDueAt } }`, { id: c.id });
    travelTo(t, new Date(Date.parse(before.acceptanceDueAt) + MINUTE));
    const first = await sweep([t]);
    expect(first.events.filter((e) => e.caseId === c.id).map(itemOf)).toEqual([`${c.id}:CASE`]);
    // Filed late: the 60-working-day clock starts now.
    await fileGridCase(t, c.id);
    const { case: filed } = await t.as('sup.henan').ok(`query($id: ID!) { case(id: $id) { handlingDueAt overdue } }`, { id: c.id });
    expect(filed.overdue).toBe(false);
    expect((await sweep([t])).events.filter((e) => e.caseId === c.id)).toEqual([]);
    travelTo(t, new Date(Date.parse(filed.handlingDueAt) + MINUTE));
    const second = await sweep([t]);
    expect(second.events.filter((e) => e.caseId === c.id).map(itemOf)).toEqual([`${c.id}:CASE`]);
    expect((await sweep([t])).events.filter((e) => e.caseId === c.id)).toEqual([]);
    const events = await overdueEvents(c.id);
    expect(events).toHaveLength(2);
    expect(events[0].note).not.toBe(events[1].note);
  });

  it('two sweeps at the same time on one instance publish each newly overdue item once, and exactly what they add to the ledger', async () => {
    const cases = [];
    for (let i = 0; i < 3; i++) cases.push(await openCaseAgainst(t, employer()));
    const { case: c0 } = await t.as('sup.henan').ok(`query($id: ID!) { case(id: $id) { acceptanceDueAt } }`, { id: cases[0].id });
    travelTo(t, new Date(Date.parse(c0.acceptanceDueAt) + MINUTE));
    const keys = cases.map((c) => `${c.id}:CASE`);
    const rowsBefore = await noticeRows();
    const both = await sweep([t], [t, t]);
    const total = both.counts[0] + both.counts[1];
    expect(both.events.length + both.claims.length).toBe(total);
    expect((await noticeRows()) - rowsBefore).toBe(total);
    expect(both.events.filter((e) => keys.includes(itemOf(e))).map(itemOf).sort()).toEqual([...keys].sort());
    expect(new Set(both.events.map((e) => `${e.caseId}:${e.note}`)).size).toBe(both.events.length);
    const again = await sweep([t], [t, t]);
    expect(again.events.filter((e) => keys.includes(itemOf(e)))).toEqual([]);
    for (const c of cases) expect(await overdueEvents(c.id)).toHaveLength(1);
  });

  it('sweeps run at once on two server instances (PostgreSQL; on PGlite, which allows one instance, the one instance twice) publish each item once in all', async () => {
    // A second instance on the same database; each has its own clock and, unless TEST_REDIS_URL
    // makes them share one, its own in-process bus: then a subscriber of one instance gets what
    // that instance publishes, and across the two subscribers each event must arrive once.
    const onServer = !!process.env.DATABASE_URL;
    const sharedBus = !!process.env.TEST_REDIS_URL;
    const second = onServer ? await TestApp.start() : null;
    try {
      const apps: TestApp[] = second ? [t, second] : [t, t];
      const distinct = [...new Set(apps)];
      const probe = await openCaseAgainst(t, employer());
      const cases = [];
      for (let i = 0; i < 4; i++) cases.push(await openCaseAgainst(t, employer()));
      const { submitWageClaim: claim } = await t.as(worker).ok(SUBMIT, { i: claimInput(t, { workplaceUnitCode: YANGZHUANG }) });
      const keys = [...cases.map((c) => `${c.id}:CASE`), `${claim.id}:WAGE_CLAIM`];
      const listeners: Sub[] = [];
      for (const a of distinct) listeners.push(await listen(a, probe.id));

      const { case: c0 } = await t.as('sup.henan').ok(`query($id: ID!) { case(id: $id) { acceptanceDueAt } }`, { id: cases[0].id });
      const at = new Date(Math.max(Date.parse(c0.acceptanceDueAt), Date.parse(claim.responseDueAt)) + MINUTE);
      for (const a of distinct) travelTo(a, at);
      const rowsBefore = await noticeRows();
      const run = await sweep(distinct, apps);
      const total = run.counts.reduce((n, c) => n + c, 0);
      // What the sweeps returned is what they sent (events and claim notices), and what they added to the ledger.
      expect(run.events.length + run.claims.length).toBe(total);
      expect((await noticeRows()) - rowsBefore).toBe(total);
      expect(new Set([...run.events.map((e) => `${e.caseId}:${e.note}`), ...run.claims]).size).toBe(total);
      expect(run.items.filter((i) => keys.includes(i)).sort()).toEqual([...keys].sort());
      expect(await claimNotices(claim.id)).toHaveLength(1);
      const caseKeys = keys.filter((k) => k !== `${claim.id}:WAGE_CLAIM`);

      // Subscribers: a marker through each instance, after which all its earlier events have arrived.
      for (const [i, a] of distinct.entries()) await marker(a, probe.id, sharedBus ? listeners : [listeners[i]]);
      const received = (subs: Sub[]) => subs.flatMap((x) => overdueOf(x, keys)).map(itemOf).sort();
      if (sharedBus) for (const sub of listeners) expect(received([sub])).toEqual([...caseKeys].sort());
      else expect(received(listeners)).toEqual([...caseKeys].sort());

      // Once more on both: nothing new for our items.
      const again = await sweep(distinct, apps);
      expect(again.items.filter((i) => keys.includes(i))).toEqual([]);
      expect(await claimNotices(claim.id)).toHaveLength(1);
      expect(await noticesOf([...cases.map((c) => c.id), claim.id])).toHaveLength(keys.length);
    } finally {
      await Promise.all(subs.splice(0).map((x) => x.close()));
      if (second) await second.close();
    }
  });
});
