import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD } from '../../src/database/demo-data';
import { CASE_OPS, OpenedCase, caseState, everyCaseCommand, openCase, openFiledCase, userId } from '../support/cases';
import { serverDay, TestApp, unique } from '../support/test-app';

/**
 * Issue 3, part A: who sees and who acts on a case (一地办案，多地监管), links and transfer (移送,
 * 指定管辖), supervision orders (挂牌督办) and assistance requests (协查). A case is handled by
 * 樊集乡 411329305 unless a test says otherwise.
 */

const CASE = `query($id: ID!) { case(id: $id) {
  id number status handlingUnit { code } events { type note actor { username } } links { unit { code } reason }
  inspectors { username } supervisionOrders { id status overdue report issuingUnit { code } }
  assistanceRequests { id answer toUnit { code } }
} }`;
const BY_NUMBER = `query($n: String!) { caseByNumber(number: $n) { id number events { type } links { unit { code } } } }`;
const LIST = `query($s: String!) { cases(first: 100, filter: { search: $s }) { totalCount edges { node { id } } } }`;

describe('cases: who sees and who acts', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const read = async (id: string, as: string) => (await t.as(as).ok(CASE, { id })).case;
  const sees = async (c: OpenedCase, as: string): Promise<boolean> => {
    const byId = await t.as(as).gql(CASE, { id: c.id });
    const byNumber = await t.as(as).gql(BY_NUMBER, { n: c.number });
    const list = await t.as(as).gql(LIST, { s: c.title });
    const seen = [!!byId.data?.case, !!byNumber.data?.caseByNumber, list.data?.cases.totalCount === 1];
    if (seen.every(Boolean)) {
      expect(byId.data!.case.id).toBe(c.id);
      expect(list.data!.cases.edges[0].node.id).toBe(c.id);
      return true;
    }
    // not seen at all: NOT_FOUND on both look-ups (no partial data), nothing in the list
    expect({ as, seen }).toEqual({ as, seen: [false, false, false] });
    expect(byId.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(byNumber.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(list.data!.cases).toEqual({ totalCount: 0, edges: [] });
    return false;
  };
  const note = async (id: string, as: string) => t.as(as).gql(CASE_OPS.addCaseNote, { id, note: `${as} 的备注` });
  const codeOf = (r: { errors?: { extensions?: { code?: string } }[] }) => r.errors?.[0]?.extensions?.code ?? 'OK';

  // ---------------------------------------------------------------- the matrix

  describe('the jurisdiction matrix on a case of 樊集乡', () => {
    let c: OpenedCase;
    beforeAll(async () => {
      c = await openFiledCase(t);
    });

    it.each([
      ['the handling township (inspector)', 'insp.fanji'],
      ['the handling township (squad leader)', 'lead.fanji'],
      ['its county bureau', 'sup.xinye'],
      ['its county squad', 'lead.xinye'],
      ['its city', 'sup.nanyang'],
      ['its province', 'sup.henan'],
    ])('%s reads it (case, caseByNumber, cases) and adds notes', async (_who, as) => {
      expect(await sees(c, as)).toBe(true);
      const before = await caseState(t, c.id);
      expect(codeOf(await note(c.id, as))).toBe('OK');
      const after = await read(c.id, as);
      expect(after.events.length).toBe(before.events.length + 1);
      expect(after.events[after.events.length - 1]).toEqual({ type: 'NOTE', note: `${as} 的备注`, actor: { username: as } });
    });

    it.each([
      ['a sibling township', 'insp.wangzhuang'],
      ['a sibling county', 'lead.wancheng'],
      ['another city', 'sup.zhengzhou'],
      ['a county of another city', 'insp.zhongyuan'],
      ['a grid of the handling township', 'grid.yangzhuang'],
    ])('%s gets NOT_FOUND for case and caseByNumber, nothing in cases, and cannot add notes', async (_who, as) => {
      expect(await sees(c, as)).toBe(false);
      const before = await caseState(t, c.id);
      expect(codeOf(await note(c.id, as))).toBe('NOT_FOUND');
      expect(await caseState(t, c.id)).toEqual(before);
    });

    it('a worker never sees a case: no data from case, caseByNumber, cases or a note, only FORBIDDEN or NOT_FOUND', async () => {
      for (const worker of ['13800000001', '13800000002']) {
        const w = t.as(worker);
        const results = [
          await w.gql(CASE, { id: c.id }),
          await w.gql(BY_NUMBER, { n: c.number }),
          await w.gql(LIST, { s: c.title }),
          await w.gql(CASE_OPS.addCaseNote, { id: c.id, note: '工人' }),
          await w.gql(CASE_OPS.recordPayment, { id: c.id, amount: '1.00', workers: 1 }),
        ];
        for (const r of results) {
          // `case` and `caseByNumber` are nullable: data may be { case: null }, never a case
          expect(Object.values(r.data ?? {}).filter((v) => v !== null)).toEqual([]);
          expect(['FORBIDDEN', 'NOT_FOUND']).toContain(codeOf(r));
        }
      }
    });

    it('units above read and supervise but do not work the case: FORBIDDEN for orders, payments, penalties', async () => {
      const before = await caseState(t, c.id);
      for (const as of ['sup.xinye', 'sup.nanyang', 'sup.henan']) {
        const user = t.as(as);
        expect(codeOf(await user.gql(CASE_OPS.orderRectification, { id: c.id, due: serverDay(t, 10), amount: '100.00' }))).toBe('FORBIDDEN');
        expect(codeOf(await user.gql(CASE_OPS.recordPayment, { id: c.id, amount: '100.00', workers: 1 }))).toBe('FORBIDDEN');
        expect(codeOf(await user.gql(CASE_OPS.decidePenalty, { id: c.id, fine: '100.00', basis: '依据' }))).toBe('FORBIDDEN');
        expect(codeOf(await user.gql(CASE_OPS.transferToPolice, { id: c.id, reason: '涉罪' }))).toBe('FORBIDDEN');
        expect(codeOf(await user.gql(CASE_OPS.requestAssistance, { id: c.id, unit: '410102', request: '协查' }))).toBe('FORBIDDEN');
      }
      expect(await caseState(t, c.id)).toEqual(before);
    });

    it('the handling unit itself cannot issue a supervision order on its case (FORBIDDEN); its county squad leader can', async () => {
      const due = serverDay(t, 15);
      const before = await caseState(t, c.id);
      expect(codeOf(await t.as('lead.fanji').gql(CASE_OPS.issueSupervisionOrder, { id: c.id, instructions: '督办', due }))).toBe('FORBIDDEN');
      expect(codeOf(await t.as('insp.fanji').gql(CASE_OPS.issueSupervisionOrder, { id: c.id, instructions: '督办', due }))).toBe('FORBIDDEN');
      expect(await caseState(t, c.id)).toEqual(before);
      const { r } = await t.as('lead.xinye').ok(CASE_OPS.issueSupervisionOrder, { id: c.id, instructions: '县大队督办', due });
      expect(r.issuingUnit.code).toBe('411329');
    });
  });

  describe('a sibling township: NOT_FOUND for the case and every mutation on it', () => {
    let c: OpenedCase;
    let orderId: string;
    let requestId: string;
    let siblingLead: string;

    beforeAll(async () => {
      c = await openFiledCase(t);
      orderId = (await t.as('sup.xinye').ok(CASE_OPS.issueSupervisionOrder, { id: c.id, instructions: '限期查处', due: serverDay(t, 15) })).r.id;
      requestId = (await t.as('insp.fanji').ok(CASE_OPS.requestAssistance, { id: c.id, unit: '410102', request: '请协助调查' })).r.id;
      // 王庄镇 has no squad leader among the demo accounts: make one (with the demo password, so that
      // t.as(siblingLead) logs in like any demo user), so that every command is tried with a role allowed to run it.
      const username = unique('lead.wz.');
      await t.as('admin.henan').ok(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { username, password: DEMO_PASSWORD, displayName: '王庄镇中队长', role: 'SQUAD_LEADER', unitCode: '411329101' } });
      siblingLead = username;
    });

    const commands = (id: string, order: string, request: string, ids: string[]) =>
      everyCaseCommand(t, { id, order, request, inspectorIds: ids, linkTo: '411329101' });
    const LEAD_ONLY = ['fileCase', 'rejectCase', 'extendDeadline', 'closeCase', 'issueSupervisionOrder'];

    it('neither its inspector nor its squad leader sees the case', async () => {
      expect(await sees(c, 'insp.wangzhuang')).toBe(false);
      expect(await sees(c, siblingLead)).toBe(false);
    });

    it('its squad leader gets NOT_FOUND for every mutation, exactly as for an id that does not exist; nothing changes', async () => {
      const ids = [await userId(t, 'insp.wangzhuang'), await userId(t, siblingLead)];
      const before = await read(c.id, 'sup.henan');
      const user = t.as(siblingLead);
      const real = commands(c.id, orderId, requestId, ids);
      const fake = commands(randomUUID(), randomUUID(), randomUUID(), ids);
      for (const [i, [name, q, v]] of real.entries()) {
        const got = codeOf(await user.gql(q, v));
        const missing = codeOf(await user.gql(fake[i][1], fake[i][2]));
        expect({ name, got, missing }).toEqual({ name, got: 'NOT_FOUND', missing: 'NOT_FOUND' });
      }
      expect(await read(c.id, 'sup.henan')).toEqual(before);
    });

    it('its inspector gets NOT_FOUND for every mutation an inspector may run, FORBIDDEN (by role, as for a missing id) for the others; nothing changes', async () => {
      const ids = [await userId(t, 'insp.wangzhuang'), await userId(t, 'insp.fanji')];
      const before = await read(c.id, 'sup.henan');
      const user = t.as('insp.wangzhuang');
      const real = commands(c.id, orderId, requestId, ids);
      const fake = commands(randomUUID(), randomUUID(), randomUUID(), ids);
      for (const [i, [name, q, v]] of real.entries()) {
        const expected = LEAD_ONLY.includes(name) ? 'FORBIDDEN' : 'NOT_FOUND';
        const got = codeOf(await user.gql(q, v));
        const missing = codeOf(await user.gql(fake[i][1], fake[i][2]));
        expect({ name, got, missing }).toEqual({ name, got: expected, missing: expected });
      }
      expect(await read(c.id, 'sup.henan')).toEqual(before);
    });
  });

  // ---------------------------------------------------------------- links

  describe('links (一地办案，多地监管)', () => {
    it('a linked unit reads and adds notes but cannot work the case (FORBIDDEN); unlinking takes it away, the events remain', async () => {
      const c = await openFiledCase(t);
      const { r } = await t.as('insp.fanji').ok(CASE_OPS.linkUnit, { id: c.id, unit: '410102', reason: 'WORKER_ORIGIN' });
      expect(r.handlingUnit.code).toBe('411329305');
      const linked = await read(c.id, 'insp.zhongyuan');
      expect(linked.links).toEqual([{ unit: { code: '410102' }, reason: 'WORKER_ORIGIN' }]);
      expect(linked.events.map((e: any) => e.type)).toEqual(['OPENED', 'FILED', 'LINKED']);
      expect(await sees(c, 'insp.zhongyuan')).toBe(true);
      expect(await sees(c, 'sup.zhengzhou')).toBe(true); // every unit above the linked unit
      expect(await sees(c, 'insp.wangzhuang')).toBe(false);

      expect(codeOf(await note(c.id, 'insp.zhongyuan'))).toBe('OK');
      expect(codeOf(await note(c.id, 'sup.zhengzhou'))).toBe('OK');
      const before = await caseState(t, c.id);
      const z = t.as('insp.zhongyuan');
      expect(codeOf(await z.gql(CASE_OPS.orderRectification, { id: c.id, due: serverDay(t, 10), amount: '100.00' }))).toBe('FORBIDDEN');
      expect(codeOf(await z.gql(CASE_OPS.recordPayment, { id: c.id, amount: '100.00', workers: 1 }))).toBe('FORBIDDEN');
      expect(codeOf(await z.gql(CASE_OPS.requestAssistance, { id: c.id, unit: '411302', request: '协查' }))).toBe('FORBIDDEN');
      expect(codeOf(await z.gql(CASE_OPS.linkUnit, { id: c.id, unit: '411302', reason: 'WORKER_ORIGIN' }))).toBe('FORBIDDEN');
      expect(codeOf(await z.gql(CASE_OPS.unlinkUnit, { id: c.id, unit: '410102' }))).toBe('FORBIDDEN');
      expect(codeOf(await z.gql(CASE_OPS.transferCase, { id: c.id, to: '410102', reason: '移送' }))).toBe('FORBIDDEN');
      const zz = t.as('sup.zhengzhou');
      expect(codeOf(await zz.gql(CASE_OPS.issueSupervisionOrder, { id: c.id, instructions: '督办', due: serverDay(t, 15) }))).toBe('FORBIDDEN');
      expect(codeOf(await zz.gql(CASE_OPS.transferCase, { id: c.id, to: '410102', reason: '移送' }))).toBe('FORBIDDEN');
      expect(await caseState(t, c.id)).toEqual(before);

      await t.as('lead.fanji').ok(CASE_OPS.unlinkUnit, { id: c.id, unit: '410102' });
      expect(await sees(c, 'insp.zhongyuan')).toBe(false);
      expect(await sees(c, 'sup.zhengzhou')).toBe(false);
      expect(codeOf(await note(c.id, 'insp.zhongyuan'))).toBe('NOT_FOUND');
      const after = await read(c.id, 'insp.fanji');
      expect(after.links).toEqual([]);
      expect(after.events.map((e: any) => e.type)).toEqual(['OPENED', 'FILED', 'LINKED', 'NOTE', 'NOTE', 'UNLINKED']);
      expect(after.events[3].actor.username).toBe('insp.zhongyuan');
    });

    it('a unit at any level can be linked: a city is seen by the city and above, not by its counties', async () => {
      const c = await openCase(t);
      await t.as('sup.xinye').ok(CASE_OPS.linkUnit, { id: c.id, unit: '4101', reason: 'EMPLOYER_REGISTERED' });
      expect(await sees(c, 'sup.zhengzhou')).toBe(true);
      expect(await sees(c, 'insp.zhongyuan')).toBe(false);
    });

    it('a grid can be linked (PROJECT_SITE): its township sees the case', async () => {
      const c = await openCase(t);
      await t.as('sup.nanyang').ok(CASE_OPS.linkUnit, { id: c.id, unit: '411329101200', reason: 'PROJECT_SITE' });
      expect(await sees(c, 'insp.wangzhuang')).toBe(true);
      expect((await read(c.id, 'insp.wangzhuang')).links).toEqual([{ unit: { code: '411329101200' }, reason: 'PROJECT_SITE' }]);
    });

    it('linking an already linked unit is CONFLICT; the handling unit itself or TRANSFERRED_FROM is BAD_USER_INPUT; nothing changes', async () => {
      const c = await openCase(t);
      const insp = t.as('insp.fanji');
      await insp.ok(CASE_OPS.linkUnit, { id: c.id, unit: '410102', reason: 'WORKER_ORIGIN' });
      const before = await caseState(t, c.id);
      expect(codeOf(await insp.gql(CASE_OPS.linkUnit, { id: c.id, unit: '410102', reason: 'PROJECT_SITE' }))).toBe('CONFLICT');
      const self = await insp.gql(CASE_OPS.linkUnit, { id: c.id, unit: '411329305', reason: 'PROJECT_SITE' });
      expect(self.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['unitCode'] });
      const transferred = await insp.gql(CASE_OPS.linkUnit, { id: c.id, unit: '411302', reason: 'TRANSFERRED_FROM' });
      expect(transferred.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['reason'] });
      expect(await caseState(t, c.id)).toEqual(before);
    });

    it('outsiders cannot link or unlink (NOT_FOUND)', async () => {
      const c = await openCase(t);
      expect(codeOf(await t.as('insp.zhongyuan').gql(CASE_OPS.linkUnit, { id: c.id, unit: '410102', reason: 'WORKER_ORIGIN' }))).toBe('NOT_FOUND');
      expect(codeOf(await t.as('sup.zhengzhou').gql(CASE_OPS.linkUnit, { id: c.id, unit: '4101', reason: 'WORKER_ORIGIN' }))).toBe('NOT_FOUND');
      expect((await caseState(t, c.id)).links).toEqual([]);
    });
  });

  // ---------------------------------------------------------------- transfer

  describe('transfer (移送) and designation (指定管辖)', () => {
    it('樊集 → 王庄镇: the number stays, the new unit handles it, the old unit keeps read access through TRANSFERRED_FROM', async () => {
      const c = await openFiledCase(t);
      const { r } = await t.as('insp.fanji').ok(CASE_OPS.transferCase, { id: c.id, to: '411329101', reason: '用工所在地在王庄镇' });
      expect(r.handlingUnit.code).toBe('411329101');
      const got = await read(c.id, 'insp.wangzhuang');
      expect(got.number).toBe(c.number);
      expect(got.status).toBe('FILED');
      expect(got.links).toEqual([{ unit: { code: '411329305' }, reason: 'TRANSFERRED_FROM' }]);
      expect(got.events.map((e: any) => e.type)).toEqual(['OPENED', 'FILED', 'TRANSFERRED']);

      // the new unit works it
      await t.as('insp.wangzhuang').ok(CASE_OPS.recordPayment, { id: c.id, amount: '10.00', workers: 1 });
      // the old unit reads and notes, but no longer works, leads or transfers it
      expect(await sees(c, 'insp.fanji')).toBe(true);
      expect(codeOf(await note(c.id, 'insp.fanji'))).toBe('OK');
      const before = await caseState(t, c.id);
      expect(codeOf(await t.as('insp.fanji').gql(CASE_OPS.recordPayment, { id: c.id, amount: '10.00', workers: 1 }))).toBe('FORBIDDEN');
      expect(codeOf(await t.as('lead.fanji').gql(CASE_OPS.closeCase, { id: c.id, outcome: 'NO_VIOLATION', summary: '结案' }))).toBe('FORBIDDEN');
      expect(codeOf(await t.as('lead.fanji').gql(CASE_OPS.transferCase, { id: c.id, to: '411302', reason: '再移送' }))).toBe('FORBIDDEN');
      expect(await caseState(t, c.id)).toEqual(before);
      // the common county still sees it
      expect(await sees(c, 'sup.xinye')).toBe(true);
    });

    it('the receiving unit may not transfer it again (CONFLICT), nor may a unit above only one side; a SUPERVISOR above both can (指定管辖)', async () => {
      const c = await openFiledCase(t);
      await t.as('lead.fanji').ok(CASE_OPS.transferCase, { id: c.id, to: '411329101', reason: '移送王庄镇' });
      const before = await caseState(t, c.id);
      for (const as of ['insp.wangzhuang', 'lead.xinye', 'sup.xinye']) {
        const r = await t.as(as).gql(CASE_OPS.transferCase, { id: c.id, to: '411302', reason: '再次移送' });
        expect({ as, code: codeOf(r) }).toEqual({ as, code: 'CONFLICT' });
      }
      expect(await caseState(t, c.id)).toEqual(before);
      expect(await sees(c, 'lead.wancheng')).toBe(false);

      const { r } = await t.as('sup.nanyang').ok(CASE_OPS.transferCase, { id: c.id, to: '411302', reason: '市局指定宛城区管辖' });
      expect(r.handlingUnit.code).toBe('411302');
      const after = await read(c.id, 'lead.wancheng');
      expect(after.number).toBe(c.number);
      expect(after.links.map((l: any) => [l.unit.code, l.reason]).sort()).toEqual([
        ['411329101', 'TRANSFERRED_FROM'],
        ['411329305', 'TRANSFERRED_FROM'],
      ]);
      expect(after.events.map((e: any) => e.type)).toEqual(['OPENED', 'FILED', 'TRANSFERRED', 'TRANSFERRED']);
      await t.as('lead.wancheng').ok(CASE_OPS.recordPayment, { id: c.id, amount: '10.00', workers: 1 });
      expect(codeOf(await t.as('insp.wangzhuang').gql(CASE_OPS.recordPayment, { id: c.id, amount: '10.00', workers: 1 }))).toBe('FORBIDDEN');
      expect(await sees(c, 'insp.wangzhuang')).toBe(true);
      expect(await sees(c, 'insp.fanji')).toBe(true);
    });

    it('a county bureau above both townships designates within the county', async () => {
      const c = await openCase(t);
      await t.as('insp.fanji').ok(CASE_OPS.transferCase, { id: c.id, to: '411329101', reason: '移送' });
      const { r } = await t.as('sup.xinye').ok(CASE_OPS.transferCase, { id: c.id, to: '411329305', reason: '县局指定樊集乡管辖' });
      expect(r.handlingUnit.code).toBe('411329305');
      expect((await caseState(t, c.id)).links).toEqual([{ unit: '411329101', reason: 'TRANSFERRED_FROM' }]);
    });

    it('a closed or rejected case is not transferred (CONFLICT)', async () => {
      for (const status of ['CLOSED', 'REJECTED']) {
        const c = await openCase(t);
        if (status === 'REJECTED') await t.as('lead.fanji').ok(CASE_OPS.rejectCase, { id: c.id, reason: '不予立案' });
        else {
          await t.as('lead.fanji').ok(CASE_OPS.fileCase, { id: c.id, ids: [await userId(t, 'insp.fanji'), await userId(t, 'insp.fanji2')] });
          await t.as('lead.fanji').ok(CASE_OPS.closeCase, { id: c.id, outcome: 'NO_VIOLATION', summary: '结案' });
        }
        const before = await caseState(t, c.id);
        expect(codeOf(await t.as('insp.fanji').gql(CASE_OPS.transferCase, { id: c.id, to: '411329101', reason: '移送' }))).toBe('CONFLICT');
        expect(await caseState(t, c.id)).toEqual(before);
      }
    });
  });

  // ---------------------------------------------------------------- supervision orders

  describe('supervision orders (挂牌督办)', () => {
    it('a unit above issues an order; it is overdue after its due date; the handling unit reports once (a second report is CONFLICT)', async () => {
      const c = await openFiledCase(t);
      const due = serverDay(t, 1);
      const { r: order } = await t.as('sup.nanyang').ok(CASE_OPS.issueSupervisionOrder, { id: c.id, instructions: '三日内查清欠薪', due });
      expect(order).toMatchObject({ status: 'OPEN', overdue: false, report: null, reportedAt: null, issuingUnit: { code: '4113' } });
      const listed = await read(c.id, 'insp.fanji');
      expect(listed.supervisionOrders).toEqual([{ id: order.id, status: 'OPEN', overdue: false, report: null, issuingUnit: { code: '4113' } }]);
      expect(listed.events.map((e: any) => e.type)).toEqual(['OPENED', 'FILED', 'SUPERVISION_ORDERED']);

      try {
        t.clock.travel(2 * 24 * 60 * 60 * 1000);
        const insp = t.as('insp.fanji');
        expect((await insp.ok(CASE, { id: c.id })).case.supervisionOrders[0].overdue).toBe(true);
        // only the handling unit reports: not the issuer, not a unit that merely sees the case
        expect(codeOf(await t.as('sup.nanyang').gql(CASE_OPS.reportOnSupervisionOrder, { orderId: order.id, report: '报告' }))).toBe('FORBIDDEN');
        expect(codeOf(await t.as('insp.wangzhuang').gql(CASE_OPS.reportOnSupervisionOrder, { orderId: order.id, report: '报告' }))).toBe('NOT_FOUND');
        const { r: reported } = await insp.ok(CASE_OPS.reportOnSupervisionOrder, { orderId: order.id, report: '已责令限期支付' });
        expect(reported).toMatchObject({ status: 'REPORTED', overdue: false, report: '已责令限期支付' });
        expect(reported.reportedAt).not.toBeNull();
        const again = await t.as('lead.fanji').gql(CASE_OPS.reportOnSupervisionOrder, { orderId: order.id, report: '再报' });
        expect(codeOf(again)).toBe('CONFLICT');
      } finally {
        t.clock.reset();
      }
      const after = await read(c.id, 'insp.fanji');
      expect(after.events.map((e: any) => e.type)).toEqual(['OPENED', 'FILED', 'SUPERVISION_ORDERED', 'SUPERVISION_REPORTED']);
      expect(after.supervisionOrders).toEqual([{ id: order.id, status: 'REPORTED', overdue: false, report: '已责令限期支付', issuingUnit: { code: '4113' } }]);
    });

    it('orders on a closed case are CONFLICT; outsiders get NOT_FOUND', async () => {
      const c = await openFiledCase(t);
      await t.as('lead.fanji').ok(CASE_OPS.closeCase, { id: c.id, outcome: 'NO_VIOLATION', summary: '结案' });
      const args = { id: c.id, instructions: '督办', due: serverDay(t, 15) };
      expect(codeOf(await t.as('sup.xinye').gql(CASE_OPS.issueSupervisionOrder, args))).toBe('CONFLICT');
      const open = await openFiledCase(t);
      expect(codeOf(await t.as('sup.zhengzhou').gql(CASE_OPS.issueSupervisionOrder, { ...args, id: open.id }))).toBe('NOT_FOUND');
      expect(codeOf(await t.as('lead.wancheng').gql(CASE_OPS.issueSupervisionOrder, { ...args, id: open.id }))).toBe('NOT_FOUND');
      expect((await read(open.id, 'sup.henan')).supervisionOrders).toEqual([]);
    });
  });

  // ---------------------------------------------------------------- look-ups by id

  describe('an order or a request of a case the caller does not see reads exactly as an id that does not exist', () => {
    const answerOf = (r: { errors?: { message: string; extensions?: { code?: string } }[] }) => ({ code: r.errors?.[0]?.extensions?.code, message: r.errors?.[0]?.message });

    it.each([
      ['reportOnSupervisionOrder', 'supervision order not found'],
      ['answerAssistance', 'assistance request not found'],
    ])('%s: NOT_FOUND with the same message for a missing id and for one of another township', async (op, message) => {
      const c = await openFiledCase(t);
      const { r: order } = await t.as('sup.nanyang').ok(CASE_OPS.issueSupervisionOrder, { id: c.id, instructions: '督办', due: serverDay(t, 15) });
      const { r: req } = await t.as('insp.fanji').ok(CASE_OPS.requestAssistance, { id: c.id, unit: '411329101', request: '请核实' });
      // 宛城区 (another county of the city) neither handles, is linked to, nor lies above the case.
      const vars = (id: string) => (op === 'reportOnSupervisionOrder' ? { orderId: id, report: '报告' } : { requestId: id, answer: '答复' });
      const realId = op === 'reportOnSupervisionOrder' ? order.id : req.id;
      const outsider = t.as('lead.wancheng');
      const notYours = answerOf(await outsider.gql(CASE_OPS[op as keyof typeof CASE_OPS], vars(realId)));
      const missing = answerOf(await outsider.gql(CASE_OPS[op as keyof typeof CASE_OPS], vars(randomUUID())));
      expect(notYours).toEqual(missing);
      expect(missing).toEqual({ code: 'NOT_FOUND', message });
    });
  });

  // ---------------------------------------------------------------- assistance requests

  describe('assistance requests (协查)', () => {
    it('the asked unit is linked (ASSISTANCE), sees the case and answers once; a third unit gets NOT_FOUND; a second answer is CONFLICT', async () => {
      const c = await openFiledCase(t);
      expect(await sees(c, 'insp.zhongyuan')).toBe(false);
      const { r: req } = await t.as('insp.fanji').ok(CASE_OPS.requestAssistance, { id: c.id, unit: '410102', request: '请核实用人单位注册地址' });
      expect(req).toMatchObject({ toUnit: { code: '410102' }, answer: null, answeredAt: null, request: '请核实用人单位注册地址' });
      expect(new Date(req.dueAt).getTime()).toBeGreaterThan(t.clock.now().getTime());
      const seen = await read(c.id, 'insp.zhongyuan');
      expect(seen.links).toEqual([{ unit: { code: '410102' }, reason: 'ASSISTANCE' }]);
      expect(seen.assistanceRequests).toEqual([{ id: req.id, answer: null, toUnit: { code: '410102' } }]);
      expect(await sees(c, 'insp.zhongyuan')).toBe(true);

      const before = await caseState(t, c.id);
      expect(codeOf(await t.as('insp.wangzhuang').gql(CASE_OPS.answerAssistance, { requestId: req.id, answer: '答复' }))).toBe('NOT_FOUND');
      expect(codeOf(await t.as('lead.wancheng').gql(CASE_OPS.answerAssistance, { requestId: req.id, answer: '答复' }))).toBe('NOT_FOUND');
      // units that see the case but were not asked
      expect(codeOf(await t.as('insp.fanji').gql(CASE_OPS.answerAssistance, { requestId: req.id, answer: '答复' }))).toBe('FORBIDDEN');
      expect(codeOf(await t.as('sup.xinye').gql(CASE_OPS.answerAssistance, { requestId: req.id, answer: '答复' }))).toBe('FORBIDDEN');
      // the asked unit sees but does not work the case
      expect(codeOf(await t.as('insp.zhongyuan').gql(CASE_OPS.recordPayment, { id: c.id, amount: '1.00', workers: 1 }))).toBe('FORBIDDEN');
      expect(await caseState(t, c.id)).toEqual(before);

      const { r: answered } = await t.as('insp.zhongyuan').ok(CASE_OPS.answerAssistance, { requestId: req.id, answer: '该单位注册地址属实' });
      expect(answered).toMatchObject({ id: req.id, answer: '该单位注册地址属实', toUnit: { code: '410102' } });
      expect(answered.answeredAt).not.toBeNull();
      const after = await read(c.id, 'insp.fanji');
      expect(after.events.map((e: any) => e.type)).toEqual(['OPENED', 'FILED', 'ASSISTANCE_REQUESTED', 'ASSISTANCE_ANSWERED']);
      expect(after.events[3].actor.username).toBe('insp.zhongyuan');
      expect(after.assistanceRequests).toEqual([{ id: req.id, answer: '该单位注册地址属实', toUnit: { code: '410102' } }]);

      for (const as of ['insp.zhongyuan', 'sup.zhengzhou']) {
        const again = await t.as(as).gql(CASE_OPS.answerAssistance, { requestId: req.id, answer: '再答' });
        expect({ as, code: codeOf(again) }).toEqual({ as, code: 'CONFLICT' });
      }
      expect((await caseState(t, c.id)).events).toHaveLength(4);
    });

    it('only the handling unit asks for assistance: a unit above or a linked unit gets FORBIDDEN, an outsider NOT_FOUND', async () => {
      const c = await openFiledCase(t);
      await t.as('insp.fanji').ok(CASE_OPS.linkUnit, { id: c.id, unit: '410102', reason: 'WORKER_ORIGIN' });
      const before = await caseState(t, c.id);
      const ask = { id: c.id, unit: '411302', request: '协查' };
      expect(codeOf(await t.as('sup.xinye').gql(CASE_OPS.requestAssistance, ask))).toBe('FORBIDDEN');
      expect(codeOf(await t.as('insp.zhongyuan').gql(CASE_OPS.requestAssistance, ask))).toBe('FORBIDDEN');
      expect(codeOf(await t.as('lead.wancheng').gql(CASE_OPS.requestAssistance, ask))).toBe('NOT_FOUND');
      expect(await caseState(t, c.id)).toEqual(before);
    });
  });
});
