import { OverdueSweepService } from '../../src/modules/deadlines/overdue-sweep.service';
import { CASE_OPS } from '../support/cases';
import { registerWorker, SUBMIT, claimInput, WITHDRAW, Worker } from '../support/claims';
import {
  CASE_EVENTS,
  DAY,
  Employer,
  employerNow,
  FANJI,
  inspect,
  openOrderedCase,
  openWarning,
  registerEmployer,
  WANGZHUANG,
  WARNINGS,
  WarningRow,
  warningRows,
  XINYE,
  YANGZHUANG,
} from '../support/grid';
import { TestApp } from '../support/test-app';

/**
 * 欠薪预警 (issue 5, rules 2 and 3): an employer's risk level from its signals, with the default
 * thresholds (claims in the last 90 days: 3 or more YELLOW; 10 or more, or 1,000,000 yuan or
 * more, ORANGE; a payment order past its due date and unpaid RED; the latest inspection found a
 * violation YELLOW). Each signal is driven through the API (claims from registered workers naming
 * the employer's credit code, inspections, case commands, the overdue sweep), at, just below and
 * just above each bound; the level is read back from `Employer.riskLevel` and `warnings`.
 */

const RANK: Record<string, number> = { RED: 3, ORANGE: 2, YELLOW: 1, NONE: 0 };
const JIWAN = '411329305201';

describe('grid supervision: early warning', () => {
  let t: TestApp;
  let workers: Worker[];
  let next = 0;

  beforeAll(async () => {
    t = await TestApp.start();
    workers = [];
    for (let i = 0; i < 3; i++) workers.push(await registerWorker(t));
  });
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  /** A claim naming the employer's credit code, from the next worker in turn, labour used in 杨庄村. */
  const claim = async (e: Employer, amountOwed = '3200.00') => {
    const worker = workers[next++ % workers.length];
    const i = claimInput(t, { employerName: e.name, employerCreditCode: e.creditCode, workplaceUnitCode: YANGZHUANG, amountOwed });
    return { worker, claim: (await t.as(worker).ok(SUBMIT, { i })).submitWageClaim };
  };
  const claims = async (e: Employer, n: number, amountOwed?: string) => {
    for (let i = 0; i < n; i++) await claim(e, amountOwed);
  };
  const level = async (e: Employer) => (await employerNow(t, e.id)).riskLevel;
  const plainWords = (reason: string) => /[\u4e00-\u9fff]/.test(reason) && !/^[A-Z_]+$/.test(reason);

  describe('inspections', () => {
    it('an inspection that finds a violation raises a YELLOW warning with the reason in plain words, shown at the grid', async () => {
      const e = await registerEmployer(t);
      const i = await inspect(t, e.id, true);
      expect(i).toMatchObject({ violationFound: true, employer: { id: e.id, riskLevel: 'YELLOW' } });
      expect(await level(e)).toBe('YELLOW');
      const w = await openWarning(t, e.id);
      expect(w).toMatchObject({ level: 'YELLOW', resolvedAt: null, unit: { code: YANGZHUANG }, employer: { id: e.id, riskLevel: 'YELLOW' } });
      expect(w!.reasons).toHaveLength(1);
      expect(w!.reasons[0]).toMatch(/网格巡查发现违法/);
      expect(w!.reasons.every(plainWords)).toBe(true);
    });

    it('a later clean inspection resolves it: resolvedAt is set and `warnings` no longer lists it', async () => {
      const e = await registerEmployer(t);
      await inspect(t, e.id, true, 'insp.fanji');
      expect(await openWarning(t, e.id)).toBeDefined();
      await inspect(t, e.id, false, 'grid.yangzhuang');
      expect(await level(e)).toBe('NONE');
      expect(await openWarning(t, e.id)).toBeUndefined();
      const rows = await warningRows(t, e.id);
      expect(rows).toHaveLength(1);
      expect(rows[0].resolved_at).not.toBeNull();
      // A new violation opens a new warning; the resolved one stays resolved.
      await inspect(t, e.id, true);
      expect((await warningRows(t, e.id)).map((r) => r.resolved_at === null)).toEqual([false, true]);
    });

    it('a clean inspection keeps the warning while another signal remains, and drops only its own reason', async () => {
      const e = await registerEmployer(t);
      await claims(e, 3);
      await inspect(t, e.id, true);
      const both = await openWarning(t, e.id);
      expect(both!.level).toBe('YELLOW');
      expect(both!.reasons).toHaveLength(2);
      await inspect(t, e.id, false);
      const after = await openWarning(t, e.id);
      expect(after).toMatchObject({ id: both!.id, level: 'YELLOW', resolvedAt: null });
      expect(after!.reasons).toHaveLength(1);
      expect(after!.reasons[0]).toMatch(/3次/);
      expect(after!.reasons[0]).not.toMatch(/巡查/);
    });
  });

  describe('claims in the last 90 days', () => {
    it('2 claims raise nothing; 3 are YELLOW; 4 and 9 stay YELLOW; 10 are ORANGE; 11 stay ORANGE', async () => {
      const e = await registerEmployer(t);
      await claims(e, 2);
      expect(await level(e)).toBe('NONE');
      expect(await warningRows(t, e.id)).toEqual([]);
      const seen: Record<number, string> = {};
      for (let n = 3; n <= 11; n++) {
        await claim(e);
        seen[n] = await level(e);
        if (n === 3) {
          const w = await openWarning(t, e.id);
          expect(w).toMatchObject({ level: 'YELLOW', unit: { code: YANGZHUANG } });
          expect(w!.reasons).toEqual([expect.stringMatching(/90天内被反映欠薪3次/)]);
          expect(w!.reasons.every(plainWords)).toBe(true);
        }
      }
      expect(seen).toEqual({ 3: 'YELLOW', 4: 'YELLOW', 5: 'YELLOW', 6: 'YELLOW', 7: 'YELLOW', 8: 'YELLOW', 9: 'YELLOW', 10: 'ORANGE', 11: 'ORANGE' });
      const w = await openWarning(t, e.id);
      expect(w!.level).toBe('ORANGE');
      expect(w!.reasons[0]).toMatch(/11次/);
      // One warning per employer: the level moved within the same open warning.
      expect(await warningRows(t, e.id)).toHaveLength(1);
    });

    it('claims totalling 999,999.99 yuan raise nothing; exactly 1,000,000.00 is ORANGE; 1,000,000.01 is ORANGE', async () => {
      const below = await registerEmployer(t);
      await claim(below, '999999.98');
      await claim(below, '0.01');
      expect(await level(below)).toBe('NONE');
      expect(await openWarning(t, below.id)).toBeUndefined();

      const at = await registerEmployer(t);
      await claim(at, '999999.99');
      expect(await level(at)).toBe('NONE');
      await claim(at, '0.01');
      expect(await level(at)).toBe('ORANGE');
      const w = await openWarning(t, at.id);
      expect(w!.level).toBe('ORANGE');
      expect(w!.reasons[0]).toMatch(/1000000\.00/);

      const above = await registerEmployer(t);
      await claim(above, '999999.99');
      await claim(above, '0.02');
      expect(await level(above)).toBe('ORANGE');

      const single = await registerEmployer(t);
      await claim(single, '1000000.00');
      expect(await level(single)).toBe('ORANGE');
    });

    it('a withdrawn claim no longer counts: the warning is resolved on withdrawal', async () => {
      const e = await registerEmployer(t);
      await claims(e, 2);
      const { worker, claim: third } = await claim(e);
      expect(await level(e)).toBe('YELLOW');
      await t.as(worker).ok(WITHDRAW, { id: third.id });
      expect(await level(e)).toBe('NONE');
      expect(await openWarning(t, e.id)).toBeUndefined();
    });

    it('claims older than 90 days no longer count, from the next event on', async () => {
      const e = await registerEmployer(t);
      await claims(e, 3);
      expect(await level(e)).toBe('YELLOW');
      // 89 days later the three claims are still within the window.
      t.clock.travel(89 * DAY);
      await inspect(t, e.id, false);
      expect(await level(e)).toBe('YELLOW');
      // 91 days after them a new claim is the only one counted: the warning is resolved.
      t.clock.travel(2 * DAY);
      await claim(e);
      expect(await level(e)).toBe('NONE');
      expect(await openWarning(t, e.id)).toBeUndefined();
      expect((await warningRows(t, e.id))[0].resolved_at).not.toBeNull();
    });
  });

  describe('payment orders', () => {
    it('a payment order unpaid past its due date is RED (with the case number) after the sweep; full payment clears that reason', async () => {
      const e = await registerEmployer(t);
      await inspect(t, e.id, true);
      const c = await openOrderedCase(t, e, { amountOwed: '12800.00' });
      expect(c.employerId).toBe(e.id);
      // Before the due date the order is no signal.
      expect(await level(e)).toBe('YELLOW');
      t.clock.travel(2 * DAY);
      await t.app.get(OverdueSweepService).runOnce();
      expect(await level(e)).toBe('RED');
      const red = await openWarning(t, e.id);
      expect(red!.level).toBe('RED');
      expect(red!.reasons).toHaveLength(2);
      expect(red!.reasons.some((r) => r.includes(c.number))).toBe(true);
      expect(red!.reasons.every(plainWords)).toBe(true);

      // One fen short of the order is still unpaid.
      await t.as('insp.fanji').ok(CASE_OPS.recordPayment, { id: c.id, amount: '12799.99', workers: 2 });
      expect(await level(e)).toBe('RED');
      await t.as('insp.fanji').ok(CASE_OPS.recordPayment, { id: c.id, amount: '0.01', workers: 1 });
      const after = await openWarning(t, e.id);
      expect(after).toMatchObject({ id: red!.id, level: 'YELLOW' });
      expect(after!.reasons.some((r) => r.includes(c.number))).toBe(false);
      expect(await level(e)).toBe('YELLOW');
      // With the violation cleared too, nothing is left.
      await inspect(t, e.id, false);
      expect(await level(e)).toBe('NONE');
      expect(await openWarning(t, e.id)).toBeUndefined();
    });

    it('escalating an ignored payment order (penalty, then transfer to the police) keeps it RED until it is paid', async () => {
      const e = await registerEmployer(t);
      const c = await openOrderedCase(t, e, { amountOwed: '30000.00' });
      t.clock.travel(2 * DAY);
      await t.app.get(OverdueSweepService).runOnce();
      expect(await level(e)).toBe('RED');
      await t.as('insp.fanji').ok(CASE_OPS.decidePenalty, { id: c.id, fine: '20000.00', basis: '劳动保障监察条例第二十六条' });
      expect(await level(e)).toBe('RED');
      expect((await openWarning(t, e.id))!.reasons.some((r) => r.includes(c.number))).toBe(true);
      await t.as('insp.fanji').ok(CASE_OPS.transferToPolice, { id: c.id, reason: '涉嫌拒不支付劳动报酬罪' });
      expect(await level(e)).toBe('RED');
      await t.as('insp.fanji').ok(CASE_OPS.recordPayment, { id: c.id, amount: '30000.00', workers: 3 });
      expect(await level(e)).toBe('NONE');
      expect(await openWarning(t, e.id)).toBeUndefined();
    });

    it('a payment order of a case sent to the police before its due date is still announced overdue and turns RED when it passes unpaid', async () => {
      const e = await registerEmployer(t);
      const c = await openOrderedCase(t, e, { amountOwed: '30000.00' });
      await t.as('insp.fanji').ok(CASE_OPS.transferToPolice, { id: c.id, reason: '用人单位负责人逃匿' });
      expect(await level(e)).toBe('NONE');
      t.clock.travel(2 * DAY);
      await t.app.get(OverdueSweepService).runOnce();
      expect(await level(e)).toBe('RED');
      const { case: after } = await t.as('sup.henan').ok(CASE_EVENTS, { id: c.id });
      expect(after.events.filter((x: { type: string; note: string }) => x.type === 'OVERDUE' && x.note.startsWith('PAYMENT_ORDER'))).toHaveLength(1);
    });

    it('a payment order paid in full before its due date never turns RED', async () => {
      const e = await registerEmployer(t);
      const c = await openOrderedCase(t, e, { amountOwed: '5000.00' });
      await t.as('insp.fanji').ok(CASE_OPS.recordPayment, { id: c.id, amount: '5000.00', workers: 3 });
      t.clock.travel(2 * DAY);
      await t.app.get(OverdueSweepService).runOnce();
      expect(await level(e)).toBe('NONE');
      expect(await warningRows(t, e.id)).toEqual([]);
    });
  });

  describe('warnings', () => {
    let red: Employer;
    let orange: Employer;
    let yellow: Employer;
    let otherGrid: Employer;
    let caseNumber: string;

    /** Raised RED first, then ORANGE, then YELLOW: worst first is the reverse of newest first. */
    beforeAll(async () => {
      red = await registerEmployer(t);
      const c = await openOrderedCase(t, red);
      caseNumber = c.number;
      t.clock.travel(2 * DAY);
      await t.app.get(OverdueSweepService).runOnce();
      orange = await registerEmployer(t);
      await claim(orange, '1000000.00');
      yellow = await registerEmployer(t);
      await inspect(t, yellow.id, true);
      otherGrid = await registerEmployer(t, { gridCode: JIWAN });
      await inspect(t, otherGrid.id, true, 'insp.fanji');
      t.clock.reset();
    });

    const mine = (ws: WarningRow[]) => ws.filter((w) => [red.id, orange.id, yellow.id, otherGrid.id].includes(w.employer.id));

    it('lists the open warnings of a subtree worst first: RED before ORANGE before YELLOW', async () => {
      const { warnings } = await t.as('sup.xinye').ok(WARNINGS, { unit: FANJI });
      const ranks = (warnings as WarningRow[]).map((w) => RANK[w.level]);
      expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
      const own = mine(warnings).filter((w) => w.employer.id !== otherGrid.id);
      expect(own.map((w) => [w.employer.id, w.level])).toEqual([
        [red.id, 'RED'],
        [orange.id, 'ORANGE'],
        [yellow.id, 'YELLOW'],
      ]);
      expect(own[0].reasons.some((r) => r.includes(caseNumber))).toBe(true);
      expect(own.every((w) => w.resolvedAt === null && w.raisedAt)).toBe(true);
      // raisedAt is the stored time to the millisecond; within a level the newest come first.
      const stored: { id: string; raised_at: Date }[] = await t.ds.query(`SELECT id, raised_at FROM warning WHERE id = ANY($1::uuid[])`, [own.map((w) => w.id)]);
      expect(own.map((w) => w.raisedAt)).toEqual(own.map((w) => new Date(stored.find((r) => r.id === w.id)!.raised_at).toISOString()));
      const list = warnings as WarningRow[];
      for (let i = 1; i < list.length; i++) if (list[i].level === list[i - 1].level) expect(list[i].raisedAt <= list[i - 1].raisedAt).toBe(true);
    });

    it('Employer.riskLevel follows the warning level', async () => {
      expect(await level(red)).toBe('RED');
      expect(await level(orange)).toBe('ORANGE');
      expect(await level(yellow)).toBe('YELLOW');
      expect(await level(otherGrid)).toBe('YELLOW');
    });

    it('the grid, township, county, city and province see them; a grid assistant only those of its grid', async () => {
      for (const [who, unit] of [
        ['lead.fanji', FANJI],
        ['insp.xinye', XINYE],
        ['sup.nanyang', '4113'],
        ['sup.henan', '41'],
      ]) {
        expect([who, mine((await t.as(who).ok(WARNINGS, { unit })).warnings).length]).toEqual([who, 4]);
      }
      const grid = mine((await t.as('grid.yangzhuang').ok(WARNINGS, { unit: FANJI })).warnings);
      expect(grid.map((w) => w.employer.id).sort()).toEqual([red.id, orange.id, yellow.id].sort());
      // A unit narrower than the warnings' grid sees them only within that grid.
      expect(mine((await t.as('sup.xinye').ok(WARNINGS, { unit: JIWAN })).warnings).map((w) => w.employer.id)).toEqual([otherGrid.id]);
    });

    it('a sibling township and another city see none of them', async () => {
      expect((await t.as('insp.wangzhuang').ok(WARNINGS, { unit: FANJI })).warnings).toEqual([]);
      expect(mine((await t.as('insp.wangzhuang').ok(WARNINGS, { unit: XINYE })).warnings)).toEqual([]);
      expect(mine((await t.as('insp.wangzhuang').ok(WARNINGS, { unit: WANGZHUANG })).warnings)).toEqual([]);
      for (const who of ['sup.zhengzhou', 'insp.zhongyuan']) {
        expect([who, (await t.as(who).ok(WARNINGS, { unit: XINYE })).warnings]).toEqual([who, []]);
        expect([who, mine((await t.as(who).ok(WARNINGS, { unit: '41' })).warnings)]).toEqual([who, []]);
      }
    });

    it('a worker may not read warnings', async () => {
      expect(await t.as(workers[0]).code(WARNINGS, { unit: FANJI })).toBe('FORBIDDEN');
    });
  });
});
