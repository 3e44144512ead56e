import { CASE_OPS, OPEN_CASE, openCaseInput, OpenCaseOptions } from '../support/cases';
import { TestApp, travelTo, unique } from '../support/test-app';

/**
 * The squad's inbox order: `cases(orderBy: URGENCY)` ranks by the active deadline (soonest first,
 * so overdue cases come first; provisional deadlines count as they stand; cases without a running
 * deadline last), ties by id, keyset-paged on that key, inside the caller's jurisdiction. Every
 * case here carries the file's tag in its title and each list searches for it, so other files'
 * cases never mix in. The server's clock walks through December 2026 (no 2027 holiday schedule is
 * loaded, so deadlines reaching into 2027 are provisional).
 */

const LIST = `query($first: Int, $after: String, $filter: CaseFilter, $orderBy: CaseOrder) {
  cases(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id status overdue deadlineProvisional acceptanceDueAt handlingDueAt } }
  }
}`;
const OPEN = ['RECEIVED', 'FILED', 'RECTIFICATION_ORDERED', 'PENALTY_DECIDED', 'TRANSFERRED_TO_POLICE'];

interface Row {
  id: string;
  status: string;
  overdue: boolean;
  deadlineProvisional: boolean;
  acceptanceDueAt: string | null;
  handlingDueAt: string | null;
}

describe('cases by urgency (the squad inbox order)', () => {
  let t: TestApp;
  const tag = unique('急办-');
  const setNow = (iso: string) => travelTo(t, iso);
  const open = async (name: string, opts: OpenCaseOptions = {}) => {
    const input = openCaseInput({ ...opts, title: `${tag} ${name}` });
    return (await t.as(opts.as ?? 'insp.fanji').ok(OPEN_CASE, { input })).openCase.id as string;
  };
  const file = async (id: string) => {
    const ids = await Promise.all(['insp.fanji', 'insp.fanji2'].map(async (u) => (await t.as(u).ok(`{ me { id } }`, {})).me.id));
    await t.as('lead.fanji').ok(CASE_OPS.fileCase, { id, ids });
  };

  /** Every page of the list, `first` at a time, following endCursor; checks the paging invariants. */
  const all = async (as: string, first: number, vars: { filter?: Record<string, unknown>; orderBy?: string } = {}) => {
    const filter = { search: tag, ...vars.filter };
    const rows: Row[] = [];
    const sizes: number[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 50; guard++) {
      const { cases }: { cases: any } = await t.as(as).ok(LIST, { first, after, filter, orderBy: vars.orderBy });
      rows.push(...cases.edges.map((e: { node: Row }) => e.node));
      sizes.push(cases.edges.length);
      expect(cases.pageInfo.endCursor).toBe(cases.edges.length ? cases.edges[cases.edges.length - 1].cursor : null);
      if (!cases.pageInfo.hasNextPage) {
        expect(cases.totalCount).toBe(rows.length);
        return { rows, sizes };
      }
      expect(cases.edges.length).toBe(first);
      after = cases.pageInfo.endCursor;
    }
    throw new Error('the list did not end');
  };
  const ids = (rows: Row[]) => rows.map((r) => r.id);
  const byId = (xs: string[]) => [...xs].sort();

  // Opened in this order; named for what they are on Dec 29.
  const c: Record<string, string> = {};
  const opened: string[] = [];

  beforeAll(async () => {
    t = await TestApp.start();
    setNow('2026-12-01T02:00:00Z'); // Tuesday: acceptance due after 5 working days, Tue Dec 8
    for (const name of ['overdue1', 'overdue2', 'overdue3']) opened.push((c[name] = await open(name)));
    // Same day, same deadline, in the sibling township 王庄镇: only the county and above see it.
    c.wangzhuang = await open('wangzhuang', { as: 'insp.wangzhuang', handlingUnitCode: '411329101', workplaceUnitCode: '411329101' });
    // Filed: 60 working days reach into 2027, a provisional handling deadline.
    opened.push((c.filed = await open('filed')));
    await file(c.filed);
    // With the police: no clock of ours runs any more (last).
    opened.push((c.police = await open('police')));
    await file(c.police);
    await t.as('lead.fanji').ok(CASE_OPS.transferToPolice, { id: c.police, reason: '涉嫌拒不支付劳动报酬罪' });
    // Rejected: ended, no deadline (last, only when every status is listed).
    opened.push((c.rejected = await open('rejected')));
    await t.as('lead.fanji').ok(CASE_OPS.rejectCase, { id: c.rejected, reason: '不属于监察范围' });
    setNow('2026-12-03T02:00:00Z'); // due Thu Dec 10
    opened.push((c.overdueLater = await open('overdueLater')));
    setNow('2026-12-28T02:00:00Z'); // due Mon Jan 4, 2027: provisional
    opened.push((c.provisional = await open('provisional')));
    setNow('2026-12-29T02:00:00Z');
  });
  afterAll(() => t.close());

  const fanjiOrder = () => [...byId([c.overdue1, c.overdue2, c.overdue3]), c.overdueLater, c.provisional, c.filed, c.police];

  it('ranks the open cases overdue first, then the soonest deadline (provisional ones as they stand), ties by id, no deadline last', async () => {
    const { rows } = await all('lead.fanji', 100, { filter: { status: OPEN }, orderBy: 'URGENCY' });
    expect(ids(rows)).toEqual(fanjiOrder());
    const row = (id: string) => rows.find((r) => r.id === id)!;
    // What the order rests on, as the API reports it on Dec 29.
    expect([c.overdue1, c.overdue2, c.overdue3, c.overdueLater].map((id) => row(id).overdue)).toEqual([true, true, true, true]);
    expect(new Set([c.overdue1, c.overdue2, c.overdue3].map((id) => row(id).acceptanceDueAt)).size).toBe(1);
    expect(row(c.provisional)).toMatchObject({ status: 'RECEIVED', overdue: false, deadlineProvisional: true, acceptanceDueAt: '2027-01-04T15:59:59.999Z' });
    expect(row(c.filed)).toMatchObject({ status: 'FILED', overdue: false, deadlineProvisional: true });
    expect(row(c.filed).handlingDueAt! > row(c.provisional).acceptanceDueAt!).toBe(true);
    expect(row(c.police)).toMatchObject({ status: 'TRANSFERRED_TO_POLICE', overdue: false });
  });

  it.each([1, 2, 3, 4])('pages of %i follow the same order with no row lost or repeated (boundaries inside the tie and at the provisional deadline)', async (first) => {
    const { rows, sizes } = await all('lead.fanji', first, { filter: { status: OPEN }, orderBy: 'URGENCY' });
    expect(ids(rows)).toEqual(fanjiOrder());
    expect(sizes.length).toBe(Math.ceil(7 / first));
  });

  it('keeps the jurisdiction: the county squad sees the sibling township\'s case in its place among the tie, the township does not, 王庄镇 sees only its own', async () => {
    const county = await all('lead.xinye', 2, { filter: { status: OPEN }, orderBy: 'URGENCY' });
    expect(ids(county.rows)).toEqual([...byId([c.overdue1, c.overdue2, c.overdue3, c.wangzhuang]), c.overdueLater, c.provisional, c.filed, c.police]);
    expect(ids((await all('lead.fanji', 2, { orderBy: 'URGENCY' })).rows)).not.toContain(c.wangzhuang);
    expect(ids((await all('insp.wangzhuang', 2, { orderBy: 'URGENCY' })).rows)).toEqual([c.wangzhuang]);
  });

  it('applies the filters inside the order: every status puts the ended case among those without a deadline, by id; overdue keeps only the overdue', async () => {
    const every = await all('lead.fanji', 3, { orderBy: 'URGENCY' });
    expect(ids(every.rows)).toEqual([...byId([c.overdue1, c.overdue2, c.overdue3]), c.overdueLater, c.provisional, c.filed, ...byId([c.police, c.rejected])]);
    const overdue = await all('lead.fanji', 2, { filter: { status: OPEN, overdue: true }, orderBy: 'URGENCY' });
    expect(ids(overdue.rows)).toEqual([...byId([c.overdue1, c.overdue2, c.overdue3]), c.overdueLater]);
  });

  it('leaves the default order newest opened first, with NEWEST the same', async () => {
    const newest = [...opened].reverse();
    expect(ids((await all('lead.fanji', 3)).rows)).toEqual(newest);
    expect(ids((await all('lead.fanji', 3, { orderBy: 'NEWEST' })).rows)).toEqual(newest);
  });

  it('refuses a cursor of the other order as bad input naming after', async () => {
    const vars = (orderBy: string, after?: string) => ({ first: 2, after, filter: { search: tag }, orderBy });
    const newestCursor = (await t.as('lead.fanji').ok(LIST, vars('NEWEST'))).cases.pageInfo.endCursor;
    const urgencyCursor = (await t.as('lead.fanji').ok(LIST, vars('URGENCY'))).cases.pageInfo.endCursor;
    for (const [orderBy, after] of [
      ['URGENCY', newestCursor],
      ['NEWEST', urgencyCursor],
    ]) {
      const r = await t.as('lead.fanji').gql(LIST, vars(orderBy, after));
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['after'] });
    }
  });
});
