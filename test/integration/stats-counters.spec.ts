import { caseCounterDrift, rebuildCaseCounters } from '../../src/modules/stats/case-counters';
import { CASE_OPS } from '../support/cases';
import { ACCEPT, claimInput, registerWorker, SUBMIT, Worker } from '../support/claims';
import { CHILD_STATS, FANJI, fileGridCase, openCaseAgainst, UNIT_STATS, XINYE, YANGZHUANG } from '../support/grid';
import { serverDay, TestApp, travelTo, unique } from '../support/test-app';

/**
 * The case counters behind the statistics (case_unit_stats, issue 13) are exact: after every kind
 * of write to case_file (open, file, attach a claim, payment, transfer to another township and to
 * the county itself, transfer to the police, reject, close, concurrent openings and crossing
 * transfers, a delete) they equal what the cases themselves add up to, row for row over the whole
 * table; and the statistics they serve equal the statistics counted from the cases (the path
 * taken when dates are given).
 */

const WANGJI = '411329102';
const SHIQIAO = '411329103';
const SHANGGANG_GRID = '411329309201';

const ALL_DAYS = { from: '2000-01-01', to: '2099-12-31' };

describe('statistics: the case counters', () => {
  let t: TestApp;
  let worker: Worker;
  const drift = () => caseCounterDrift(t.ds);
  const employer = () => ({ name: unique('计数测试公司'), creditCode: null });
  const county = { leader: 'lead.xinye', inspectors: ['insp.xinye', 'lead.xinye'] };

  beforeAll(async () => {
    t = await TestApp.start();
    worker = await registerWorker(t);
  });
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  it('follow every case command: after each one the counters equal the cases, row for row', async () => {
    expect(await drift()).toEqual([]);
    const steps: [string, () => Promise<unknown>][] = [];
    const a = await openCaseAgainst(t, employer(), { as: 'sup.xinye', handlingUnitCode: WANGJI, workplaceUnitCode: WANGJI, workersAffected: 2, amountOwed: '100.10' });
    const b = await openCaseAgainst(t, employer(), { as: 'sup.xinye', handlingUnitCode: XINYE, workplaceUnitCode: SHANGGANG_GRID, workersAffected: 4, amountOwed: '0.01' });
    expect(await drift()).toEqual([]);
    steps.push(
      ['file', () => fileGridCase(t, a.id, county)],
      ['payment', () => t.as('insp.xinye').ok(CASE_OPS.recordPayment, { id: a.id, amount: '50.05', workers: 1 })],
      ['transfer to a township', () => t.as('sup.xinye').ok(CASE_OPS.transferCase, { id: a.id, to: SHIQIAO, reason: '移送' })],
      // A second move is the county supervisor's (指定管辖); the county handling it itself has no township.
      ['transfer to the county itself', () => t.as('sup.xinye').ok(CASE_OPS.transferCase, { id: a.id, to: XINYE, reason: '县局直接办理' })],
      ['close', () => t.as('lead.xinye').ok(CASE_OPS.closeCase, { id: a.id, outcome: 'NO_VIOLATION', summary: '结案' })],
      ['reject', () => t.as('lead.xinye').ok(CASE_OPS.rejectCase, { id: b.id, reason: '不予立案' })],
    );
    const c = await openCaseAgainst(t, employer(), { as: 'sup.xinye', handlingUnitCode: XINYE, workplaceUnitCode: SHIQIAO });
    steps.push(
      ['file, then transfer to the police', async () => {
        await fileGridCase(t, c.id, county);
        await t.as('insp.xinye').ok(CASE_OPS.transferToPolice, { id: c.id, reason: '涉嫌拒不支付劳动报酬罪' });
      }],
    );
    // A claim accepted opens a case; a second one naming the same employer is attached to it.
    const claimer = { employerName: unique('并案计数公司'), employerCreditCode: null, workplaceUnitCode: '411329305212' };
    steps.push(
      ['a claim opens a case', async () => {
        const { submitWageClaim } = await t.as(worker).ok(SUBMIT, { i: claimInput(t, { ...claimer, workersAffected: 3, amountOwed: '3000.00' }) });
        await t.as('lead.fanji').ok(ACCEPT, { id: submitWageClaim.id });
      }],
      ['a claim is attached to it', async () => {
        const { submitWageClaim } = await t.as(worker).ok(SUBMIT, { i: claimInput(t, { ...claimer, workersAffected: 2, amountOwed: '0.99' }) });
        const { acceptWageClaim } = await t.as('lead.fanji').ok(ACCEPT, { id: submitWageClaim.id });
        expect(acceptWageClaim.case).toBeTruthy();
      }],
    );
    for (const [name, step] of steps) {
      await step();
      expect([name, await drift()]).toEqual([name, []]);
    }
  });

  it('stay exact under concurrent openings in one township and transfers crossing each other', async () => {
    const before = (await t.ds.query(`SELECT COALESCE(sum(cases), 0)::int AS n FROM case_unit_stats WHERE township_code = $1`, [FANJI]))[0].n;
    const opened = await Promise.all(Array.from({ length: 8 }, () => openCaseAgainst(t, employer())));
    const after = (await t.ds.query(`SELECT COALESCE(sum(cases), 0)::int AS n FROM case_unit_stats WHERE township_code = $1`, [FANJI]))[0].n;
    expect(after - before).toBe(8);
    const [x, y] = await Promise.all([
      openCaseAgainst(t, employer(), { as: 'sup.xinye', handlingUnitCode: WANGJI, workplaceUnitCode: WANGJI }),
      openCaseAgainst(t, employer(), { as: 'sup.xinye', handlingUnitCode: SHIQIAO, workplaceUnitCode: SHIQIAO }),
    ]);
    await Promise.all([
      t.as('sup.xinye').ok(CASE_OPS.transferCase, { id: x.id, to: SHIQIAO, reason: '移送' }),
      t.as('sup.xinye').ok(CASE_OPS.transferCase, { id: y.id, to: WANGJI, reason: '移送' }),
      ...opened.slice(0, 4).map((o) => t.as('lead.fanji').ok(CASE_OPS.rejectCase, { id: o.id, reason: '不予立案' })),
    ]);
    expect(await drift()).toEqual([]);
  });

  it('follow a deleted case; the check notices a counter that is off, and the rebuild puts it right', async () => {
    const gone = await openCaseAgainst(t, employer(), { as: 'sup.xinye', handlingUnitCode: WANGJI, workplaceUnitCode: WANGJI });
    const ROLLBACK = new Error('rolled back on purpose');
    const inside = async (): Promise<unknown[][]> => {
      const seen: unknown[][] = [];
      await expect(
        t.ds.transaction(async (m) => {
          // Nothing in the product deletes a case; a script might, and the counters follow (its
          // visibility rows, events and inspectors go with it by cascade).
          await m.query(`DELETE FROM case_file WHERE id = $1`, [gone.id]);
          seen.push(await caseCounterDrift(m));
          // The row of the cases opened above in 樊集乡's 杨庄村, one open case too many.
          await m.query(`UPDATE case_unit_stats SET cases_open = cases_open + 1 WHERE township_code = $1 AND workplace_unit_code = $2`, [FANJI, YANGZHUANG]);
          seen.push(await caseCounterDrift(m));
          // The rebuild (for a bulk load with the triggers off) puts it right.
          await rebuildCaseCounters(m);
          seen.push(await caseCounterDrift(m));
          throw ROLLBACK;
        }),
      ).rejects.toBe(ROLLBACK);
      return seen;
    };
    const [afterDelete, afterTampering, afterRebuild] = await inside();
    expect(afterDelete).toEqual([]);
    expect(afterTampering).toEqual([
      expect.objectContaining({ side: 'counted, not kept', township_code: FANJI, workplace_unit_code: YANGZHUANG }),
      expect.objectContaining({ side: 'kept, not counted', township_code: FANJI, workplace_unit_code: YANGZHUANG }),
    ]);
    expect(afterRebuild).toEqual([]);
    // Outside a transaction a write could fall between the count and its commit: refused.
    await expect(rebuildCaseCounters(t.ds)).rejects.toThrow(/transaction/);
    expect(await drift()).toEqual([]);
  });

  it('serve the same statistics as the cases themselves, at every level and for every child row', async () => {
    // Noon in Shanghai: every deadline is the end of a day, so none passes between the two reads.
    travelTo(t, `${serverDay(t)}T12:00:00+08:00`);
    for (const [who, unit] of [
      ['sup.henan', '41'],
      ['sup.nanyang', '4113'],
      ['sup.xinye', XINYE],
      ['sup.xinye', FANJI],
      ['lead.fanji', FANJI],
      ['sup.xinye', '411329309'],
    ]) {
      const counted = (await t.as(who).ok(UNIT_STATS, { unit })).unitStats;
      const fromCases = (await t.as(who).ok(UNIT_STATS, { unit, ...ALL_DAYS })).unitStats;
      expect([who, unit, counted]).toEqual([who, unit, fromCases]);
      const children = (await t.as(who).ok(CHILD_STATS, { unit })).childUnitStats;
      const childrenFromCases = (await t.as(who).ok(CHILD_STATS, { unit, ...ALL_DAYS })).childUnitStats;
      expect([who, unit, children]).toEqual([who, unit, childrenFromCases]);
    }
    // Not vacuous: the county's numbers are there to compare.
    const xinye = (await t.as('sup.xinye').ok(UNIT_STATS, { unit: XINYE })).unitStats;
    expect(xinye.casesOpen + xinye.casesClosed).toBeGreaterThan(0);
  });
});
