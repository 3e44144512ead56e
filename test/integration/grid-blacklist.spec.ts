import { OverdueSweepService } from '../../src/modules/deadlines/overdue-sweep.service';
import { CASE_OPS } from '../support/cases';
import { expectedDueAt } from '../support/claims';
import {
  addMonths,
  addYears,
  BLACKLIST,
  CONFIRM,
  DAY,
  Employer,
  employerNow,
  APPLY_REPAIR,
  FANJI,
  fileGridCase,
  GridCase,
  gridTestApp,
  legalRep,
  openCaseAgainst,
  openWarning,
  orderedCase as newOrderedCase,
  PROPOSE,
  registerEmployer,
  REMOVE,
  WANGZHUANG,
  XINYE,
} from '../support/grid';
import { TestApp, travelTo } from '../support/test-app';

/**
 * 拖欠农民工工资失信联合惩戒名单 (issue 5, rule 4): proposed by county-level or higher staff, only
 * for a case whose arrears reach Henan's criminal threshold (8,000 yuan for one worker, 40,000
 * yuan for ten or more) and whose payment order went unpaid past its due date; listed after an
 * objection window of 10 working days, for three years; removed early only six months or more
 * after full payment. The clock is moved to just before and just after each window's end.
 */

describe('grid supervision: the blacklist', () => {
  let t: TestApp;
  gridTestApp((app) => (t = app));

  const entriesOf = async (caseId: string): Promise<{ status: string }[]> => t.ds.query(`SELECT status FROM blacklist_entry WHERE case_id = $1`, [caseId]);
  const propose = (who: string, e: { id: string }, c: { id: string }, r = '拒不执行责令支付决定，拖欠农民工工资') =>
    t.as(who).gql(PROPOSE, { e: e.id, c: c.id, r, parties: [legalRep()] });

  /** An employer and a filed case against it with a payment order due tomorrow. */
  const orderedCase = (workersAffected: number, amountOwed: string) => newOrderedCase(t, workersAffected, amountOwed);

  describe('proposeBlacklisting', () => {
    it('township staff and grid assistants are FORBIDDEN; county staff of the line propose (PROPOSED, with a 10-working-day objection window)', async () => {
      const { e, c } = await orderedCase(1, '8000.00');
      t.clock.travel(2 * DAY);
      for (const who of ['lead.fanji', 'insp.fanji', 'grid.yangzhuang', '13800000001']) {
        const r = await propose(who, e, c);
        expect([who, r.errors?.[0].extensions?.code]).toEqual([who, 'FORBIDDEN']);
      }
      expect(await entriesOf(c.id)).toEqual([]);
      const { data } = await propose('lead.xinye', e, c);
      const entry = data.proposeBlacklisting;
      expect(entry).toMatchObject({ status: 'PROPOSED', listedAt: null, expiresAt: null, employer: { id: e.id, blacklisted: false }, case: { id: c.id, number: c.number } });
      expect(entry.objectionDueAt).toBe(expectedDueAt(entry.proposedAt, 10));
      // One open entry per case.
      expect((await propose('sup.xinye', e, c)).errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(await entriesOf(c.id)).toEqual([{ status: 'PROPOSED' }]);
    });

    it('county-level staff of another county or city do not see the case: NOT_FOUND, nothing written', async () => {
      const { e, c } = await orderedCase(1, '9000.00');
      t.clock.travel(2 * DAY);
      for (const who of ['lead.wancheng', 'insp.zhongyuan', 'sup.zhengzhou']) {
        const r = await propose(who, e, c);
        expect([who, r.errors?.[0].extensions?.code]).toEqual([who, 'NOT_FOUND']);
      }
      expect(await entriesOf(c.id)).toEqual([]);
    });

    it("Henan's threshold for one worker: 7,999.99 yuan is CONFLICT, 8,000.00 is accepted", async () => {
      const below = await orderedCase(1, '7999.99');
      const at = await orderedCase(1, '8000.00');
      t.clock.travel(2 * DAY);
      const r = await propose('sup.xinye', below.e, below.c);
      expect(r.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(r.errors?.[0].message).toMatch(/threshold/);
      expect(await entriesOf(below.c.id)).toEqual([]);
      expect((await propose('sup.xinye', at.e, at.c)).data.proposeBlacklisting.status).toBe('PROPOSED');
    });

    it("Henan's threshold for ten workers: 39,999.99 yuan is CONFLICT, 40,000.00 is accepted", async () => {
      const below = await orderedCase(10, '39999.99');
      const at = await orderedCase(10, '40000.00');
      t.clock.travel(2 * DAY);
      const r = await propose('lead.xinye', below.e, below.c);
      expect(r.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(r.errors?.[0].message).toMatch(/threshold/);
      expect(await entriesOf(below.c.id)).toEqual([]);
      expect((await propose('lead.xinye', at.e, at.c)).data.proposeBlacklisting.status).toBe('PROPOSED');
    });

    it('a payment order not yet due is CONFLICT; on its due day too; the day after it is accepted', async () => {
      const { e, c } = await orderedCase(1, '20000.00');
      expect((await propose('sup.xinye', e, c)).errors?.[0].extensions?.code).toBe('CONFLICT');
      // The last minute of the due day (Asia/Shanghai) is still within the order's time.
      travelTo(t, new Date(Date.parse(`${c.dueDate}T23:59:00+08:00`)));
      expect((await propose('sup.xinye', e, c)).errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(await entriesOf(c.id)).toEqual([]);
      travelTo(t, new Date(Date.parse(`${c.dueDate}T23:59:00+08:00`) + 2 * 60_000));
      expect((await propose('sup.xinye', e, c)).data.proposeBlacklisting.status).toBe('PROPOSED');
    });

    it('a case without a payment order is CONFLICT, however large the arrears', async () => {
      const e = await registerEmployer(t);
      const c = await openCaseAgainst(t, e, { workersAffected: 30, amountOwed: '500000.00' });
      await fileGridCase(t, c.id);
      t.clock.travel(30 * DAY);
      expect((await propose('sup.xinye', e, c)).errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(await entriesOf(c.id)).toEqual([]);
    });

    it('arrears paid in full before the due date are CONFLICT', async () => {
      const { e, c } = await orderedCase(1, '8000.00');
      await t.as('insp.fanji').ok(CASE_OPS.recordPayment, { id: c.id, amount: '8000.00', workers: 1 });
      t.clock.travel(2 * DAY);
      expect((await propose('sup.xinye', e, c)).errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(await entriesOf(c.id)).toEqual([]);
    });

    it('the employer must be the employer of the case (BAD_USER_INPUT naming employerId); a reason is required', async () => {
      const { e, c } = await orderedCase(1, '8000.00');
      const other = await registerEmployer(t);
      t.clock.travel(2 * DAY);
      const wrong = await propose('sup.xinye', other, c);
      expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['employerId'] });
      const blank = await propose('sup.xinye', e, c, '  ');
      expect(blank.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['reason'] });
      expect(await entriesOf(c.id)).toEqual([]);
    });
  });

  describe('confirming, expiry and early removal', () => {
    /** Listed, then left to expire. */
    let A: { e: Employer; c: GridCase; entry: any };
    /** Listed, then paid and removed early. */
    let B: { e: Employer; c: GridCase; entry: any };
    let paidAt: Date;

    beforeAll(async () => {
      const a = await orderedCase(1, '8000.00');
      const b = await orderedCase(12, '60000.00');
      t.clock.travel(2 * DAY);
      A = { ...a, entry: (await propose('sup.xinye', a.e, a.c)).data.proposeBlacklisting };
      B = { ...b, entry: (await propose('lead.xinye', b.e, b.c)).data.proposeBlacklisting };
      t.clock.reset();
    });

    it('confirming within the objection window is CONFLICT, up to its last minute', async () => {
      const due = new Date(A.entry.objectionDueAt);
      travelTo(t, new Date(due.getTime() - 60 * 60_000));
      expect(await t.as('sup.xinye').code(CONFIRM, { id: A.entry.id })).toBe('CONFLICT');
      travelTo(t, new Date(due.getTime() - 60_000));
      expect(await t.as('sup.xinye').code(CONFIRM, { id: A.entry.id })).toBe('CONFLICT');
      expect(await entriesOf(A.c.id)).toEqual([{ status: 'PROPOSED' }]);
      expect((await employerNow(t, A.e.id)).blacklisted).toBe(false);
    });

    it('after the window a township leader is FORBIDDEN and another city NOT_FOUND; the county lists it for three years', async () => {
      travelTo(t, new Date(new Date(A.entry.objectionDueAt).getTime() + 60_000));
      expect(await t.as('lead.fanji').code(CONFIRM, { id: A.entry.id })).toBe('FORBIDDEN');
      expect(await t.as('sup.zhengzhou').code(CONFIRM, { id: A.entry.id })).toBe('NOT_FOUND');
      expect(await entriesOf(A.c.id)).toEqual([{ status: 'PROPOSED' }]);
      const before = t.clock.now().getTime();
      const { confirmBlacklisting: listed } = await t.as('sup.xinye').ok(CONFIRM, { id: A.entry.id });
      expect(listed).toMatchObject({ id: A.entry.id, status: 'LISTED', employer: { id: A.e.id, blacklisted: true } });
      const listedAt = new Date(listed.listedAt);
      expect(listedAt.getTime()).toBeGreaterThanOrEqual(before);
      expect(new Date(listed.expiresAt).toISOString()).toBe(addYears(listedAt, 3).toISOString());
      A.entry = listed;
      expect(await t.as('sup.xinye').code(CONFIRM, { id: A.entry.id })).toBe('CONFLICT');
    });

    it('while listed the employer is blacklisted and its warning is RED, naming the list', async () => {
      travelTo(t, new Date(new Date(A.entry.listedAt).getTime() + 10 * DAY));
      expect(await employerNow(t, A.e.id)).toMatchObject({ blacklisted: true, riskLevel: 'RED' });
      const w = await openWarning(t, A.e.id, FANJI);
      expect(w!.level).toBe('RED');
      expect(w!.reasons.some((r) => /失信联合惩戒对象名单/.test(r))).toBe(true);
    });

    it('a listing ends three years after it began: a day before, still blacklisted; a day after, not', async () => {
      const expires = new Date(A.entry.expiresAt).getTime();
      travelTo(t, new Date(expires - DAY));
      expect((await employerNow(t, A.e.id)).blacklisted).toBe(true);
      // At the end of the third year the listing is over (the clock keeps running: a little past).
      travelTo(t, new Date(expires + 1));
      expect((await employerNow(t, A.e.id)).blacklisted).toBe(false);
      travelTo(t, new Date(expires + DAY));
      expect((await employerNow(t, A.e.id)).blacklisted).toBe(false);
      // The sweep re-evaluates employers whose listing ran out: the list is no longer a reason
      // (the unpaid payment order still is).
      await t.app.get(OverdueSweepService).runOnce();
      const w = await openWarning(t, A.e.id, FANJI);
      expect(w!.reasons.some((r) => /失信联合惩戒对象名单/.test(r))).toBe(false);
      expect(w!.reasons.some((r) => /责令支付逾期未履行/.test(r))).toBe(true);
    });

    it('a listed employer that has not paid cannot be removed early (CONFLICT); a township may not remove (FORBIDDEN); a reason is required', async () => {
      travelTo(t, new Date(new Date(B.entry.objectionDueAt).getTime() + 60_000));
      B.entry = (await t.as('lead.xinye').ok(CONFIRM, { id: B.entry.id })).confirmBlacklisting;
      expect(B.entry.status).toBe('LISTED');
      t.clock.travel(200 * DAY);
      expect(await t.as('sup.xinye').code(REMOVE, { id: B.entry.id, r: '已整改' })).toBe('CONFLICT');
      expect(await t.as('lead.fanji').code(REMOVE, { id: B.entry.id, r: '已整改' })).toBe('FORBIDDEN');
      expect(await t.as('sup.xinye').error(REMOVE, { id: B.entry.id, r: ' ' })).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['reason'] });
      expect(await entriesOf(B.c.id)).toEqual([{ status: 'LISTED' }]);
    });

    it('early removal is CONFLICT five months, and a day short of six months, after full payment; at six months it is REMOVED', async () => {
      travelTo(t, new Date(new Date(B.entry.listedAt).getTime() + 201 * DAY));
      // Paid in two parts: the listing counts from the payment that completed the arrears.
      await t.as('insp.fanji').ok(CASE_OPS.recordPayment, { id: B.c.id, amount: '30000.00', workers: 6 });
      await t.as('insp.fanji').ok(CASE_OPS.recordPayment, { id: B.c.id, amount: '30000.00', workers: 6 });
      const [{ fully_paid_at }] = await t.ds.query(`SELECT fully_paid_at FROM case_file WHERE id = $1`, [B.c.id]);
      paidAt = new Date(fully_paid_at);
      expect(Math.abs(paidAt.getTime() - t.clock.now().getTime())).toBeLessThan(60_000);
      expect((await employerNow(t, B.e.id)).blacklisted).toBe(true);

      const apply = () => t.as('sup.xinye').code(APPLY_REPAIR, { id: B.entry.id, who: '法定代表人', pledge: '本单位承诺今后依法按时足额支付农民工工资' });
      travelTo(t, addMonths(paidAt, 5));
      expect(await apply()).toBe('CONFLICT');
      expect(await t.as('sup.xinye').code(REMOVE, { id: B.entry.id, r: '已全额支付并书面承诺' })).toBe('CONFLICT');
      travelTo(t, new Date(addMonths(paidAt, 6).getTime() - DAY));
      expect(await apply()).toBe('CONFLICT');
      expect(await t.as('sup.xinye').code(REMOVE, { id: B.entry.id, r: '已全额支付并书面承诺' })).toBe('CONFLICT');
      expect(await entriesOf(B.c.id)).toEqual([{ status: 'LISTED' }]);

      travelTo(t, new Date(addMonths(paidAt, 6).getTime() + 60_000));
      // Six months on, still only on the party's application with its commitment.
      expect(await t.as('sup.xinye').code(REMOVE, { id: B.entry.id, r: '已全额支付并书面承诺' })).toBe('CONFLICT');
      await t.as('sup.xinye').ok(APPLY_REPAIR, { id: B.entry.id, who: '法定代表人', pledge: '本单位承诺今后依法按时足额支付农民工工资' });
      const { removeFromBlacklist: removed } = await t.as('sup.xinye').ok(REMOVE, { id: B.entry.id, r: '已全额支付并书面承诺' });
      expect(removed).toMatchObject({ status: 'REMOVED', removalReason: '已全额支付并书面承诺', employer: { id: B.e.id, blacklisted: false } });
      expect(removed.removedAt).not.toBeNull();
      expect((await employerNow(t, B.e.id)).blacklisted).toBe(false);
      // Paid and no longer listed: no signal is left.
      expect(await openWarning(t, B.e.id, FANJI)).toBeUndefined();
      expect(await t.as('sup.xinye').code(REMOVE, { id: B.entry.id, r: '重复移出' })).toBe('CONFLICT');
    });

    it('`blacklist` lists the entries to the township, county, city and province of the case, not to a sibling township or another city', async () => {
      const has = async (who: string, unit: string | null) =>
        ((await t.as(who).ok(BLACKLIST, { unit })).blacklist as { id: string; status: string }[]).filter((b) => [A.entry.id, B.entry.id].includes(b.id));
      const seen = await has('sup.xinye', FANJI);
      expect(seen.map((b) => [b.id, b.status]).sort()).toEqual([[A.entry.id, 'LISTED'], [B.entry.id, 'REMOVED']].sort());
      for (const [who, unit] of [
        ['lead.fanji', null],
        ['insp.fanji', FANJI],
        ['lead.xinye', XINYE],
        ['sup.nanyang', null],
        ['sup.henan', '41'],
      ] as const) {
        expect([who, unit, (await has(who, unit)).length]).toEqual([who, unit, 2]);
      }
      expect((await has('sup.xinye', WANGZHUANG)).length).toBe(0);
      for (const [who, unit] of [
        ['insp.wangzhuang', null],
        ['insp.wangzhuang', FANJI],
        ['sup.zhengzhou', null],
        ['sup.zhengzhou', XINYE],
        ['insp.zhongyuan', null],
        ['lead.wancheng', null],
      ] as const) {
        expect([who, unit, (await has(who, unit)).length]).toEqual([who, unit, 0]);
      }
      expect((await t.as('sup.zhengzhou').ok(BLACKLIST, { unit: XINYE })).blacklist).toEqual([]);
    });
  });
});
