import { shanghaiDate } from '../../src/common/time';
import {
  ACCEPT,
  allStaffClaims,
  badCheckChar,
  CASE,
  caseInput,
  CLAIM,
  claimInput,
  claimRows,
  CLOSE,
  expectedDueAt,
  FILE_CASE,
  maskedName,
  maskedPhone,
  MY_CLAIMS,
  newCreditCode,
  OPEN_CASE,
  ORDER,
  PAY,
  registerWorker,
  REJECT,
  REJECT_CASE,
  STAFF_CLAIMS,
  staffIds,
  SUBMIT,
  submitClaim,
  WITHDRAW,
  Worker,
} from '../support/claims';
import { serverDay, TestApp, travelTo, unique } from '../support/test-app';

/**
 * Wage claims (欠薪线索), issue 4: submitting, idempotency, routing, the staff and worker views,
 * accepting into cases, rejecting and withdrawing, and the worker's timeline. Each rule is checked
 * as the people it concerns: the claimant (worker A), another worker (B), the routed township
 * (樊集乡 411329305), a sibling township (王庄镇 411329101), the county (新野县 411329), the city
 * (南阳 4113), another city (郑州 4101) and a worker's home county (中原区 410102).
 */
describe('wage claims', () => {
  let t: TestApp;
  let A: Worker;
  let B: Worker;
  /** A worker whose ID number is from 郑州中原区 (410102), outside 新野县. */
  let Z: Worker;

  beforeAll(async () => {
    t = await TestApp.start();
    A = await registerWorker(t, '411329', '钱多多');
    B = await registerWorker(t, '411329', '孙小红');
    Z = await registerWorker(t, '410102', '李秀兰');
  });
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  const claimOf = async (who: string | Worker, id: string) => (await t.as(who).ok(CLAIM, { id })).wageClaim;
  const caseOf = async (id: string, who = 'sup.henan') => (await t.as(who).ok(CASE, { id })).case;

  // ---------------------------------------------------------------- 1. submitting

  describe('submitting', () => {
    it('is for workers only: staff at every level get FORBIDDEN and nothing is written', async () => {
      const employerName = `员工不能提交${unique()}`;
      for (const staff of ['insp.fanji', 'lead.fanji', 'lead.xinye', 'sup.xinye', 'sup.nanyang', 'sup.henan', 'grid.yangzhuang']) {
        expect(await t.as(staff).code(SUBMIT, { i: claimInput(t, { employerName }) })).toBe('FORBIDDEN');
      }
      expect((await t.anonymous.gql(SUBMIT, { i: claimInput(t, { employerName }) })).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      expect((await t.ds.query(`SELECT count(*)::int AS n FROM wage_claim WHERE employer_name = $1`, [employerName]))[0].n).toBe(0);
    });

    it('a valid claim is stored as SUBMITTED and shown to the claimant in full', async () => {
      const input = claimInput(t, { employerCreditCode: newCreditCode(), projectName: '新野县城南安置房项目' });
      const { submitWageClaim: c } = await t.as(A).ok(SUBMIT, { i: input });
      expect(c).toMatchObject({
        status: 'SUBMITTED',
        employerName: input.employerName,
        employerCreditCode: input.employerCreditCode,
        projectName: '新野县城南安置房项目',
        workplaceUnit: { code: '411329305212', level: 'GRID' },
        amountOwed: '4500.50',
        periodFrom: input.periodFrom,
        periodTo: input.periodTo,
        workersAffected: 2,
        description: input.description,
        claimantName: '钱多多',
        claimantPhone: A.phone,
        caseNumber: null,
        caseStatus: null,
      });
      const [row] = await t.ds.query(`SELECT status, claimant_id FROM wage_claim WHERE id = $1`, [c.id]);
      expect(row).toEqual({ status: 'SUBMITTED', claimant_id: A.id });
    });

    const refused: [string, string, (day: (n: number) => string) => Record<string, unknown>][] = [
      ['an empty employer name', 'employerName', () => ({ employerName: '' })],
      ['a blank employer name', 'employerName', () => ({ employerName: '   ' })],
      ['a credit code with a wrong check character', 'employerCreditCode', () => ({ employerCreditCode: badCheckChar(newCreditCode()) })],
      ['a credit code of the wrong length', 'employerCreditCode', () => ({ employerCreditCode: newCreditCode().slice(0, 17) })],
      ['a COUNTY as workplace', 'workplaceUnitCode', () => ({ workplaceUnitCode: '411329' })],
      ['a CITY as workplace', 'workplaceUnitCode', () => ({ workplaceUnitCode: '4113' })],
      ['an unknown workplace code', 'workplaceUnitCode', () => ({ workplaceUnitCode: '411329999999' })],
      ['an amount of 0', 'amountOwed', () => ({ amountOwed: '0' })],
      ['an amount of 0.00', 'amountOwed', () => ({ amountOwed: '0.00' })],
      ['an amount of 100000000.01', 'amountOwed', () => ({ amountOwed: '100000000.01' })],
      ['a period that starts after it ends', 'periodFrom', (day) => ({ periodFrom: day(-5), periodTo: day(-6) })],
      ['a period that ends tomorrow', 'periodTo', (day) => ({ periodFrom: day(-5), periodTo: day(1) })],
      ['0 workers', 'workersAffected', () => ({ workersAffected: 0 })],
      ['10001 workers', 'workersAffected', () => ({ workersAffected: 10001 })],
      ['a description of 9 characters', 'description', () => ({ description: '老板欠我工资不给钱' })],
      ['a description of 2001 characters', 'description', () => ({ description: '欠'.repeat(2001) })],
      ['a blank idempotency key', 'idempotencyKey', () => ({ idempotencyKey: '  ' })],
    ];

    it.each(refused)('refuses %s with BAD_USER_INPUT naming %s, and writes nothing', async (_label, field, patch) => {
      const before = await claimRows(t, A.id);
      const e = await t.as(A).error(SUBMIT, { i: claimInput(t, patch((n) => serverDay(t, n))) });
      expect(e).toMatchObject({ code: 'BAD_USER_INPUT', fields: [field] });
      expect(await claimRows(t, A.id)).toEqual(before);
    });

    it('refuses an amount with three decimals ("1.005") as BAD_USER_INPUT naming amountOwed, and writes nothing', async () => {
      const before = await claimRows(t, A.id);
      const e = await t.as(A).error(SUBMIT, { i: claimInput(t, { amountOwed: '1.005' }) });
      expect(e.code).toBe('BAD_USER_INPUT');
      // Refused by the Money scalar while the variables are read: the field is named in the message.
      expect(e.message).toContain('amountOwed');
      expect(await claimRows(t, A.id)).toEqual(before);
    });

    it('accepts the lower bounds: 0.01 yuan, 1 worker, a description of 10 characters, a period ending today', async () => {
      const c = await submitClaim(t, A, {
        amountOwed: '0.01',
        workersAffected: 1,
        description: '老板欠我工资不给钱啊',
        periodFrom: serverDay(t, 0),
        periodTo: serverDay(t, 0),
      });
      expect(c).toMatchObject({ status: 'SUBMITTED', amountOwed: '0.01', workersAffected: 1, description: '老板欠我工资不给钱啊' });
    });

    it('accepts the upper bounds: 100000000.00 yuan, 10000 workers, a description of 2000 characters', async () => {
      const c = await submitClaim(t, A, { amountOwed: '100000000.00', workersAffected: 10000, description: '欠'.repeat(2000) });
      expect(c).toMatchObject({ status: 'SUBMITTED', amountOwed: '100000000.00', workersAffected: 10000 });
      expect(Array.from(c.description as string)).toHaveLength(2000);
    });

    it('"today" is the Asia/Shanghai day: just after midnight in Shanghai (still yesterday in UTC) a period ending today is accepted, tomorrow refused', async () => {
      travelTo(t, '2026-11-01T16:01:00Z'); // 2026-11-02 00:01 in Shanghai
      const c = await submitClaim(t, A, { periodFrom: '2026-10-01', periodTo: '2026-11-02' });
      expect(c.periodTo).toBe('2026-11-02');
      const before = await claimRows(t, A.id);
      expect(await t.as(A).error(SUBMIT, { i: claimInput(t, { periodFrom: '2026-10-01', periodTo: '2026-11-03' }) })).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: ['periodTo'],
      });
      expect(await claimRows(t, A.id)).toEqual(before);
    });

    it('the two-year time bar: a period that ended exactly two years ago is accepted; one day more is refused with a message that explains it', async () => {
      travelTo(t, '2026-11-01T16:01:00Z'); // today in Shanghai: 2026-11-02
      const ok = await submitClaim(t, A, { periodFrom: '2024-10-01', periodTo: '2024-11-02' });
      expect(ok).toMatchObject({ status: 'SUBMITTED', periodTo: '2024-11-02' });
      const before = await claimRows(t, A.id);
      const e = await t.as(A).error(SUBMIT, { i: claimInput(t, { periodFrom: '2024-10-01', periodTo: '2024-11-01' }) });
      expect(e).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['periodTo'] });
      expect(e.message).toMatch(/2年|两年/);
      expect(e.message).toMatch(/时效/);
      expect(await claimRows(t, A.id)).toEqual(before);
    });
  });

  // ---------------------------------------------------------------- 2. idempotency

  describe('idempotency', () => {
    it('the same key with the same input returns the first claim and writes nothing', async () => {
      const input = claimInput(t);
      const first = (await t.as(A).ok(SUBMIT, { i: input })).submitWageClaim;
      const before = await claimRows(t, A.id);
      const again = (await t.as(A).ok(SUBMIT, { i: input })).submitWageClaim;
      expect(again.id).toBe(first.id);
      expect(again.number).toBe(first.number);
      expect(again.submittedAt).toBe(first.submittedAt);
      expect(await claimRows(t, A.id)).toEqual(before);
    });

    it('the same key with a different input is CONFLICT, writes nothing and leaves the first claim as it was', async () => {
      const input = claimInput(t);
      const first = (await t.as(A).ok(SUBMIT, { i: input })).submitWageClaim;
      const before = await claimRows(t, A.id);
      expect(await t.as(A).code(SUBMIT, { i: { ...input, amountOwed: '4600.00' } })).toBe('CONFLICT');
      expect(await t.as(A).code(SUBMIT, { i: { ...input, employerName: `${input.employerName}分公司` } })).toBe('CONFLICT');
      expect(await claimRows(t, A.id)).toEqual(before);
      expect(await claimOf(A, first.id)).toMatchObject({ amountOwed: '4500.50', employerName: input.employerName, status: 'SUBMITTED' });
    });

    it('the same key from another worker is a different claim', async () => {
      const input = claimInput(t);
      const a = (await t.as(A).ok(SUBMIT, { i: input })).submitWageClaim;
      const b = (await t.as(B).ok(SUBMIT, { i: input })).submitWageClaim;
      expect(b.id).not.toBe(a.id);
      expect(b.number).not.toBe(a.number);
      expect(b.claimantPhone).toBe(B.phone);
      const rows = await t.ds.query(`SELECT claimant_id FROM wage_claim WHERE idempotency_key = $1 ORDER BY claimant_id`, [input.idempotencyKey]);
      expect(rows.map((r: { claimant_id: string }) => r.claimant_id).sort()).toEqual([A.id, B.id].sort());
    });
  });

  // ---------------------------------------------------------------- 3. routing

  describe('routing', () => {
    it('a claim for a GRID is routed to the township the grid lies in; a claim for a TOWNSHIP to that township', async () => {
      const grid = await submitClaim(t, A, { workplaceUnitCode: '411329305212' });
      expect(grid.workplaceUnit).toEqual({ code: '411329305212', level: 'GRID' });
      expect(grid.routedUnit).toMatchObject({ code: '411329305', level: 'TOWNSHIP' });
      const township = await submitClaim(t, A, { workplaceUnitCode: '411329101' });
      expect(township.workplaceUnit).toEqual({ code: '411329101', level: 'TOWNSHIP' });
      expect(township.routedUnit).toMatchObject({ code: '411329101', level: 'TOWNSHIP' });
    });

    it('responseDueAt is 5 working days after submission on the holiday calendar: National Day off, the Saturday make-up day counted', async () => {
      travelTo(t, '2026-09-30T02:00:00Z'); // Wednesday 10:00 in Shanghai, the eve of National Day
      const c = await submitClaim(t, A);
      // Oct 1-7 off; Oct 8 (Thu), 9 (Fri), 10 (make-up Saturday), 12 (Mon), 13 (Tue).
      expect(c.responseDueAt).toBe(expectedDueAt('2026-09-30T02:00:00Z', 5));
      expect(c.responseDueAt).toBe('2026-10-13T15:59:59.999Z');
      expect(c.updates).toHaveLength(1);
      expect(c.updates[0].message).toContain('2026-10-13');
    });

    it('responseDueAt skips an ordinary weekend: submitted on a Friday, due the next Friday', async () => {
      travelTo(t, '2026-11-06T02:00:00Z'); // Friday 10:00 in Shanghai
      const c = await submitClaim(t, A);
      expect(c.responseDueAt).toBe(expectedDueAt('2026-11-06T02:00:00Z', 5));
      expect(c.responseDueAt).toBe('2026-11-13T15:59:59.999Z');
    });

    it('numbers are WC-<year>-<sequence>, unique, with the year of the Shanghai calendar', async () => {
      travelTo(t, '2025-12-31T15:30:00Z'); // 2025-12-31 23:30 in Shanghai
      const late2025 = await submitClaim(t, A);
      travelTo(t, '2025-12-31T16:30:00Z'); // 2026-01-01 00:30 in Shanghai
      const early2026 = await submitClaim(t, A);
      t.clock.reset();
      const now1 = await submitClaim(t, A);
      const now2 = await submitClaim(t, B);
      expect(late2025.number).toMatch(/^WC-2025-\d+$/);
      expect(early2026.number).toMatch(/^WC-2026-\d+$/);
      for (const c of [now1, now2]) expect(c.number).toMatch(new RegExp(`^WC-${serverDay(t).slice(0, 4)}-\\d+$`));
      const numbers = [late2025, early2026, now1, now2].map((c) => c.number);
      expect(new Set(numbers).size).toBe(4);
      const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM wage_claim WHERE number = ANY($1::text[])`, [numbers]);
      expect(n).toBe(4);
    });
  });

  // ---------------------------------------------------------------- 4. the staff and worker views

  describe('who sees a claim', () => {
    /** A's claim routed to 樊集乡. */
    let f1: any;
    /** Three claims in 上庄乡 (411329307), a township no demo account works in: A, A, B, oldest first. */
    let a1: any;
    let a2: any;
    let b1: any;

    beforeAll(async () => {
      f1 = await submitClaim(t, A, { workplaceUnitCode: '411329305212' });
      a1 = await submitClaim(t, A, { workplaceUnitCode: '411329307201' });
      t.clock.travel(1_000);
      a2 = await submitClaim(t, A, { workplaceUnitCode: '411329307' });
      t.clock.travel(1_000);
      b1 = await submitClaim(t, B, { workplaceUnitCode: '411329307202' });
      t.clock.reset();
      await t.as('lead.xinye').ok(REJECT, { id: b1.id, reason: '该线索与已受理的线索重复' });
    });

    const seers = ['lead.fanji', 'insp.fanji', 'insp.fanji2', 'lead.xinye', 'insp.xinye', 'sup.xinye', 'sup.nanyang', 'sup.henan'];
    const blind = ['insp.wangzhuang', 'sup.zhengzhou', 'insp.zhongyuan', 'lead.wancheng'];

    it.each(seers)('%s (the routed township or a unit above it) sees the claim, with the claimant masked', async (who) => {
      const c = await claimOf(who, f1.id);
      expect(c).toMatchObject({ id: f1.id, routedUnit: { code: '411329305' } });
      expect(c.claimantName).toBe('钱**');
      expect(c.claimantName).toBe(maskedName(A.realName));
      expect(c.claimantPhone).toBe(maskedPhone(A.phone));
      expect(c.claimantPhone).toMatch(/^\d{3}\*{4}\d{4}$/);
    });

    it.each(blind)('%s (a sibling township, another county or city) gets NOT_FOUND for the claim', async (who) => {
      expect(await t.as(who).code(CLAIM, { id: f1.id })).toBe('NOT_FOUND');
    });

    it('the routed township, the county, the city and the province list it; a sibling township and another city do not', async () => {
      for (const who of ['lead.fanji', 'insp.fanji', 'sup.xinye', 'sup.nanyang', 'sup.henan']) {
        const ids = (await allStaffClaims(t, who)).map((c) => c.id);
        expect({ who, listed: ids.includes(f1.id) }).toEqual({ who, listed: true });
      }
      for (const who of ['insp.wangzhuang', 'sup.zhengzhou', 'insp.zhongyuan']) {
        const ids = (await allStaffClaims(t, who)).map((c) => c.id);
        expect({ who, listed: ids.includes(f1.id) }).toEqual({ who, listed: false });
      }
      // the township's list holds only claims routed into its subtree
      for (const c of await allStaffClaims(t, 'insp.wangzhuang')) expect(c.routedUnit.code.startsWith('411329101')).toBe(true);
    });

    it('staff lists show every claimant masked', async () => {
      const mine = (await allStaffClaims(t, 'lead.xinye', { unitCode: '411329307' })).filter((c) => [a1.id, a2.id, b1.id].includes(c.id));
      expect(mine).toHaveLength(3);
      for (const c of mine) {
        const w = c.id === b1.id ? B : A;
        expect(c.claimantName).toBe(maskedName(w.realName));
        expect(c.claimantPhone).toBe(maskedPhone(w.phone));
      }
    });

    it('the list is newest first and filters by unitCode', async () => {
      const inShangzhuang = await allStaffClaims(t, 'lead.xinye', { unitCode: '411329307' });
      const order = inShangzhuang.map((c) => c.id).filter((id) => [a1.id, a2.id, b1.id].includes(id));
      expect(order).toEqual([b1.id, a2.id, a1.id]);
      const times = inShangzhuang.map((c) => Date.parse(c.submittedAt));
      expect(times).toEqual([...times].sort((x, y) => y - x));
      expect(inShangzhuang.every((c) => c.routedUnit.code === '411329307')).toBe(true);
      expect(inShangzhuang.map((c) => c.id)).not.toContain(f1.id);
      const inFanji = await allStaffClaims(t, 'lead.xinye', { unitCode: '411329305' });
      expect(inFanji.map((c) => c.id)).toContain(f1.id);
      expect(inFanji.map((c) => c.id)).not.toContain(a1.id);
      // a unit outside the caller's subtree filters everything away
      expect((await t.as('lead.fanji').ok(STAFF_CLAIMS, { filter: { unitCode: '411329307' } })).wageClaims.totalCount).toBe(0);
    });

    it('keyset pagination walks the list page by page without gaps or repeats', async () => {
      const filter = { unitCode: '411329307' };
      const whole = (await allStaffClaims(t, 'lead.xinye', filter)).map((c) => c.id);
      const walked: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const { wageClaims }: any = await t.as('lead.xinye').ok(STAFF_CLAIMS, { first: 1, after, filter });
        expect(wageClaims.edges.length).toBeLessThanOrEqual(1);
        walked.push(...wageClaims.edges.map((e: any) => e.node.id));
        expect(wageClaims.totalCount).toBe(whole.length);
        pages++;
        if (!wageClaims.pageInfo.hasNextPage) break;
        after = wageClaims.pageInfo.endCursor;
        expect(after).toBe(wageClaims.edges[0].cursor);
        if (pages > whole.length + 1) throw new Error('pagination does not end');
      }
      expect(walked).toEqual(whole);
      expect(new Set(walked).size).toBe(walked.length);
      // two at a time gives the same order
      const first2 = (await t.as('lead.xinye').ok(STAFF_CLAIMS, { first: 2, filter })).wageClaims;
      const next2 = (await t.as('lead.xinye').ok(STAFF_CLAIMS, { first: 2, after: first2.pageInfo.endCursor, filter })).wageClaims;
      expect([...first2.edges, ...next2.edges].map((e: any) => e.node.id)).toEqual(whole.slice(0, 4));
    });

    it('filters by status', async () => {
      const rejected = (await allStaffClaims(t, 'lead.xinye', { unitCode: '411329307', status: ['REJECTED'] })).map((c) => c.id);
      expect(rejected).toContain(b1.id);
      expect(rejected).not.toContain(a1.id);
      const submitted = await allStaffClaims(t, 'lead.xinye', { unitCode: '411329307', status: ['SUBMITTED'] });
      expect(submitted.map((c) => c.id)).toEqual(expect.arrayContaining([a1.id, a2.id]));
      expect(submitted.map((c) => c.id)).not.toContain(b1.id);
      expect(submitted.every((c) => c.status === 'SUBMITTED')).toBe(true);
      const both = (await allStaffClaims(t, 'lead.xinye', { unitCode: '411329307', status: ['SUBMITTED', 'REJECTED'] })).map((c) => c.id);
      expect(both).toEqual(expect.arrayContaining([a1.id, a2.id, b1.id]));
    });

    it('filters by overdue: a SUBMITTED claim becomes overdue once its responseDueAt has passed', async () => {
      const ids = async (overdue: boolean) => (await allStaffClaims(t, 'lead.xinye', { unitCode: '411329307', overdue })).map((c) => c.id);
      expect(await ids(true)).not.toContain(a1.id);
      expect(await ids(false)).toContain(a1.id);
      travelTo(t, new Date(Date.parse(a2.responseDueAt) + 60_000).toISOString());
      const overdue = await ids(true);
      expect(overdue).toEqual(expect.arrayContaining([a1.id, a2.id]));
      expect(overdue).not.toContain(b1.id); // rejected: answered, not overdue
      const notOverdue = await ids(false);
      expect(notOverdue).not.toContain(a1.id);
      expect(notOverdue).toContain(b1.id);
    });

    it('a worker sees only their own claims, in full, newest first; another worker’s claim is NOT_FOUND', async () => {
      const { myWageClaims } = await t.as(A).ok(MY_CLAIMS, { first: 100 });
      const [{ claims }] = await t.ds.query(`SELECT count(*)::int AS claims FROM wage_claim WHERE claimant_id = $1`, [A.id]);
      expect(myWageClaims.totalCount).toBe(claims);
      const ids = myWageClaims.edges.map((e: any) => e.node.id);
      expect(ids).toEqual(expect.arrayContaining([f1.id, a1.id, a2.id]));
      expect(ids).not.toContain(b1.id);
      for (const { node } of myWageClaims.edges) {
        expect(node.claimantName).toBe(A.realName);
        expect(node.claimantPhone).toBe(A.phone);
      }
      const times = myWageClaims.edges.map((e: any) => Date.parse(e.node.submittedAt));
      expect(times).toEqual([...times].sort((x, y) => y - x));
      expect(await claimOf(A, f1.id)).toMatchObject({ id: f1.id, claimantName: '钱多多', claimantPhone: A.phone });
      expect(await t.as(A).code(CLAIM, { id: b1.id })).toBe('NOT_FOUND');
      expect(await t.as(B).code(CLAIM, { id: f1.id })).toBe('NOT_FOUND');
      expect((await t.as(B).ok(MY_CLAIMS, { first: 100 })).myWageClaims.edges.map((e: any) => e.node.id)).not.toContain(f1.id);
    });

    it('myWageClaims pages by keyset too', async () => {
      const whole = (await t.as(A).ok(MY_CLAIMS, { first: 100 })).myWageClaims.edges.map((e: any) => e.node.id);
      const p1 = (await t.as(A).ok(MY_CLAIMS, { first: 2 })).myWageClaims;
      const p2 = (await t.as(A).ok(MY_CLAIMS, { first: 2, after: p1.pageInfo.endCursor })).myWageClaims;
      expect(p1.pageInfo.hasNextPage).toBe(true);
      expect([...p1.edges, ...p2.edges].map((e: any) => e.node.id)).toEqual(whole.slice(0, 4));
    });

    it('staff cannot use myWageClaims and workers cannot use wageClaims (FORBIDDEN)', async () => {
      expect(await t.as('lead.fanji').code(MY_CLAIMS)).toBe('FORBIDDEN');
      expect(await t.as(A).code(STAFF_CLAIMS)).toBe('FORBIDDEN');
    });

    it('the ID number appears in no response, to the claimant or to staff', async () => {
      const texts: string[] = [];
      const grab = async (who: string | Worker, q: string, v: Record<string, unknown> = {}) => texts.push(JSON.stringify(await t.as(who).gql(q, v)));
      await grab(A, CLAIM, { id: f1.id });
      await grab(A, MY_CLAIMS, { first: 100 });
      await grab(A, `{ me { id username displayName role } }`);
      for (const who of ['lead.fanji', 'sup.xinye', 'sup.henan']) {
        await grab(who, CLAIM, { id: f1.id });
        await grab(who, STAFF_CLAIMS, { first: 100, filter: { unitCode: '411329307' } });
      }
      const all = texts.join('\n');
      expect(all).toContain(f1.id); // the responses did carry the claims
      for (const w of [A, B]) {
        expect(all).not.toContain(w.idCardNumber);
        expect(all).not.toContain(w.idCardNumber.slice(-12)); // not even the birth date and sequence part
      }
    });
  });

  // ---------------------------------------------------------------- 5. accepting

  describe('accepting', () => {
    it('only an INSPECTOR or SQUAD_LEADER of the routed township or above may accept: others get NOT_FOUND (outside) or FORBIDDEN (role)', async () => {
      const c = await submitClaim(t, A);
      expect(await t.as('insp.wangzhuang').code(ACCEPT, { id: c.id })).toBe('NOT_FOUND');
      expect(await t.as('insp.zhongyuan').code(ACCEPT, { id: c.id })).toBe('NOT_FOUND');
      expect(await t.as('lead.wancheng').code(ACCEPT, { id: c.id })).toBe('NOT_FOUND');
      expect(await t.as('sup.xinye').code(ACCEPT, { id: c.id })).toBe('FORBIDDEN');
      expect(await t.as('sup.nanyang').code(ACCEPT, { id: c.id })).toBe('FORBIDDEN');
      expect(await t.as('grid.yangzhuang').code(ACCEPT, { id: c.id })).toBe('FORBIDDEN');
      expect(await t.as(A).code(ACCEPT, { id: c.id })).toBe('FORBIDDEN');
      const after = await claimOf(A, c.id);
      expect(after).toMatchObject({ status: 'SUBMITTED', caseNumber: null });
      expect(after.updates).toHaveLength(1);
    });

    it.each(['lead.fanji', 'insp.fanji', 'lead.xinye', 'insp.xinye'])('%s may accept a claim routed to 樊集乡', async (who) => {
      const c = await submitClaim(t, A);
      const { acceptWageClaim: a } = await t.as(who).ok(ACCEPT, { id: c.id });
      expect(a.status).toBe('ACCEPTED');
      expect(a.caseNumber).toMatch(/^411329305-\d{4}-\d{6}$/);
    });

    it('a claim against an employer with no open case opens a WAGE_CLAIM case in the routed township with its workers and amount', async () => {
      const c = await submitClaim(t, A, { employerCreditCode: newCreditCode(), workersAffected: 7, amountOwed: '35800.25' });
      const { acceptWageClaim: a } = await t.as('insp.fanji').ok(ACCEPT, { id: c.id });
      expect(a).toMatchObject({ status: 'ACCEPTED', caseStatus: 'RECEIVED' });
      expect(a.case.number).toBe(a.caseNumber);
      const k = await caseOf(a.case.id);
      expect(k).toMatchObject({
        source: 'WAGE_CLAIM',
        status: 'RECEIVED',
        handlingUnit: { code: '411329305' },
        workplaceUnit: { code: '411329305212' },
        employer: { name: c.employerName, creditCode: c.employerCreditCode },
        workersAffected: 7,
        amountOwed: '35800.25',
      });
      expect(k.number).toMatch(/^411329305-\d{4}-\d{6}$/);
      expect(k.claims.map((x: any) => x.id)).toEqual([c.id]);
    });

    it('a claim joins the open case against the same credit code in the routed township, adding workers and amount exactly', async () => {
      const code = newCreditCode();
      const { r: k } = await t.as('insp.fanji').ok(OPEN_CASE, { i: caseInput({ name: `新野县宏图建设有限公司${unique()}`, creditCode: code }) });
      await t.as('lead.fanji').ok(FILE_CASE, { id: k.id, ids: await staffIds(t, ['insp.fanji', 'insp.fanji2']) });
      // a different name: the credit code decides
      const c = await submitClaim(t, A, { employerName: `宏图建设${unique()}`, employerCreditCode: code.toLowerCase(), workersAffected: 2, amountOwed: '4500.55' });
      const { acceptWageClaim: a } = await t.as('lead.fanji').ok(ACCEPT, { id: c.id });
      expect(a.caseNumber).toBe(k.number);
      expect(a.caseStatus).toBe('FILED');
      const after = await caseOf(k.id);
      expect(after.workersAffected).toBe(5);
      expect(after.amountOwed).toBe('17300.55');
      expect(after.claims.map((x: any) => x.id)).toEqual([c.id]);
      expect(after.events.map((e: any) => e.type)).toContain('CLAIM_ATTACHED');
    });

    it('without a credit code, a claim joins the case against the same normalized name ("南阳 宏达（建筑）" = "南阳宏达(建筑)")', async () => {
      const tag = unique();
      const { r: k } = await t.as('insp.fanji').ok(OPEN_CASE, { i: caseInput({ name: `南阳宏达(建筑)${tag}`, creditCode: null }, { workersAffected: 4, amountOwed: '20000.00' }) });
      const c = await submitClaim(t, A, { employerName: `南阳 宏达（建筑）${tag}`, workersAffected: 3, amountOwed: '9999.99' });
      const { acceptWageClaim: a } = await t.as('lead.fanji').ok(ACCEPT, { id: c.id });
      expect(a.caseNumber).toBe(k.number);
      const after = await caseOf(k.id);
      expect(after).toMatchObject({ workersAffected: 7, amountOwed: '29999.99' });
    });

    it('a claim joins the open case against the employer handled by the county (新野县) itself', async () => {
      const code = newCreditCode();
      const { r: k } = await t.as('insp.xinye').ok(OPEN_CASE, { i: caseInput({ name: `县办案件单位${unique()}`, creditCode: code }, { handlingUnitCode: '411329' }) });
      const c = await submitClaim(t, A, { employerName: `县办案件单位${unique()}`, employerCreditCode: code, workersAffected: 1, amountOwed: '3000.00' });
      const { acceptWageClaim: a } = await t.as('lead.fanji').ok(ACCEPT, { id: c.id });
      expect(a.caseNumber).toBe(k.number);
      expect(await caseOf(k.id)).toMatchObject({ handlingUnit: { code: '411329' }, workersAffected: 4, amountOwed: '15800.00' });
    });

    it('a case against the same employer in a sibling township is not joined: a new case opens in the routed township', async () => {
      const code = newCreditCode();
      const name = `邻镇案件单位${unique()}`;
      const { r: sibling } = await t.as('insp.wangzhuang').ok(OPEN_CASE, { i: caseInput({ name, creditCode: code }, { handlingUnitCode: '411329101', workplaceUnitCode: '411329101' }) });
      const c = await submitClaim(t, A, { employerName: name, employerCreditCode: code });
      const { acceptWageClaim: a } = await t.as('lead.fanji').ok(ACCEPT, { id: c.id });
      expect(a.caseNumber).not.toBe(sibling.number);
      expect(a.caseNumber).toMatch(/^411329305-/);
      expect(await caseOf(sibling.id)).toMatchObject({ workersAffected: 3, amountOwed: '12800.00', claims: [] });
    });

    it('a CLOSED or REJECTED case is not joined: a new case opens', async () => {
      const ids = await staffIds(t, ['insp.fanji', 'insp.fanji2']);
      for (const end of ['CLOSED', 'REJECTED']) {
        const code = newCreditCode();
        const name = `已结案单位${unique()}`;
        const { r: k } = await t.as('insp.fanji').ok(OPEN_CASE, { i: caseInput({ name, creditCode: code }) });
        if (end === 'CLOSED') {
          await t.as('lead.fanji').ok(FILE_CASE, { id: k.id, ids });
          await t.as('lead.fanji').ok(CLOSE, { id: k.id, outcome: 'NO_VIOLATION', summary: '经查无违法行为' });
        } else {
          await t.as('lead.fanji').ok(REJECT_CASE, { id: k.id, reason: '不属于本机关管辖' });
        }
        const c = await submitClaim(t, A, { employerName: name, employerCreditCode: code });
        const { acceptWageClaim: a } = await t.as('lead.fanji').ok(ACCEPT, { id: c.id });
        expect({ end, joined: a.caseNumber === k.number }).toEqual({ end, joined: false });
        expect(a.caseStatus).toBe('RECEIVED');
        expect(await caseOf(k.id)).toMatchObject({ status: end, workersAffected: 3, amountOwed: '12800.00', claims: [] });
      }
    });

    it('claims against one employer accepted one after another end in one case with the sums', async () => {
      const name = `连续受理单位${unique()}`;
      const c1 = await submitClaim(t, A, { employerName: name, workersAffected: 2, amountOwed: '1000.10' });
      const c2 = await submitClaim(t, B, { employerName: name, workersAffected: 3, amountOwed: '2000.20' });
      const a1 = (await t.as('insp.fanji').ok(ACCEPT, { id: c1.id })).acceptWageClaim;
      const a2 = (await t.as('lead.fanji').ok(ACCEPT, { id: c2.id })).acceptWageClaim;
      expect(a2.caseNumber).toBe(a1.caseNumber);
      expect(await caseOf(a1.case.id)).toMatchObject({ workersAffected: 5, amountOwed: '3000.30' });
    });

    it('a worker from another county (410102) links their home county with WORKER_ORIGIN; its staff then see the case and its claims', async () => {
      const c = await submitClaim(t, Z);
      const { acceptWageClaim: a } = await t.as('lead.fanji').ok(ACCEPT, { id: c.id });
      const k = await caseOf(a.case.id);
      expect(k.links).toEqual([{ unit: { code: '410102' }, reason: 'WORKER_ORIGIN' }]);
      const seen = await caseOf(a.case.id, 'insp.zhongyuan');
      expect(seen).toMatchObject({ id: a.case.id, number: a.caseNumber });
      expect(seen.claims).toHaveLength(1);
      expect(seen.claims[0]).toMatchObject({ id: c.id, claimantName: maskedName(Z.realName), claimantPhone: maskedPhone(Z.phone) });
      // the city above the home county follows too; the claim itself stays with the routed line
      expect((await caseOf(a.case.id, 'sup.zhengzhou')).id).toBe(a.case.id);
      expect(await t.as('insp.zhongyuan').code(CLAIM, { id: c.id })).toBe('NOT_FOUND');
    });

    it('a worker from another county joining an existing case links the home county once', async () => {
      const name = `外县工人单位${unique()}`;
      const first = await submitClaim(t, A, { employerName: name });
      const k = (await t.as('lead.fanji').ok(ACCEPT, { id: first.id })).acceptWageClaim.case;
      expect((await caseOf(k.id)).links).toEqual([]);
      for (const _ of [1, 2]) {
        const c = await submitClaim(t, Z, { employerName: name });
        expect((await t.as('lead.fanji').ok(ACCEPT, { id: c.id })).acceptWageClaim.caseNumber).toBe(k.number);
      }
      const after = await caseOf(k.id);
      expect(after.links).toEqual([{ unit: { code: '410102' }, reason: 'WORKER_ORIGIN' }]);
      expect(after.claims).toHaveLength(3);
      expect(after.events.filter((e: any) => e.type === 'LINKED')).toHaveLength(1);
      expect((await caseOf(k.id, 'insp.zhongyuan')).claims).toHaveLength(3);
    });

    it('a worker from the handling county itself (411329) brings no link; the home county of another city sees nothing', async () => {
      const c = await submitClaim(t, A);
      const { acceptWageClaim: a } = await t.as('lead.fanji').ok(ACCEPT, { id: c.id });
      expect((await caseOf(a.case.id)).links).toEqual([]);
      expect(await t.as('insp.zhongyuan').code(CASE, { id: a.case.id })).toBe('NOT_FOUND');
    });
  });

  // ---------------------------------------------------------------- 6. rejecting and withdrawing

  describe('rejecting and withdrawing', () => {
    it('a rejection carries a reason the worker reads in the updates', async () => {
      const c = await submitClaim(t, A);
      const reason = '用人单位不在本乡辖区，请向实际用工地人社所反映';
      const { rejectWageClaim: r } = await t.as('insp.fanji').ok(REJECT, { id: c.id, reason });
      expect(r.status).toBe('REJECTED');
      const seen = await claimOf(A, c.id);
      expect(seen.status).toBe('REJECTED');
      expect(seen.caseNumber).toBeNull();
      expect(seen.updates).toHaveLength(2);
      expect(seen.updates[1].message).toContain(reason);
    });

    it('an empty or blank reason is BAD_USER_INPUT naming reason, and changes nothing', async () => {
      const c = await submitClaim(t, A);
      for (const reason of ['', '   ']) {
        expect(await t.as('lead.fanji').error(REJECT, { id: c.id, reason })).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['reason'] });
      }
      const seen = await claimOf(A, c.id);
      expect(seen.status).toBe('SUBMITTED');
      expect(seen.updates).toHaveLength(1);
    });

    it('rejecting follows the same jurisdiction as accepting: sibling township NOT_FOUND, supervisor FORBIDDEN, county squad leader OK', async () => {
      const c = await submitClaim(t, A);
      expect(await t.as('insp.wangzhuang').code(REJECT, { id: c.id, reason: '不予受理' })).toBe('NOT_FOUND');
      expect(await t.as('insp.zhongyuan').code(REJECT, { id: c.id, reason: '不予受理' })).toBe('NOT_FOUND');
      expect(await t.as('sup.xinye').code(REJECT, { id: c.id, reason: '不予受理' })).toBe('FORBIDDEN');
      expect(await t.as(A).code(REJECT, { id: c.id, reason: '不予受理' })).toBe('FORBIDDEN');
      expect((await claimOf(A, c.id)).status).toBe('SUBMITTED');
      expect((await t.as('lead.xinye').ok(REJECT, { id: c.id, reason: '材料不全，请补充劳动关系证明后重新提交' })).rejectWageClaim.status).toBe('REJECTED');
    });

    it('the claimant withdraws a SUBMITTED claim; another worker gets NOT_FOUND and staff FORBIDDEN', async () => {
      const c = await submitClaim(t, A);
      expect(await t.as(B).code(WITHDRAW, { id: c.id })).toBe('NOT_FOUND');
      expect(await t.as('lead.fanji').code(WITHDRAW, { id: c.id })).toBe('FORBIDDEN');
      expect((await claimOf(A, c.id)).status).toBe('SUBMITTED');
      const { withdrawWageClaim: w } = await t.as(A).ok(WITHDRAW, { id: c.id });
      expect(w.status).toBe('WITHDRAWN');
      expect(w.updates).toHaveLength(2);
      expect(w.updates[1].message).toMatch(/撤回/);
    });

    type Step = 'accept' | 'reject' | 'withdraw';
    const run = (step: Step, id: string) =>
      step === 'accept'
        ? t.as('lead.fanji').gql(ACCEPT, { id })
        : step === 'reject'
          ? t.as('lead.fanji').gql(REJECT, { id, reason: '不属于劳动保障监察范围' })
          : t.as(A).gql(WITHDRAW, { id });
    const after: Record<Step, string> = { accept: 'ACCEPTED', reject: 'REJECTED', withdraw: 'WITHDRAWN' };
    const conflicts: [Step, Step][] = [
      ['accept', 'withdraw'],
      ['accept', 'accept'],
      ['accept', 'reject'],
      ['reject', 'accept'],
      ['reject', 'reject'],
      ['reject', 'withdraw'],
      ['withdraw', 'accept'],
      ['withdraw', 'reject'],
      ['withdraw', 'withdraw'],
    ];

    it.each(conflicts)('after %s, %s is CONFLICT and changes nothing', async (first, second) => {
      const c = await submitClaim(t, A);
      const r1 = await run(first, c.id);
      expect(r1.errors).toBeUndefined();
      const before = await claimOf(A, c.id);
      const casesOf = async () =>
        (await t.ds.query(`SELECT count(*)::int AS n FROM case_file k JOIN employer e ON e.id = k.employer_id WHERE e.name = $1`, [c.employerName]))[0].n;
      const cases = await casesOf();
      const r2 = await run(second, c.id);
      expect(r2.errors?.[0].extensions?.code).toBe('CONFLICT');
      const now = await claimOf(A, c.id);
      expect(now.status).toBe(after[first]);
      expect(now.updates).toEqual(before.updates);
      expect(now.caseNumber).toBe(before.caseNumber);
      expect(await casesOf()).toBe(cases);
    });
  });

  // ---------------------------------------------------------------- 7 and 8. the timeline and the case's claims

  describe("the worker's timeline", () => {
    it('follows the case from submission to closure, oldest first; the claims of a closed case become RESOLVED', async () => {
      const name = `时间线测试单位${unique()}`;
      const ca = await submitClaim(t, A, { employerName: name, workersAffected: 2, amountOwed: '4500.50' });
      const cb = await submitClaim(t, B, { employerName: name, workersAffected: 1, amountOwed: '1200.00' });
      const expectUpdates = async (w: Worker, id: string, n: number) => {
        const c = await claimOf(w, id);
        expect(c.updates).toHaveLength(n);
        const at = c.updates.map((u: any) => Date.parse(u.at));
        expect(at).toEqual([...at].sort((x, y) => x - y));
        return c;
      };

      // submitted
      let seen = await expectUpdates(A, ca.id, 1);
      expect(seen.updates[0].message).toContain(ca.number);
      expect(seen.updates[0].message).toContain(shanghaiDate(new Date(ca.responseDueAt)));

      // accepted, with the case number
      const { acceptWageClaim: acc } = await t.as('lead.fanji').ok(ACCEPT, { id: ca.id });
      await t.as('insp.fanji').ok(ACCEPT, { id: cb.id });
      const caseId = acc.case.id;
      seen = await expectUpdates(A, ca.id, 2);
      expect(seen.updates[1].message).toContain(acc.caseNumber);
      expect(seen).toMatchObject({ status: 'ACCEPTED', caseNumber: acc.caseNumber, caseStatus: 'RECEIVED', case: null });

      // filed, with the handling deadline
      const { r: filed } = await t.as('lead.fanji').ok(FILE_CASE, { id: caseId, ids: await staffIds(t, ['insp.fanji', 'insp.fanji2']) });
      seen = await expectUpdates(A, ca.id, 3);
      expect(seen.updates[2].message).toContain(shanghaiDate(new Date(filed.handlingDueAt)));
      expect(seen.caseStatus).toBe('FILED');

      // payment ordered, with its due date
      const due = serverDay(t, 20);
      await t.as('lead.fanji').ok(ORDER, { id: caseId, due, amount: '5700.50' });
      seen = await expectUpdates(A, ca.id, 4);
      expect(seen.updates[3].message).toContain(due);
      expect(seen.caseStatus).toBe('RECTIFICATION_ORDERED');

      // payment recorded, with the amount
      await t.as('insp.fanji').ok(PAY, { id: caseId, amount: '5700.50', workers: 3 });
      seen = await expectUpdates(A, ca.id, 5);
      expect(seen.updates[4].message).toContain('5700.50');

      // closed, with the outcome
      const { r: closed } = await t.as('lead.fanji').ok(CLOSE, { id: caseId, outcome: 'PAID_IN_FULL', summary: '欠薪已全额支付' });
      expect(closed.status).toBe('CLOSED');
      seen = await expectUpdates(A, ca.id, 6);
      expect(seen.updates[5].message).toMatch(/全额|PAID_IN_FULL/);
      expect(seen).toMatchObject({ status: 'RESOLVED', caseStatus: 'CLOSED', caseNumber: acc.caseNumber, case: null });

      // the other claimant on the case was told the same and is resolved too
      const other = await expectUpdates(B, cb.id, 6);
      expect(other.status).toBe('RESOLVED');
      expect(other.updates.slice(2).map((u: any) => u.message)).toEqual(seen.updates.slice(2).map((u: any) => u.message));
      // and the my-claims view agrees
      const mine = (await t.as(A).ok(MY_CLAIMS, { first: 100 })).myWageClaims.edges.find((e: any) => e.node.id === ca.id).node;
      expect(mine).toMatchObject({ status: 'RESOLVED', caseStatus: 'CLOSED', caseNumber: acc.caseNumber });
    });

    it('a rejected claim tells the worker why', async () => {
      const c = await submitClaim(t, A);
      await t.as('lead.fanji').ok(REJECT, { id: c.id, reason: '欠薪已超过两年时效' });
      const seen = await claimOf(A, c.id);
      expect(seen.updates.map((u: any) => u.message)).toHaveLength(2);
      expect(seen.updates[1].message).toContain('欠薪已超过两年时效');
    });

    it('a case that is refused (rejectCase) rejects its accepted claims and tells the workers why', async () => {
      const c = await submitClaim(t, A);
      const { acceptWageClaim: a } = await t.as('lead.fanji').ok(ACCEPT, { id: c.id });
      await t.as('lead.fanji').ok(REJECT_CASE, { id: a.case.id, reason: '经核实已通过劳动仲裁处理' });
      const seen = await claimOf(A, c.id);
      expect(seen).toMatchObject({ status: 'REJECTED', caseStatus: 'REJECTED' });
      expect(seen.updates).toHaveLength(3);
      expect(seen.updates[2].message).toContain('经核实已通过劳动仲裁处理');
    });

    it('staff see the claim with its case; the worker sees the case number and status but not the case', async () => {
      const c = await submitClaim(t, A);
      const { acceptWageClaim: a } = await t.as('lead.fanji').ok(ACCEPT, { id: c.id });
      const staff = await claimOf('sup.xinye', c.id);
      expect(staff.case).toMatchObject({ id: a.case.id, number: a.caseNumber, status: 'RECEIVED' });
      const worker = await claimOf(A, c.id);
      expect(worker).toMatchObject({ caseNumber: a.caseNumber, caseStatus: 'RECEIVED', case: null });
    });
  });

  describe("the case's claims", () => {
    it('staff on the case see its claims with the claimant masked, at the township, county, city and province', async () => {
      const name = `案件线索单位${unique()}`;
      const ca = await submitClaim(t, A, { employerName: name });
      const cb = await submitClaim(t, B, { employerName: name });
      const k = (await t.as('lead.fanji').ok(ACCEPT, { id: ca.id })).acceptWageClaim.case;
      await t.as('lead.fanji').ok(ACCEPT, { id: cb.id });
      for (const who of ['insp.fanji', 'lead.xinye', 'sup.xinye', 'sup.nanyang', 'sup.henan']) {
        const claims = (await caseOf(k.id, who)).claims;
        expect(claims.map((c: any) => c.id)).toEqual([ca.id, cb.id]);
        expect(claims[0]).toMatchObject({ claimantName: maskedName(A.realName), claimantPhone: maskedPhone(A.phone), caseNumber: k.number });
        expect(claims[1]).toMatchObject({ claimantName: maskedName(B.realName), claimantPhone: maskedPhone(B.phone) });
      }
      // a sibling township does not see the case at all
      expect(await t.as('insp.wangzhuang').code(CASE, { id: k.id })).toBe('NOT_FOUND');
      const dump = JSON.stringify(await t.as('sup.henan').gql(CASE, { id: k.id }));
      expect(dump).not.toContain(A.idCardNumber);
      expect(dump).not.toContain(A.phone);
    });
  });
});
