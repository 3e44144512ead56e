import { MAX_PROCEDURE_STEPS, PUBLISHED_PROCEDURES } from '../../src/modules/public/public-procedure';
import { CalendarService } from '../../src/modules/calendar/calendar.service';
import { ACCEPTANCE_DAYS, HANDLING_DAYS } from '../../src/modules/cases/statutory';
import { ACCEPT, CLOSE, expectedDueAt, FILE_CASE, OPEN_CASE, PAY, registerWorker, staffIds, SUBMIT, claimInput, caseInput, Worker } from '../support/claims';
import { TestApp, travelTo, unique } from '../support/test-app';
import { withhold } from '../../src/modules/public/public-results.service';

/**
 * 四公开 (issue 11): the published procedures and time limits come from the constants the clocks
 * count with, and the results per unit are public, free of personal data, withheld below the
 * minimum count, limited in cost and cached for a minute. The figures are checked in 前高庙乡
 * (411329303), a township of 新野县 where no other test works, in 2026 with the clock set to
 * spring and summer of that year.
 */

const QIANGAOMIAO = '411329303';
const XINYE = '411329';
const FIELDS = `unit { code name level } published casesClosed amountRecovered workersPaid closedWithinLimitShare averageWorkingDaysToClose claimsAnswered claimsAnsweredInTimeShare`;
const RESULTS = `query($unit: String, $year: Int) { publicResults(unitCode: $unit, year: $year) { year minimumCount asOf total { ${FIELDS} } children { ${FIELDS} } } }`;
const PROCEDURES = `{ publicProcedures { key title summary steps { title description timeLimit workingDays basis } } claimBounds {
  employerNameMin employerNameMax projectNameMax amountMaxYuan workersMin workersMax descriptionMin descriptionMax timeBarYears answerWorkingDays } }`;

describe('public pages (四公开): procedures, time limits and results', () => {
  let t: TestApp;
  let worker: Worker;

  beforeAll(async () => {
    t = await TestApp.start();
    travelTo(t, '2026-03-02T02:00:00Z');
    worker = await registerWorker(t, '411329', '钱公开');
  });
  afterAll(() => t.close());

  const results = async (unit: string | null, year?: number) => (await t.anonymous.ok(RESULTS, { unit, year })).publicResults;
  const step = (procedures: any[], key: string, title: string) => procedures.find((p) => p.key === key).steps.find((x: any) => x.title.startsWith(title));

  it('the published time limits are the ones the clocks count: a claim is due when the page says, a filed case too', async () => {
    const { publicProcedures, claimBounds } = await t.anonymous.ok(PROCEDURES);
    expect(publicProcedures.map((p: any) => p.key)).toEqual(['WAGE_CLAIM', 'CASE', 'BLACKLIST']);
    // the bounds the query cost counts with hold what is published
    expect(publicProcedures.length).toBeLessThanOrEqual(PUBLISHED_PROCEDURES);
    for (const p of publicProcedures) expect(p.steps.length).toBeLessThanOrEqual(MAX_PROCEDURE_STEPS);
    const answer = step(publicProcedures, 'WAGE_CLAIM', '答复');
    expect(answer.workingDays).toBe(ACCEPTANCE_DAYS);
    expect(answer.description).toContain(`${ACCEPTANCE_DAYS}个工作日`);
    expect(claimBounds.answerWorkingDays).toBe(ACCEPTANCE_DAYS);
    const investigation = step(publicProcedures, 'CASE', '调查');
    expect(investigation.workingDays).toBe(HANDLING_DAYS);
    expect(investigation.basis.join()).toContain('劳动保障监察条例');

    const claim = (await t.as(worker).ok(SUBMIT, { i: claimInput(t) })).submitWageClaim;
    expect(claim.responseDueAt).toBe(expectedDueAt(claim.submittedAt, answer.workingDays));

    const { r: opened } = await t.as('lead.xinye').ok(OPEN_CASE, { i: caseInput({ name: unique('公开时限公司') }, { handlingUnitCode: QIANGAOMIAO, workplaceUnitCode: QIANGAOMIAO }) });
    const { r: filed } = await t.as('lead.xinye').ok(FILE_CASE, { id: opened.id, ids: await staffIds(t, ['insp.xinye', 'lead.xinye']) });
    expect(filed.handlingDueAt).toBe(expectedDueAt(t.clock.now().toISOString(), investigation.workingDays));
    // close it again so that it does not count as open elsewhere in this file
    await t.as('lead.xinye').ok(CLOSE, { id: opened.id, outcome: 'NO_VIOLATION', summary: '经查无欠薪' });
    closedSoFar.push({ recovered: 0n, workers: 0, days: 0, late: false });
  });

  it('the form bounds the page publishes are the ones submitWageClaim enforces', async () => {
    const { claimBounds: b } = await t.anonymous.ok(PROCEDURES);
    const field = async (patch: Record<string, unknown>) => {
      const r = await t.as(worker).gql(SUBMIT, { i: claimInput(t, patch) });
      return r.errors?.[0]?.extensions?.fields ?? [];
    };
    expect(await field({ workersAffected: b.workersMax + 1 })).toEqual(['workersAffected']);
    expect(await field({ workersAffected: b.workersMax })).toEqual([]);
    expect(await field({ employerName: '某'.repeat(b.employerNameMax + 1) })).toEqual(['employerName']);
    expect(await field({ description: '欠'.repeat(b.descriptionMin - 1) })).toEqual(['description']);
    expect(await field({ description: '欠'.repeat(b.descriptionMin) })).toEqual([]);
    expect(await field({ amountOwed: `${b.amountMaxYuan}.01` })).toEqual(['amountOwed']);
    expect(await field({ amountOwed: `${b.amountMaxYuan}.00` })).toEqual([]);
  });

  /** Cases closed in 前高庙乡 by this file: what the township's results must add up to. */
  const closedSoFar: { recovered: bigint; workers: number; days: number; late: boolean }[] = [];

  async function closedCase(amount: string, workers: number, closeAt?: string): Promise<void> {
    const { r: c } = await t.as('lead.xinye').ok(OPEN_CASE, {
      i: caseInput({ name: unique('公开结果公司') }, { handlingUnitCode: QIANGAOMIAO, workplaceUnitCode: QIANGAOMIAO, amountOwed: amount, workersAffected: workers }),
    });
    const openedAt = t.clock.now();
    await t.as('lead.xinye').ok(FILE_CASE, { id: c.id, ids: await staffIds(t, ['insp.xinye', 'lead.xinye']) });
    await t.as('insp.xinye').ok(PAY, { id: c.id, amount, workers });
    const before = t.clock.now();
    if (closeAt) travelTo(t, closeAt);
    await t.as('lead.xinye').ok(CLOSE, { id: c.id, outcome: 'PAID_IN_FULL', summary: '已足额支付' });
    const cal = await t.app.get(CalendarService).calendar();
    const day = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const days = cal.workingDaysBetween(day(openedAt), day(t.clock.now()));
    const [row] = await t.ds.query(`SELECT working_days_to_close, closed_at > handling_due_at AS late FROM case_file WHERE id = $1`, [c.id]);
    expect(row.working_days_to_close).toBe(days);
    closedSoFar.push({ recovered: BigInt(amount.replace('.', '')), workers, days, late: row.late });
    if (closeAt) travelTo(t, before.toISOString());
  }

  it('a township is withheld below the minimum count and published from it, figures exact and free of personal data', async () => {
    travelTo(t, '2026-03-03T02:00:00Z');
    await closedCase('1000.00', 2);
    await closedCase('2000.50', 3);
    await closedCase('3000.00', 1);
    // 4 closed cases in 2026 (with the first test's): withheld, and nothing of them shows
    travelTo(t, '2026-07-15T02:59:30Z');
    const withheld = await results(QIANGAOMIAO);
    expect(withheld.minimumCount).toBe(5);
    expect(withheld.total).toEqual(expect.objectContaining({ published: false, casesClosed: null, amountRecovered: null, workersPaid: null, closedWithinLimitShare: null }));
    expect(withheld.children).toEqual([]);

    // the fifth: opened in March, closed in July, past its 60 working days
    travelTo(t, '2026-03-04T02:00:00Z');
    await closedCase('4000.00', 4, '2026-07-15T03:00:00Z');
    // the answer read at 02:59:30 is served for a minute
    travelTo(t, '2026-07-15T03:00:10Z');
    expect((await results(QIANGAOMIAO)).total.published).toBe(false);
    travelTo(t, '2026-07-15T03:00:31Z');
    const shown = await results(QIANGAOMIAO);
    const n = closedSoFar.length;
    expect(n).toBe(5);
    const fen = closedSoFar.reduce((a, c) => a + c.recovered, 0n);
    expect(shown.total).toEqual({
      unit: { code: QIANGAOMIAO, name: '前高庙乡', level: 'TOWNSHIP' },
      published: true,
      casesClosed: 5,
      amountRecovered: `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`,
      workersPaid: closedSoFar.reduce((a, c) => a + c.workers, 0),
      closedWithinLimitShare: closedSoFar.filter((c) => !c.late).length / n,
      averageWorkingDaysToClose: Math.round((closedSoFar.reduce((a, c) => a + c.days, 0) / n) * 10) / 10,
      claimsAnswered: null,
      claimsAnsweredInTimeShare: null,
    });
    expect(shown.total.closedWithinLimitShare).toBe(0.8);
    expect(JSON.stringify(shown)).not.toContain(worker.realName);
    // another year has none of it
    expect((await results(QIANGAOMIAO, 2025)).total.published).toBe(false);
  });

  it('claims answered within 5 working days are published once the township has answered the minimum', async () => {
    travelTo(t, '2026-08-03T02:00:00Z');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await t.as(worker).ok(SUBMIT, { i: claimInput(t, { workplaceUnitCode: QIANGAOMIAO }) })).submitWageClaim.id);
    for (const id of ids.slice(0, 4)) await t.as('insp.xinye').ok(ACCEPT, { id });
    travelTo(t, '2026-08-20T02:00:00Z'); // 13 working days later: late
    await t.as('insp.xinye').ok(ACCEPT, { id: ids[4] });
    travelTo(t, '2026-08-20T02:02:00Z');
    const r = await results(QIANGAOMIAO);
    expect(r.total.claimsAnswered).toBe(5);
    expect(r.total.claimsAnsweredInTimeShare).toBe(0.8);
  });

  it('drill-down: the county lists its townships, the country its provinces; a withheld child shows nothing', async () => {
    const county = await results(XINYE);
    expect(county.total.unit.code).toBe(XINYE);
    expect(county.children.map((c: any) => c.unit.code)).toContain(QIANGAOMIAO);
    expect(county.children.every((c: any) => c.unit.level === 'TOWNSHIP')).toBe(true);
    // which townships are shown follows from the database's counts by the withholding rule
    const rows: { code: string; n: number }[] = await t.ds.query(
      `SELECT township_code AS code, count(*)::int AS n FROM case_file
       WHERE status = 'CLOSED' AND county_code = $1 AND closed_at >= '2025-12-31T16:00:00Z' AND closed_at < '2026-12-31T16:00:00Z' GROUP BY 1`,
      [XINYE],
    );
    const counts = county.children.map((c: any) => rows.find((r) => r.code === c.unit.code)?.n ?? 0);
    expect(county.children.map((c: any) => c.published)).toEqual(withhold(counts, true, 5));
    expect(county.children.map((c: any) => c.casesClosed)).toEqual(counts.map((n: number, i: number) => (county.children[i].published ? n : null)));
    expect(county.children.find((c: any) => c.unit.code === QIANGAOMIAO).casesClosed ?? 5).toBe(5);
    expect(county.total.casesClosed).toBeGreaterThanOrEqual(5);
    const country = await results(null);
    expect(country.total.unit).toBeNull();
    expect(country.children).toHaveLength(31);
    expect(country.children.map((c: any) => c.unit.level)).toEqual(Array(31).fill('PROVINCE'));
  });

  it('bad arguments are refused naming the argument; villages are not published', async () => {
    const fields = async (v: Record<string, unknown>) => (await t.anonymous.gql(RESULTS, v)).errors?.[0]?.extensions;
    expect(await fields({ unit: '411329305212' })).toEqual(expect.objectContaining({ code: 'BAD_USER_INPUT', fields: ['unitCode'] }));
    expect(await fields({ unit: '999999' })).toEqual(expect.objectContaining({ code: 'BAD_USER_INPUT', fields: ['unitCode'] }));
    expect(await fields({ unit: XINYE, year: 1999 })).toEqual(expect.objectContaining({ code: 'BAD_USER_INPUT', fields: ['year'] }));
    expect(await fields({ unit: XINYE, year: 2027 })).toEqual(expect.objectContaining({ code: 'BAD_USER_INPUT', fields: ['year'] }));
  });

  it('the claim form finds a workplace by part of its name: townships and villages only, shortest first', async () => {
    const { searchUnits } = await t.anonymous.ok(`{ searchUnits(name: "杨庄", first: 50) { code name level } }`);
    expect(searchUnits.map((u: any) => u.code)).toContain('411329305212');
    expect(searchUnits.every((u: any) => ['TOWNSHIP', 'GRID'].includes(u.level) && u.name.includes('杨庄'))).toBe(true);
    const lengths = searchUnits.map((u: any) => [...u.name].length);
    expect(lengths).toEqual([...lengths].sort((a: number, b: number) => a - b));
    expect((await t.anonymous.ok(`{ searchUnits(name: "樊集乡") { code } }`)).searchUnits).toEqual([{ code: '411329305' }]);
    expect((await t.anonymous.ok(`{ searchUnits(name: "%_") { code } }`)).searchUnits).toEqual([]);
    expect((await t.anonymous.gql(`{ searchUnits(name: "樊") { code } }`)).errors?.[0]?.extensions).toEqual(expect.objectContaining({ code: 'BAD_USER_INPUT', fields: ['name'] }));
  });

  it('is held to the anonymous cost budget, signed in or not: two aggregates in one operation are answered, three are refused', async () => {
    const many = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `r${i}: publicResults(unitCode: "41") { total { published casesClosed } }`).join(' ')} }`;
    const staff = t.as('sup.henan');
    for (const caller of [t.anonymous, staff]) {
      expect((await caller.gql(many(2))).errors).toBeUndefined();
      const r = await caller.gql(many(3));
      expect(r.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(r.errors?.[0]?.message).toMatch(/exceeds the limit of 1000 of an operation that reads Query\.publicResults/);
    }
    // the page's own query, with every child a province can have, fits
    expect((await t.anonymous.gql(`{ publicResults { year total { unit { code } published } children { unit { code name level } published casesClosed } } }`)).errors).toBeUndefined();
    // the same number of aliases of a field without the declaration is within a signed-in budget
    expect((await staff.gql(`{ a: units { code } b: units { code } c: units { code } d: units { code } e: units { code } f: units { code } }`)).errors).toBeUndefined();
  });
});
