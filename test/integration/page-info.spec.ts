import { randomUUID } from 'node:crypto';
import { encodeCursor } from '../../src/common/graphql/connection';
import { openCase } from '../support/cases';
import { TestApp, unique } from '../support/test-app';

const LIST = `query($first: Int, $after: String, $filter: CaseFilter) {
  cases(first: $first, after: $after, filter: $filter) {
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { title } }
  } }`;

/**
 * Relay's PageInfo on a keyset list (cases: the visibility index drives the query): startCursor is
 * the first edge's cursor, hasPreviousPage says whether a row of the same list, as this caller
 * sees it, comes at or before `after`.
 */
describe('PageInfo of a keyset list', () => {
  let t: TestApp;
  const tag = unique('分页信息-');
  /** Oldest first: three cases of 樊集乡, then the newest one in 王庄镇 (not visible to insp.fanji). */
  const titles = [`${tag}-a0`, `${tag}-a1`, `${tag}-a2`, `${tag}-wz`];

  const list = async (as: string, first?: number, after?: string | null) =>
    (await t.as(as).ok(LIST, { first, after, filter: { search: tag } })).cases;
  const names = (page: any) => page.edges.map((e: any) => e.node.title);

  beforeAll(async () => {
    t = await TestApp.start();
    for (const title of titles.slice(0, 3)) {
      await openCase(t, { title });
      t.clock.travel(1000);
    }
    await openCase(t, { title: titles[3], as: 'insp.wangzhuang', handlingUnitCode: '411329101', workplaceUnitCode: '411329101' });
  });
  afterAll(() => t.close());

  it('a first page has no previous page; startCursor and endCursor are its first and last edges', async () => {
    const page = await list('sup.xinye', 2);
    expect(names(page)).toEqual([titles[3], titles[2]]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: page.edges[0].cursor, endCursor: page.edges[1].cursor });
  });

  it('a page after a cursor has a previous page, and its own start cursor', async () => {
    const one = await list('sup.xinye', 2);
    const two = await list('sup.xinye', 2, one.pageInfo.endCursor);
    expect(names(two)).toEqual([titles[1], titles[0]]);
    expect(two.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: two.edges[0].cursor, endCursor: two.edges[1].cursor });
  });

  it('counts only rows the caller sees: after the 王庄镇 case, insp.fanji has nothing before, the county has that case', async () => {
    const county = await list('sup.xinye', 1);
    const wangzhuang = county.edges[0].cursor;
    expect(names(county)).toEqual([titles[3]]);
    const fanji = await list('insp.fanji', 10, wangzhuang);
    expect(names(fanji)).toEqual([titles[2], titles[1], titles[0]]);
    expect(fanji.pageInfo.hasPreviousPage).toBe(false);
    const rest = await list('sup.xinye', 10, wangzhuang);
    expect(names(rest)).toEqual([titles[2], titles[1], titles[0]]);
    expect(rest.pageInfo.hasPreviousPage).toBe(true);
  });

  it('a cursor newer than every row has no previous page; an empty page has no cursors', async () => {
    const ahead = encodeCursor(new Date(t.clock.now().getTime() + 365 * 86_400_000), randomUUID());
    const all = await list('insp.fanji', 10, ahead);
    expect(names(all)).toEqual([titles[2], titles[1], titles[0]]);
    expect(all.pageInfo.hasPreviousPage).toBe(false);
    const oldest = all.edges[2].cursor;
    const empty = await list('insp.fanji', 10, oldest);
    expect(empty.edges).toEqual([]);
    expect(empty.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
  });
});
