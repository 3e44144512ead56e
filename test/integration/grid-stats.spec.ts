import { CASE_OPS } from '../support/cases';
import { claimInput, registerWorker, REJECT, SUBMIT, Worker } from '../support/claims';
import { CHILD_STATS, FANJI, fen, fileGridCase, openCaseAgainst, UNIT_STATS, XINYE, yuan } from '../support/grid';
import { addDays, serverDay, TestApp, travelTo, unique, Who } from '../support/test-app';

/**
 * Statistics (issue 5, rule 5): `unitStats` and `childUnitStats` over a unit's subtree, counting
 * only what the caller may see, optionally bounded by openedAt days (from/to inclusive, Asia/
 * Shanghai). The database is shared, so every figure is a before/after delta around this file's
 * own records: cases handled in 上港乡 (411329309, the last township of 新野县, where no demo
 * account sits and no other test works), opened by the county on two past days D1 and D2, one
 * case in 樊集乡, and a few claims.
 */

const SHANGGANG = '411329309';
const SHANGGANG_GRID = '411329309201';
const ADDITIVE = ['casesOpen', 'casesOverdue', 'casesClosed', 'claimsPending', 'workersAffected'] as const;

interface Stats {
  unit: { code: string };
  casesOpen: number;
  casesOverdue: number;
  casesClosed: number;
  claimsPending: number;
  amountOwed: string;
  amountRecovered: string;
  workersAffected: number;
}
type Delta = Record<(typeof ADDITIVE)[number], number> & { amountOwed: string; amountRecovered: string };

const ZERO: Delta = { casesOpen: 0, casesOverdue: 0, casesClosed: 0, claimsPending: 0, workersAffected: 0, amountOwed: '0.00', amountRecovered: '0.00' };

function delta(before: Stats, after: Stats): Delta {
  const d = { ...ZERO };
  for (const k of ADDITIVE) d[k] = after[k] - before[k];
  d.amountOwed = yuan(fen(after.amountOwed) - fen(before.amountOwed));
  d.amountRecovered = yuan(fen(after.amountRecovered) - fen(before.amountRecovered));
  return d;
}

function sum(ds: Delta[]): Delta {
  const out = { ...ZERO };
  for (const k of ADDITIVE) out[k] = ds.reduce((n, d) => n + d[k], 0);
  out.amountOwed = yuan(ds.reduce((n, d) => n + fen(d.amountOwed), 0n));
  out.amountRecovered = yuan(ds.reduce((n, d) => n + fen(d.amountRecovered), 0n));
  return out;
}

describe('grid supervision: statistics', () => {
  let t: TestApp;
  let D1: string;
  let D2: string;

  /** Every query the tests compare, as [who, unit, from, to]. */
  const QUERIES: [string, string, string | null, string | null][] = [];
  const q = (who: string, unit: string, from: string | null = null, to: string | null = null) => {
    const key = JSON.stringify([who, unit, from, to]);
    if (!QUERIES.some((x) => JSON.stringify(x) === key)) QUERIES.push([who, unit, from, to]);
    return key;
  };
  const before = new Map<string, Stats | Stats[]>();
  const after = new Map<string, Stats | Stats[]>();
  const unitStats = async (who: Who, unit: string, from: string | null = null, to: string | null = null): Promise<Stats> =>
    (await t.as(who).ok(UNIT_STATS, { unit, from, to })).unitStats;
  const childStats = async (who: Who, unit: string, from: string | null = null, to: string | null = null): Promise<Stats[]> =>
    (await t.as(who).ok(CHILD_STATS, { unit, from, to })).childUnitStats;
  const snapshot = async (into: Map<string, Stats | Stats[]>) => {
    for (const [who, unit, from, to] of QUERIES) into.set(JSON.stringify([who, unit, from, to]), await unitStats(who, unit, from, to));
    into.set('children:xinye', await childStats('sup.xinye', XINYE));
    into.set('children:shanggang', await childStats('sup.xinye', SHANGGANG));
  };
  const d = (key: string) => delta(before.get(key) as Stats, after.get(key) as Stats);
  const childDeltas = (key: string) => {
    const b = before.get(key) as Stats[];
    const a = after.get(key) as Stats[];
    expect(a.map((r) => r.unit.code)).toEqual(b.map((r) => r.unit.code));
    return new Map(a.map((r, i) => [r.unit.code, delta(b[i], r)]));
  };

  // What this file adds (see beforeAll).
  const D1_CASES: Delta = { casesOpen: 1, casesOverdue: 1, casesClosed: 1, claimsPending: 1, workersAffected: 7, amountOwed: '0.30', amountRecovered: '0.20' };
  const D2_CASES: Delta = { casesOpen: 1, casesOverdue: 0, casesClosed: 0, claimsPending: 0, workersAffected: 5, amountOwed: '999999999999.99', amountRecovered: '0.01' };
  const SHANGGANG_ALL = sum([D1_CASES, D2_CASES]);
  const FANJI_CASE: Delta = { casesOpen: 1, casesOverdue: 0, casesClosed: 0, claimsPending: 1, workersAffected: 6, amountOwed: '4321.09', amountRecovered: '0.00' };

  let keys: Record<string, string>;

  beforeAll(async () => {
    t = await TestApp.start();
    D1 = serverDay(t, -40);
    D2 = addDays(D1, 1);
    keys = {
      county: q('sup.xinye', SHANGGANG),
      province: q('sup.henan', SHANGGANG),
      city: q('sup.nanyang', SHANGGANG),
      otherCity: q('sup.zhengzhou', SHANGGANG),
      sibling: q('insp.wangzhuang', SHANGGANG),
      fanjiThere: q('lead.fanji', SHANGGANG),
      countyWhole: q('sup.xinye', XINYE),
      fanjiCounty: q('lead.fanji', XINYE),
      fanjiOwn: q('lead.fanji', FANJI),
      provinceCounty: q('sup.henan', XINYE),
      d1: q('sup.xinye', SHANGGANG, D1, D1),
      d2: q('sup.xinye', SHANGGANG, D2, D2),
      d1d2: q('sup.xinye', SHANGGANG, D1, D2),
      fromD1: q('sup.xinye', SHANGGANG, D1, null),
      toD1: q('sup.xinye', SHANGGANG, null, D1),
      beforeD1: q('sup.xinye', SHANGGANG, null, addDays(D1, -1)),
      afterD2: q('sup.xinye', SHANGGANG, addDays(D2, 1), null),
    };
    await snapshot(before);

    const worker: Worker = await registerWorker(t);
    const employer = () => ({ name: unique('统计测试公司'), creditCode: null });
    const open = (o: { workersAffected: number; amountOwed: string; workplaceUnitCode?: string }) =>
      openCaseAgainst(t, employer(), { as: 'sup.xinye', handlingUnitCode: SHANGGANG, workplaceUnitCode: o.workplaceUnitCode ?? SHANGGANG, ...o });
    const county = { leader: 'lead.xinye', inspectors: ['insp.xinye', 'lead.xinye'] };

    // D1, first minute: a case left RECEIVED (its 5-working-day acceptance clock ran out long ago).
    travelTo(t, `${D1}T00:00:05+08:00`);
    await open({ workersAffected: 3, amountOwed: '0.10' });
    // D1 noon: a claim still waiting for an answer, labour used in a grid of 上港乡.
    travelTo(t, `${D1}T12:00:00+08:00`);
    await t.as(worker).ok(SUBMIT, { i: claimInput(t, { workplaceUnitCode: SHANGGANG_GRID }) });
    // D1, last seconds: a case in a grid of 上港乡, paid and closed.
    travelTo(t, `${D1}T23:59:50+08:00`);
    const paid = await open({ workersAffected: 4, amountOwed: '0.20', workplaceUnitCode: SHANGGANG_GRID });
    await fileGridCase(t, paid.id, county);
    await t.as('insp.xinye').ok(CASE_OPS.recordPayment, { id: paid.id, amount: '0.20', workers: 4 });
    await t.as('lead.xinye').ok(CASE_OPS.closeCase, { id: paid.id, outcome: 'PAID_IN_FULL', summary: '已全额支付' });
    // D2, first minute: a filed case with the largest amount a case takes, one fen recovered.
    travelTo(t, `${D2}T00:00:05+08:00`);
    const big = await open({ workersAffected: 5, amountOwed: '999999999999.99' });
    await fileGridCase(t, big.id, county);
    await t.as('insp.xinye').ok(CASE_OPS.recordPayment, { id: big.id, amount: '0.01', workers: 0 });
    // D2 noon: a claim rejected (no longer pending).
    travelTo(t, `${D2}T12:00:00+08:00`);
    const { submitWageClaim: rejected } = await t.as(worker).ok(SUBMIT, { i: claimInput(t, { workplaceUnitCode: SHANGGANG }) });
    await t.as('lead.xinye').ok(REJECT, { id: rejected.id, reason: '不属于劳动保障监察范围' });
    // Today: a case and a pending claim in 樊集乡, handled by the township itself.
    t.clock.reset();
    await openCaseAgainst(t, employer(), { workersAffected: 6, amountOwed: '4321.09' });
    await t.as(worker).ok(SUBMIT, { i: claimInput(t, { workplaceUnitCode: '411329305212' }) });

    await snapshot(after);
  });
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  it('the county counts every case and pending claim of its township, with exact decimal amounts', async () => {
    expect(d(keys.county)).toEqual(SHANGGANG_ALL);
    expect(SHANGGANG_ALL.amountOwed).toBe('1000000000000.29');
    const now = after.get(keys.county) as Stats;
    expect(now.unit.code).toBe(SHANGGANG);
    expect(now.amountOwed).toMatch(/^\d+\.\d{2}$/);
    expect(now.amountRecovered).toMatch(/^\d+\.\d{2}$/);
  });

  it('the city and the province see the same; another city, a sibling township and a township of the same county see none of it', async () => {
    expect(d(keys.city)).toEqual(SHANGGANG_ALL);
    expect(d(keys.province)).toEqual(SHANGGANG_ALL);
    expect(d(keys.otherCity)).toEqual(ZERO);
    expect(d(keys.sibling)).toEqual(ZERO);
    expect(d(keys.fanjiThere)).toEqual(ZERO);
  });

  it('a township user asking for its county sees only its own cases and claims; the county and province see everything', async () => {
    expect(d(keys.fanjiCounty)).toEqual(FANJI_CASE);
    expect(d(keys.fanjiOwn)).toEqual(FANJI_CASE);
    expect(d(keys.countyWhole)).toEqual(sum([SHANGGANG_ALL, FANJI_CASE]));
    expect(d(keys.provinceCounty)).toEqual(sum([SHANGGANG_ALL, FANJI_CASE]));
  });

  it('from and to bound openedAt by whole Shanghai days, both inclusive (a case at 00:00:05 and one at 23:59:50 are both in their day)', async () => {
    expect(d(keys.d1)).toEqual(D1_CASES);
    expect(d(keys.d2)).toEqual(D2_CASES);
    expect(d(keys.d1d2)).toEqual(SHANGGANG_ALL);
    expect(d(keys.fromD1)).toEqual(SHANGGANG_ALL);
    expect(d(keys.toD1)).toEqual(D1_CASES);
    expect(d(keys.beforeD1)).toEqual(ZERO);
    expect(d(keys.afterD2)).toEqual(ZERO);
  });

  it('childUnitStats of a county has one row per township, zeros included, and the township rows add up to the county', async () => {
    const { units } = await t.as('sup.xinye').ok(`{ units(parentCode: "411329") { code level } }`);
    const townships = (units as { code: string; level: string }[]).filter((u) => u.level === 'TOWNSHIP').map((u) => u.code).sort();
    const rows = after.get('children:xinye') as Stats[];
    expect(rows.map((r) => r.unit.code)).toEqual(townships);
    const deltas = childDeltas('children:xinye');
    expect(deltas.get(SHANGGANG)).toEqual(SHANGGANG_ALL);
    expect(deltas.get(FANJI)).toEqual(FANJI_CASE);
    for (const [code, dl] of deltas) if (code !== SHANGGANG && code !== FANJI) expect([code, dl]).toEqual([code, ZERO]);
    expect(sum([...deltas.values()])).toEqual(d(keys.countyWhole));
    // A day long past: every township is there, with zeros.
    const empty = await childStats('sup.xinye', XINYE, '2001-01-01', '2001-01-01');
    expect(empty.map((r) => r.unit.code)).toEqual(townships);
    for (const r of empty) expect({ ...r, unit: undefined }).toEqual({ ...ZERO, unit: undefined });
  });

  it('childUnitStats of a township has one row per grid; a case or claim counts in the grid where the labour is used', async () => {
    const { units } = await t.as('sup.xinye').ok(`{ units(parentCode: "${SHANGGANG}") { code } }`);
    const rows = after.get('children:shanggang') as Stats[];
    expect(rows.map((r) => r.unit.code)).toEqual((units as { code: string }[]).map((u) => u.code).sort());
    const deltas = childDeltas('children:shanggang');
    expect(deltas.get(SHANGGANG_GRID)).toEqual({ ...ZERO, casesClosed: 1, claimsPending: 1, workersAffected: 4, amountOwed: '0.20', amountRecovered: '0.20' });
    for (const [code, dl] of deltas) if (code !== SHANGGANG_GRID) expect([code, dl]).toEqual([code, ZERO]);
  });

  it('the rows of a city add up to the city for every additive field (every case is handled in some county)', async () => {
    const [parent, rows] = [await unitStats('sup.nanyang', '4113'), await childStats('sup.nanyang', '4113')];
    const { units } = await t.as('sup.nanyang').ok(`{ units(parentCode: "4113") { code } }`);
    expect(rows.map((r) => r.unit.code)).toEqual((units as { code: string }[]).map((u) => u.code).sort());
    const total = (k: (typeof ADDITIVE)[number]) => rows.reduce((n, r) => n + r[k], 0);
    for (const k of ADDITIVE) expect([k, total(k)]).toEqual([k, parent[k]]);
    expect(yuan(rows.reduce((n, r) => n + fen(r.amountOwed), 0n))).toBe(parent.amountOwed);
    expect(yuan(rows.reduce((n, r) => n + fen(r.amountRecovered), 0n))).toBe(parent.amountRecovered);
  });

  it('bad bounds and units are BAD_USER_INPUT naming the argument; workers may not read statistics', async () => {
    expect(await t.as('sup.xinye').error(UNIT_STATS, { unit: SHANGGANG, from: D2, to: D1 })).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['from'] });
    expect(await t.as('sup.xinye').error(UNIT_STATS, { unit: '411329999' })).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['unitCode'] });
    expect(await t.as('sup.xinye').error(CHILD_STATS, { unit: '411329999' })).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['unitCode'] });
    expect((await t.as('sup.xinye').error(UNIT_STATS, { unit: SHANGGANG, from: '2026-02-30' })).code).toBe('BAD_USER_INPUT');
    expect(await t.as('13800000001').code(UNIT_STATS, { unit: SHANGGANG })).toBe('FORBIDDEN');
  });
});
