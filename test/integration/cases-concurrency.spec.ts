import { shanghaiDate } from '../../src/common/time';
import { CASE_OPS, FILE_CASE, OPEN_CASE, openCase, openCaseInput, openFiledCase, userId } from '../support/cases';
import { newCreditCode } from '../support/claims';
import { TestApp, unique } from '../support/test-app';

/**
 * Commands racing each other: case numbers stay unique and gapless under concurrent opening, and
 * of two moves on one case exactly one wins, the other is CONFLICT and leaves no trace.
 */

const CASE = `query($id: ID!) { case(id: $id) { status number events { type } inspectors { username } } }`;

/** Splits `<unit>-<year>-<6 digits>` (or fails the test). */
function parseNumber(number: string): { unit: string; year: string; seq: number } {
  const m = /^(\d{6,12})-(\d{4})-(\d{6})$/.exec(number);
  if (!m) throw new Error(`not a case number: ${number}`);
  return { unit: m[1], year: m[2], seq: Number(m[3]) };
}

describe('cases under concurrency', () => {
  let t: TestApp;
  /** 沙堰镇, a township of 新野县 where no demo account sits and no other test file opens cases. */
  const unit = '411329102';

  beforeAll(async () => {
    t = await TestApp.start();
    expect((await t.anonymous.ok(`{ unit(code: "${unit}") { level parent { code } } }`)).unit).toEqual({ level: 'TOWNSHIP', parent: { code: '411329' } });
  });

  afterAll(() => t.close());

  const openIn = (title: string, creditCode: string) =>
    openCaseInput({ title, handlingUnitCode: unit, workplaceUnitCode: unit, employer: { name: `并发建筑公司${creditCode.slice(-4)}`, creditCode } });

  it('50 cases opened at once for one unit get consecutive numbers: no duplicate, no gap, and refused openings in between take none', async () => {
    const sup = t.as('sup.xinye');
    const prefix = unique('并发立号-');
    const creditCode = newCreditCode(); // one employer, as in a wave of complaints against one company
    const good = Array.from({ length: 50 }, (_, i) => openIn(`${prefix}-${i}`, creditCode));
    const bad = Array.from({ length: 5 }, (_, i) => ({ ...openIn(`${prefix}-bad-${i}`, creditCode), employer: { name: '无效信用代码公司', creditCode: '91411329MA00000000' } }));
    // Interleave the refused ones among the good ones, all fired together.
    const inputs = good.flatMap((input, i) => (i % 10 === 5 ? [bad[i / 10 - 0.5], input] : [input]));
    const results = await Promise.all(inputs.map((input) => sup.gql(OPEN_CASE, { input })));

    const opened = results.filter((r) => !r.errors).map((r) => r.data.openCase);
    const refused = results.filter((r) => r.errors);
    expect(opened).toHaveLength(50);
    expect(refused.map((r) => r.errors![0].extensions?.code)).toEqual(Array(5).fill('BAD_USER_INPUT'));

    const year = shanghaiDate(t.clock.now()).slice(0, 4);
    const parsed = opened.map((c: { number: string }) => parseNumber(c.number));
    expect(new Set(parsed.map((p) => `${p.unit}-${p.year}`))).toEqual(new Set([`${unit}-${year}`]));
    const seqs = parsed.map((p) => p.seq).sort((a, b) => a - b);
    const first = seqs[0];
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => first + i));

    // The counter stopped at the last number handed out, and the next opening continues from it.
    const [{ last }] = await t.ds.query(`SELECT last FROM case_number_seq WHERE unit_code = $1 AND year = $2`, [unit, Number(year)]);
    expect(Number(last)).toBe(first + 49);
    const next = (await sup.ok(OPEN_CASE, { input: openIn(`${prefix}-next`, creditCode) })).openCase;
    expect(parseNumber(next.number).seq).toBe(first + 50);
    // Nothing of the refused openings was stored.
    const { cases } = await sup.ok(`query($s: String!) { cases(filter: { search: $s }, first: 100) { totalCount } }`, { s: prefix });
    expect(cases.totalCount).toBe(51);
  });

  it('a refused openCase (bad credit code, unknown workplace) does not consume a number', async () => {
    const sup = t.as('sup.xinye');
    const before = (await sup.ok(OPEN_CASE, { input: openIn(unique('号段-前-'), newCreditCode()) })).openCase;
    const badCode = await sup.gql(OPEN_CASE, { input: { ...openIn(unique('号段-坏码-'), newCreditCode()), employer: { name: '坏码公司', creditCode: '91411329MA00000000' } } });
    expect(badCode.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['employer.creditCode'] });
    const badPlace = await sup.gql(OPEN_CASE, { input: { ...openIn(unique('号段-坏地-'), newCreditCode()), workplaceUnitCode: '411329999' } });
    expect(badPlace.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['workplaceUnitCode'] });
    const after = (await sup.ok(OPEN_CASE, { input: openIn(unique('号段-后-'), newCreditCode()) })).openCase;
    expect(parseNumber(after.number).seq).toBe(parseNumber(before.number).seq + 1);
  });

  it('fileCase and rejectCase at the same moment: exactly one wins, the other is CONFLICT and writes nothing', async () => {
    const lead = t.as('lead.fanji');
    const inspectors = [await userId(t, 'insp.fanji'), await userId(t, 'insp.fanji2')];
    const winners: string[] = [];
    for (let round = 0; round < 4; round++) {
      const c = await openCase(t, { title: unique('并发-立案或不予立案-') });
      const [filed, rejected] = await Promise.all([
        lead.gql(FILE_CASE, { id: c.id, ids: inspectors }),
        lead.gql(CASE_OPS.rejectCase, { id: c.id, reason: '不属于劳动保障监察范围' }),
      ]);
      const outcomes = [filed, rejected].map((r) => (r.errors ? r.errors[0].extensions?.code : 'OK'));
      expect(outcomes.sort()).toEqual(['CONFLICT', 'OK']);
      const won = filed.errors ? 'REJECTED' : 'FILED';
      winners.push(won);
      const { case: after } = await lead.ok(CASE, { id: c.id });
      expect(after.status).toBe(won);
      // One event for the winner; the loser's event, and its inspector assignments, were rolled back.
      expect(after.events.map((e: { type: string }) => e.type)).toEqual(['OPENED', won]);
      expect(after.inspectors.map((u: { username: string }) => u.username)).toEqual(won === 'FILED' ? ['insp.fanji', 'insp.fanji2'] : []);
    }
    expect(winners).toHaveLength(4);
  });

  it('two closeCase at the same moment: one closes the case, the other is CONFLICT, and one CLOSED event is written', async () => {
    const lead = t.as('lead.fanji');
    for (let round = 0; round < 3; round++) {
      const c = await openFiledCase(t, { title: unique('并发-结案-') });
      const results = await Promise.all(
        ['经查无违法行为（甲）', '经查无违法行为（乙）'].map((summary) => lead.gql(CASE_OPS.closeCase, { id: c.id, outcome: 'NO_VIOLATION', summary })),
      );
      expect(results.map((r) => (r.errors ? r.errors[0].extensions?.code : 'OK')).sort()).toEqual(['CONFLICT', 'OK']);
      const { case: after } = await lead.ok(CASE, { id: c.id });
      expect(after.status).toBe('CLOSED');
      expect(after.events.map((e: { type: string }) => e.type)).toEqual(['OPENED', 'FILED', 'CLOSED']);
    }
  });

  it('two extendDeadline at the same moment: the deadline is extended once, the other is CONFLICT', async () => {
    const lead = t.as('lead.fanji');
    const c = await openFiledCase(t, { title: unique('并发-延期-') });
    const results = await Promise.all(
      ['案情复杂，需延期', '涉及人数多，需延期'].map((reason) => lead.gql(CASE_OPS.extendDeadline, { id: c.id, reason })),
    );
    expect(results.map((r) => (r.errors ? r.errors[0].extensions?.code : 'OK')).sort()).toEqual(['CONFLICT', 'OK']);
    const { case: after } = await lead.ok(CASE, { id: c.id });
    expect(after.events.map((e: { type: string }) => e.type)).toEqual(['OPENED', 'FILED', 'EXTENDED']);
  });
});
