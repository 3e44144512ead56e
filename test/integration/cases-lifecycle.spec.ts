import { shanghaiDate } from '../../src/common/time';
import {
  CASE_OPS,
  caseState,
  fileCase,
  OPEN_CASE,
  openCase,
  openCaseInput,
  openCaseInStatus,
  openFiledCase,
  userId,
} from '../support/cases';
import { newCreditCode } from '../support/claims';
import { serverDay, TestApp, unique } from '../support/test-app';

/**
 * Issue 3, part A: opening a case, the status machine with its events, filing and the squad
 * leader's commands, money, and the `cases` list. Every case here has its own title and employer.
 */

const CASE = `query($id: ID!) { case(id: $id) {
  id number title status source amountOwed amountRecovered openedAt acceptanceDueAt handlingDueAt overdue extended outcome closedAt
  handlingUnit { code } workplaceUnit { code } employer { id name creditCode }
  inspectors { id username } events { type note actor { username } } links { unit { code } reason }
} }`;

const LIST = `query($first: Int, $after: String, $filter: CaseFilter) {
  cases(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title number status openedAt handlingUnit { code } } }
  }
}`;

const ALL_STATUSES = ['RECEIVED', 'FILED', 'RECTIFICATION_ORDERED', 'PENALTY_DECIDED', 'TRANSFERRED_TO_POLICE', 'CLOSED', 'REJECTED'];

/** The table, written out here: from → the statuses it may move to. */
const ALLOWED: Record<string, string[]> = {
  RECEIVED: ['FILED', 'REJECTED'],
  FILED: ['RECTIFICATION_ORDERED', 'PENALTY_DECIDED', 'TRANSFERRED_TO_POLICE', 'CLOSED'],
  RECTIFICATION_ORDERED: ['PENALTY_DECIDED', 'TRANSFERRED_TO_POLICE', 'CLOSED'],
  PENALTY_DECIDED: ['TRANSFERRED_TO_POLICE', 'CLOSED'],
  TRANSFERRED_TO_POLICE: ['CLOSED'],
  CLOSED: [],
  REJECTED: [],
};

/** The named mutation that moves a case to each status, with arguments that are valid in themselves. */
function moveTo(t: TestApp, status: string, id: string, inspectorIds: string[]): [string, Record<string, unknown>] {
  switch (status) {
    case 'FILED':
      return [CASE_OPS.fileCase, { id, ids: inspectorIds }];
    case 'REJECTED':
      return [CASE_OPS.rejectCase, { id, reason: '超过两年时效' }];
    case 'RECTIFICATION_ORDERED':
      return [CASE_OPS.orderRectification, { id, due: serverDay(t, 20), amount: '800.00' }];
    case 'PENALTY_DECIDED':
      return [CASE_OPS.decidePenalty, { id, fine: '2000.00', basis: '劳动保障监察条例第二十六条' }];
    case 'TRANSFERRED_TO_POLICE':
      return [CASE_OPS.transferToPolice, { id, reason: '涉嫌拒不支付劳动报酬罪' }];
    case 'CLOSED':
      return [CASE_OPS.closeCase, { id, outcome: 'PARTIALLY_PAID', summary: '结案' }];
    default:
      throw new Error(`no command moves a case to ${status}`);
  }
}

describe('cases: lifecycle, filing, money and lists', () => {
  let t: TestApp;
  let fanjiInspectors: string[];

  beforeAll(async () => {
    t = await TestApp.start();
    fanjiInspectors = [await userId(t, 'insp.fanji'), await userId(t, 'insp.fanji2')];
  });
  afterAll(() => t.close());

  const read = async (id: string, as = 'sup.henan') => (await t.as(as).ok(CASE, { id })).case;
  const casesTitled = async (title: string) =>
    Number((await t.ds.query(`SELECT count(*)::int AS n FROM case_file WHERE title = $1`, [title]))[0].n);

  // ---------------------------------------------------------------- opening

  describe('opening', () => {
    it('an inspector of the handling township opens a RECEIVED case numbered <unit>-<year>-<6 digits>, with one OPENED event', async () => {
      const before = t.clock.now();
      const c = await openCase(t, { as: 'insp.fanji', amountOwed: '12800.50', workersAffected: 4 });
      const year = shanghaiDate(before).slice(0, 4);
      expect(c.number).toMatch(new RegExp(`^411329305-${year}-\\d{6}$`));
      const got = await read(c.id, 'insp.fanji');
      expect(got).toMatchObject({
        number: c.number,
        status: 'RECEIVED',
        source: 'COMPLAINT',
        amountOwed: '12800.50',
        amountRecovered: '0.00',
        handlingUnit: { code: '411329305' },
        workplaceUnit: { code: '411329305212' },
        employer: { creditCode: c.creditCode },
        handlingDueAt: null,
        extended: false,
        outcome: null,
        inspectors: [],
        links: [],
      });
      expect(got.events.map((e: { type: string }) => e.type)).toEqual(['OPENED']);
      expect(got.events[0].actor.username).toBe('insp.fanji');
      expect(new Date(got.acceptanceDueAt).getTime()).toBeGreaterThan(new Date(got.openedAt).getTime());
    });

    it('case numbers of a unit run on without gaps: a refused opening uses no number', async () => {
      const a = await openCase(t, { as: 'lead.fanji' });
      const refused = await t.as('lead.fanji').gql(OPEN_CASE, { input: openCaseInput({ workplaceUnitCode: '411329' }) });
      expect(refused.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['workplaceUnitCode'] });
      const b = await openCase(t, { as: 'lead.fanji' });
      const seq = (n: string) => Number(n.split('-')[2]);
      expect(b.number.slice(0, -6)).toBe(a.number.slice(0, -6));
      expect(seq(b.number)).toBe(seq(a.number) + 1);
    });

    it('the employer is matched by its credit code (any letter case), not duplicated, keeping its first name', async () => {
      const code = newCreditCode();
      const first = await openCase(t, { employer: { name: '豫南建工集团有限公司', creditCode: code } });
      const second = await openCase(t, { employer: { name: '别的名字有限公司', creditCode: ` ${code.toLowerCase()} ` } });
      expect(second.employerId).toBe(first.employerId);
      expect(second.creditCode).toBe(code);
      expect((await read(second.id)).employer.name).toBe('豫南建工集团有限公司');
      const rows = await t.ds.query(`SELECT count(*)::int AS n FROM employer WHERE credit_code = $1`, [code]);
      expect(rows[0].n).toBe(1);
    });

    it.each([
      ['a township squad leader', 'lead.fanji', '411329305'],
      ['a county inspector, for a township of the county', 'insp.xinye', '411329305'],
      ['a county inspector, for the county itself', 'insp.xinye', '411329'],
      ['a county squad leader', 'lead.xinye', '411329101'],
      ['the county bureau (SUPERVISOR)', 'sup.xinye', '411329305'],
      ['the city bureau (SUPERVISOR)', 'sup.nanyang', '411329'],
      ['the provincial bureau (SUPERVISOR)', 'sup.henan', '411302'],
    ])('%s may open a case for a unit in its subtree (%s → %s)', async (_who, as, unit) => {
      const c = await openCase(t, { as, handlingUnitCode: unit, workplaceUnitCode: unit.length === 9 ? unit : '411329305' });
      expect(c.number.startsWith(`${unit}-`)).toBe(true);
      expect((await read(c.id)).handlingUnit.code).toBe(unit);
    });

    it.each([
      ['a township inspector, for the sibling township', 'insp.fanji', '411329101'],
      ['a township squad leader, for its county', 'lead.fanji', '411329'],
      ['a county inspector, for the sibling county', 'insp.xinye', '411302'],
      ['a county squad leader, for a township of another county', 'lead.wancheng', '411329305'],
      ['another city', 'sup.zhengzhou', '411329305'],
    ])('%s may not open a case outside its subtree: FORBIDDEN, nothing created', async (_who, as, unit) => {
      const title = unique('越权-');
      const r = await t.as(as).gql(OPEN_CASE, { input: openCaseInput({ title, handlingUnitCode: unit, workplaceUnitCode: '411329101' }) });
      expect(r.errors![0].extensions!.code).toBe('FORBIDDEN');
      expect(r.data?.openCase ?? null).toBeNull();
      expect(await casesTitled(title)).toBe(0);
    });

    it.each([['13800000001'], ['grid.yangzhuang'], ['admin.henan']])('%s cannot open cases (FORBIDDEN, nothing created)', async (as) => {
      const title = unique('无权-');
      expect(await t.as(as).code(OPEN_CASE, { input: openCaseInput({ title }) })).toBe('FORBIDDEN');
      expect(await casesTitled(title)).toBe(0);
    });

    it('without a token openCase is UNAUTHENTICATED', async () => {
      expect(await t.anonymous.code(OPEN_CASE, { input: openCaseInput() })).toBe('UNAUTHENTICATED');
    });

    it('an employer registered elsewhere and a project site outside the handling unit are linked at opening (一地办案，多地监管)', async () => {
      const c = await openCase(t, { workplaceUnitCode: '411329101', employer: { registeredUnitCode: '410102' } });
      const got = await read(c.id);
      expect(got.links.map((l: any) => [l.unit.code, l.reason]).sort()).toEqual([
        ['410102', 'EMPLOYER_REGISTERED'],
        ['411329101', 'PROJECT_SITE'],
      ]);
      expect(got.events.map((e: any) => e.type)).toEqual(['OPENED', 'LINKED', 'LINKED']);
      // the linked units see it now
      expect((await read(c.id, 'insp.zhongyuan')).id).toBe(c.id);
      expect((await read(c.id, 'insp.wangzhuang')).id).toBe(c.id);
    });
  });

  // ---------------------------------------------------------------- status machine

  describe('status machine', () => {
    it('RECEIVED → FILED → RECTIFICATION_ORDERED → PENALTY_DECIDED → TRANSFERRED_TO_POLICE → CLOSED, each move writing its event', async () => {
      const c = await openCase(t);
      const steps: [string, string, string][] = [
        ['FILED', 'lead.fanji', 'FILED'],
        ['RECTIFICATION_ORDERED', 'insp.fanji', 'RECTIFICATION_ORDERED'],
        ['PENALTY_DECIDED', 'insp.fanji', 'PENALTY_DECIDED'],
        ['TRANSFERRED_TO_POLICE', 'insp.fanji2', 'TRANSFERRED_TO_POLICE'],
        ['CLOSED', 'lead.fanji', 'CLOSED'],
      ];
      const expected = ['OPENED'];
      for (const [status, as, event] of steps) {
        const [q, v] = moveTo(t, status, c.id, fanjiInspectors);
        const { r } = await t.as(as).ok(q, v);
        expect(r.status).toBe(status);
        expected.push(event);
        const got = await read(c.id);
        expect(got.status).toBe(status);
        expect(got.events.map((e: any) => e.type)).toEqual(expected);
        expect(got.events[got.events.length - 1].actor.username).toBe(as);
      }
      const closed = await read(c.id);
      expect(closed.outcome).toBe('PARTIALLY_PAID');
      expect(closed.closedAt).not.toBeNull();
    });

    it('RECEIVED → REJECTED (不予立案) writes REJECTED with the reason', async () => {
      const c = await openCase(t);
      const { r } = await t.as('lead.fanji').ok(CASE_OPS.rejectCase, { id: c.id, reason: '无明确用人单位' });
      expect(r.status).toBe('REJECTED');
      const got = await read(c.id);
      expect(got.events.map((e: any) => [e.type, e.note])).toEqual([
        ['OPENED', expect.any(String)],
        ['REJECTED', '无明确用人单位'],
      ]);
      expect(got.acceptanceDueAt).toBeNull();
    });

    it.each([
      ['FILED', 'PENALTY_DECIDED'],
      ['FILED', 'TRANSFERRED_TO_POLICE'],
      ['FILED', 'CLOSED'],
      ['RECTIFICATION_ORDERED', 'TRANSFERRED_TO_POLICE'],
      ['RECTIFICATION_ORDERED', 'CLOSED'],
      ['PENALTY_DECIDED', 'CLOSED'],
    ])('%s → %s is allowed and writes its event', async (from, to) => {
      const c = await openCaseInStatus(t, from);
      const before = await caseState(t, c.id);
      const [q, v] = moveTo(t, to, c.id, fanjiInspectors);
      expect((await t.as('lead.fanji').ok(q, v)).r.status).toBe(to);
      const after = await caseState(t, c.id);
      expect(after.status).toBe(to);
      expect(after.events).toEqual([...before.events, to]);
    });

    it.each(ALL_STATUSES)('from %s every move outside the table is CONFLICT naming the status, and writes nothing', async (from) => {
      const c = await openCaseInStatus(t, from);
      const before = await caseState(t, c.id);
      expect(before.status).toBe(from);
      const refused = ALL_STATUSES.filter((to) => to !== 'RECEIVED' && !ALLOWED[from].includes(to));
      expect(refused.length).toBe(6 - ALLOWED[from].length);
      for (const to of refused) {
        const [q, v] = moveTo(t, to, c.id, fanjiInspectors);
        const r = await t.as('lead.fanji').gql(q, v);
        expect({ to, code: r.errors?.[0].extensions?.code }).toEqual({ to, code: 'CONFLICT' });
        expect(r.errors![0].message).toContain(from);
      }
      expect(await caseState(t, c.id)).toEqual(before);
    });
  });

  // ---------------------------------------------------------------- filing and the squad leader

  describe('filing and the squad leader', () => {
    it('fileCase assigns the inspectors in order, starts the 60-day clock and ends the acceptance clock', async () => {
      const c = await openCase(t);
      await fileCase(t, c.id, { inspectors: ['insp.fanji2', 'insp.fanji'] });
      const got = await read(c.id);
      expect(got.status).toBe('FILED');
      expect(got.inspectors.map((u: any) => u.username)).toEqual(['insp.fanji2', 'insp.fanji']);
      expect(got.handlingDueAt).not.toBeNull();
      expect(got.acceptanceDueAt).toBeNull();
      expect(got.events.map((e: any) => e.type)).toEqual(['OPENED', 'FILED']);
    });

    it('an inspector of the county and a squad leader count as inspectors of a township case', async () => {
      const c = await openCase(t);
      await fileCase(t, c.id, { inspectors: ['insp.xinye', 'lead.fanji'] });
      expect((await read(c.id)).inspectors.map((u: any) => u.username)).toEqual(['insp.xinye', 'lead.fanji']);
    });

    it('a squad leader of the county (a unit above) may file and close a township case', async () => {
      const c = await openCase(t);
      await fileCase(t, c.id, { leader: 'lead.xinye' });
      const { r } = await t.as('lead.xinye').ok(CASE_OPS.closeCase, { id: c.id, outcome: 'NO_VIOLATION', summary: '经查无违法' });
      expect(r.status).toBe('CLOSED');
      const got = await read(c.id);
      expect(got.events.map((e: any) => e.actor?.username)).toEqual(['insp.fanji', 'lead.xinye', 'lead.xinye']);
    });

    it.each(['insp.fanji', 'sup.xinye', 'sup.nanyang'])(
      '%s (not a squad leader) may not file, reject, extend or close: FORBIDDEN, nothing changes',
      async (as) => {
        const received = await openCase(t);
        const filed = await openFiledCase(t);
        const user = t.as(as);
        const [r0, f0] = [await caseState(t, received.id), await caseState(t, filed.id)];
        expect(await user.code(CASE_OPS.fileCase, { id: received.id, ids: fanjiInspectors })).toBe('FORBIDDEN');
        expect(await user.code(CASE_OPS.rejectCase, { id: received.id, reason: '不予立案' })).toBe('FORBIDDEN');
        expect(await user.code(CASE_OPS.extendDeadline, { id: filed.id, reason: '案情复杂' })).toBe('FORBIDDEN');
        expect(await user.code(CASE_OPS.closeCase, { id: filed.id, outcome: 'NO_VIOLATION', summary: '结案' })).toBe('FORBIDDEN');
        expect(await caseState(t, received.id)).toEqual(r0);
        expect(await caseState(t, filed.id)).toEqual(f0);
      },
    );

    it('the deadline is extended once by a squad leader: later handlingDueAt, EXTENDED event; a second time is CONFLICT', async () => {
      const c = await openFiledCase(t);
      const before = await read(c.id);
      const lead = t.as('lead.fanji');
      await lead.ok(CASE_OPS.extendDeadline, { id: c.id, reason: '案情复杂，需延期' });
      const after = await read(c.id);
      expect(after.extended).toBe(true);
      expect(new Date(after.handlingDueAt).getTime()).toBeGreaterThan(new Date(before.handlingDueAt).getTime());
      expect(after.events.map((e: any) => e.type)).toEqual(['OPENED', 'FILED', 'EXTENDED']);
      const again = await t.as('lead.xinye').gql(CASE_OPS.extendDeadline, { id: c.id, reason: '再次延期' });
      expect(again.errors![0].extensions!.code).toBe('CONFLICT');
      expect((await read(c.id)).events).toHaveLength(3);
    });

    it.each(['RECEIVED', 'TRANSFERRED_TO_POLICE', 'CLOSED', 'REJECTED'])('a %s case cannot be extended (CONFLICT, no event)', async (status) => {
      const c = await openCaseInStatus(t, status);
      const before = await caseState(t, c.id);
      expect(await t.as('lead.fanji').code(CASE_OPS.extendDeadline, { id: c.id, reason: '延期' })).toBe('CONFLICT');
      expect(await caseState(t, c.id)).toEqual(before);
    });

    it('an inspector works the case: orders, payments, penalties, notes', async () => {
      const c = await openFiledCase(t);
      const insp = t.as('insp.fanji2');
      await insp.ok(CASE_OPS.orderRectification, { id: c.id, due: serverDay(t, 10), amount: '3000.00', note: '限期支付' });
      await insp.ok(CASE_OPS.recordPayment, { id: c.id, amount: '1000.00', workers: 1 });
      await insp.ok(CASE_OPS.addCaseNote, { id: c.id, note: '回访' });
      await insp.ok(CASE_OPS.decidePenalty, { id: c.id, fine: '5000.00', basis: '第二十六条' });
      const got = await read(c.id);
      expect(got.status).toBe('PENALTY_DECIDED');
      expect(got.amountRecovered).toBe('1000.00');
      expect(got.events.map((e: any) => e.type)).toEqual(['OPENED', 'FILED', 'RECTIFICATION_ORDERED', 'PAYMENT_RECORDED', 'NOTE', 'PENALTY_DECIDED']);
    });
  });

  // ---------------------------------------------------------------- money

  describe('money', () => {
    const pay = async (id: string, amount: unknown, as = 'insp.fanji') => t.as(as).gql(CASE_OPS.recordPayment, { id, amount, workers: 1 });

    it('amounts are exact decimals: "0.10" + "0.20" recorded gives "0.30"', async () => {
      const c = await openFiledCase(t, { amountOwed: '1.00' });
      expect((await pay(c.id, '0.10')).errors).toBeUndefined();
      const r = await pay(c.id, '0.20');
      expect(r.data!.r.amountRecovered).toBe('0.30');
      expect((await caseState(t, c.id)).amountRecovered).toBe('0.30');
    });

    it('"12800.5" is read as 12800.50 and shown with two decimals', async () => {
      const c = await openFiledCase(t, { amountOwed: '99999.9' });
      await pay(c.id, '12800.5');
      const s = await caseState(t, c.id);
      expect([s.amountOwed, s.amountRecovered]).toEqual(['99999.90', '12800.50']);
    });

    it('the total recovered may reach exactly twice the amount owed, and not 0.01 more (BAD_USER_INPUT naming amount)', async () => {
      const c = await openFiledCase(t, { amountOwed: '1000.00' });
      const over = await pay(c.id, '2000.01');
      expect(over.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['amount'] });
      expect((await caseState(t, c.id)).amountRecovered).toBe('0.00');
      expect((await pay(c.id, '1999.99')).errors).toBeUndefined();
      expect((await pay(c.id, '0.01')).data!.r.amountRecovered).toBe('2000.00');
      const before = await caseState(t, c.id);
      const more = await pay(c.id, '0.01');
      expect(more.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['amount'] });
      expect(await caseState(t, c.id)).toEqual(before);
      expect(before.amountRecovered).toBe('2000.00');
    });

    it('each payment writes PAYMENT_RECORDED; workersPaid may be 0', async () => {
      const c = await openFiledCase(t);
      await t.as('insp.fanji').ok(CASE_OPS.recordPayment, { id: c.id, amount: '100.00', workers: 0, note: '单位先行支付部分' });
      await t.as('lead.fanji').ok(CASE_OPS.recordPayment, { id: c.id, amount: '200.00', workers: 2 });
      const s = await caseState(t, c.id);
      expect(s.events).toEqual(['OPENED', 'FILED', 'PAYMENT_RECORDED', 'PAYMENT_RECORDED']);
      expect(s.amountRecovered).toBe('300.00');
    });

    it.each(['RECEIVED', 'REJECTED', 'CLOSED'])('a payment on a %s case is CONFLICT and changes nothing', async (status) => {
      const c = await openCaseInStatus(t, status);
      const before = await caseState(t, c.id);
      expect((await pay(c.id, '10.00', 'lead.fanji')).errors![0].extensions!.code).toBe('CONFLICT');
      expect(await caseState(t, c.id)).toEqual(before);
    });

    it.each(['RECTIFICATION_ORDERED', 'PENALTY_DECIDED', 'TRANSFERRED_TO_POLICE'])('payments are recorded on a %s case', async (status) => {
      const c = await openCaseInStatus(t, status);
      expect((await pay(c.id, '10.00')).data!.r.amountRecovered).toBe('10.00');
    });

    it('closing PAID_IN_FULL needs amountRecovered ≥ amountOwed: 0.01 short is BAD_USER_INPUT naming outcome; paid up it closes', async () => {
      const c = await openFiledCase(t, { amountOwed: '500.00' });
      const lead = t.as('lead.fanji');
      await pay(c.id, '499.99');
      const before = await caseState(t, c.id);
      const short = await lead.gql(CASE_OPS.closeCase, { id: c.id, outcome: 'PAID_IN_FULL', summary: '已全额支付' });
      expect(short.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['outcome'] });
      expect(await caseState(t, c.id)).toEqual(before);
      await pay(c.id, '0.01');
      await lead.ok(CASE_OPS.closeCase, { id: c.id, outcome: 'PAID_IN_FULL', summary: '已全额支付' });
      const got = await read(c.id);
      expect([got.status, got.outcome, got.amountRecovered]).toEqual(['CLOSED', 'PAID_IN_FULL', '500.00']);
    });

    it('PAID_IN_FULL also closes when more than owed was recovered (extra compensation); PARTIALLY_PAID closes with less', async () => {
      const lead = t.as('lead.fanji');
      const more = await openFiledCase(t, { amountOwed: '100.00' });
      await pay(more.id, '150.00');
      expect((await lead.ok(CASE_OPS.closeCase, { id: more.id, outcome: 'PAID_IN_FULL', summary: '含加付赔偿金' })).r.status).toBe('CLOSED');
      const less = await openFiledCase(t, { amountOwed: '100.00' });
      await pay(less.id, '1.00');
      expect((await lead.ok(CASE_OPS.closeCase, { id: less.id, outcome: 'PARTIALLY_PAID', summary: '部分支付' })).r.status).toBe('CLOSED');
    });
  });

  // ---------------------------------------------------------------- lists

  describe('the cases list', () => {
    const tag = unique('列表-');
    const made: { id: string; number: string; title: string; unit: string; status: string; credit: string | null }[] = [];
    const sharedCode = newCreditCode();

    beforeAll(async () => {
      // Oldest first; one second apart on the server clock so that "newest first" is unambiguous.
      const plan: [string, string, string, string][] = [
        ['insp.fanji', '411329305', 'RECEIVED', 'shared'],
        ['insp.fanji', '411329305', 'FILED', 'shared'],
        ['insp.fanji', '411329305', 'CLOSED', 'own'],
        ['insp.wangzhuang', '411329101', 'RECEIVED', 'own'],
        ['insp.xinye', '411329', 'RECEIVED', 'own'],
        ['insp.fanji2', '411329305', 'REJECTED', 'own'],
        ['lead.wancheng', '411302', 'RECEIVED', 'own'],
      ];
      for (const [i, [as, unit, status, employer]] of plan.entries()) {
        const title = `${tag} 第${i + 1}号`;
        const c = await openCaseInStatus(t, status, {
          as,
          title,
          handlingUnitCode: unit,
          workplaceUnitCode: unit.length === 9 ? unit : unit === '411329' ? '411329305' : '411302001',
          employer: employer === 'shared' ? { name: '共享用人单位有限公司', creditCode: sharedCode } : {},
        });
        made.push({ id: c.id, number: c.number, title, unit, status, credit: c.creditCode });
        t.clock.travel(1000);
      }
    });
    afterAll(() => t.clock.reset());

    const list = async (as: string, filter: Record<string, unknown>, first?: number, after?: string) =>
      (await t.as(as).ok(LIST, { first, after, filter: { search: tag, ...filter } })).cases;
    const titles = (conn: any) => conn.edges.map((e: any) => e.node.title);
    const expectTitles = (idx: number[]) => idx.map((i) => made[i].title);

    it('walks pages of 2 newest first with `after`: every case once, in order, totalCount right on each page', async () => {
      const seen: string[] = [];
      let after: string | undefined;
      let pages = 0;
      for (;;) {
        const page = await list('sup.nanyang', {}, 2, after);
        pages++;
        expect(page.totalCount).toBe(7);
        expect(page.edges.length).toBeLessThanOrEqual(2);
        seen.push(...titles(page));
        if (!page.pageInfo.hasNextPage) break;
        expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1].cursor);
        after = page.pageInfo.endCursor;
      }
      expect(pages).toBe(4);
      expect(seen).toEqual(expectTitles([6, 5, 4, 3, 2, 1, 0]));
      expect(new Set(seen).size).toBe(7);
    });

    it('shows each caller exactly the cases of its jurisdiction', async () => {
      expect(titles(await list('insp.fanji', {}))).toEqual(expectTitles([5, 2, 1, 0]));
      expect(titles(await list('insp.wangzhuang', {}))).toEqual(expectTitles([3]));
      expect(titles(await list('sup.xinye', {}))).toEqual(expectTitles([5, 4, 3, 2, 1, 0]));
      expect(titles(await list('lead.wancheng', {}))).toEqual(expectTitles([6]));
      expect(titles(await list('sup.henan', {}))).toEqual(expectTitles([6, 5, 4, 3, 2, 1, 0]));
      for (const outsider of ['sup.zhengzhou', 'insp.zhongyuan', 'grid.yangzhuang']) {
        const conn = await list(outsider, {});
        expect({ outsider, n: conn.totalCount, edges: conn.edges }).toEqual({ outsider, n: 0, edges: [] });
      }
    });

    it('filters by status', async () => {
      const received = await list('sup.nanyang', { status: ['RECEIVED'] });
      expect(titles(received)).toEqual(expectTitles([6, 4, 3, 0]));
      expect(received.totalCount).toBe(4);
      const ended = await list('sup.nanyang', { status: ['CLOSED', 'REJECTED'] });
      expect(titles(ended)).toEqual(expectTitles([5, 2]));
      expect(ended.edges.every((e: any) => ['CLOSED', 'REJECTED'].includes(e.node.status))).toBe(true);
    });

    it('filters by unitCode: the handling unit lies in that subtree', async () => {
      expect(titles(await list('sup.nanyang', { unitCode: '411329305' }))).toEqual(expectTitles([5, 2, 1, 0]));
      expect(titles(await list('sup.nanyang', { unitCode: '411329' }))).toEqual(expectTitles([5, 4, 3, 2, 1, 0]));
      expect(titles(await list('sup.nanyang', { unitCode: '411302' }))).toEqual(expectTitles([6]));
      // a filter cannot widen what the caller sees
      expect((await list('insp.fanji', { unitCode: '41' })).totalCount).toBe(4);
    });

    it('filters by employer credit code, in any letter case', async () => {
      const conn = await list('sup.xinye', { employerCreditCode: sharedCode.toLowerCase() });
      expect(titles(conn)).toEqual(expectTitles([1, 0]));
      expect(conn.totalCount).toBe(2);
      const one = await list('sup.xinye', { employerCreditCode: made[3].credit });
      expect(titles(one)).toEqual(expectTitles([3]));
    });

    it('search matches the case number, the title and the employer name', async () => {
      const byNumber = (await t.as('insp.fanji').ok(LIST, { filter: { search: made[2].number } })).cases;
      expect(titles(byNumber)).toEqual([made[2].title]);
      const byTitle = (await t.as('sup.xinye').ok(LIST, { filter: { search: `${tag} 第5号` } })).cases;
      expect(titles(byTitle)).toEqual([made[4].title]);
      const byName = (await t.as('sup.xinye').ok(LIST, { first: 100, filter: { search: '共享用人单位', employerCreditCode: sharedCode } })).cases;
      expect(titles(byName)).toEqual(expectTitles([1, 0]));
    });

    it('a search with LIKE wildcards matches them literally', async () => {
      const conn = (await t.as('sup.henan').ok(LIST, { filter: { search: `${tag.slice(0, 3)}%_` } })).cases;
      expect(conn.totalCount).toBe(0);
    });

    it('`first` over 100 is BAD_USER_INPUT naming first; 100 is fine', async () => {
      const r = await t.as('sup.henan').gql(LIST, { first: 101, filter: { search: tag } });
      expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['first'] });
      expect((await list('sup.henan', {}, 100)).totalCount).toBe(7);
    });
  });
});
