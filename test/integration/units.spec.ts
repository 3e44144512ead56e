import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { TestApp } from '../support/test-app';

const UNIT = `query($c: String!) {
  unit(code: $c) { id code name level parent { code name } ancestors { code name level } children { code name level } }
}`;
const UNITS = `query($p: String) { units(parentCode: $p) { code name level } }`;
const TREE = `query($p: String) { units(parentCode: $p) { code ancestors { code } children { code } parent { code } } }`;

describe('the public unit tree', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The batching test below asks a whole list's parents, ancestors and children at once (cost
    // 41,400): over the anonymous budget, which test/security/limits.spec.ts covers.
    t = await TestApp.start({ GRAPHQL_MAX_COST_ANONYMOUS: '50000' });
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  it('`units` without a parent lists the 31 provinces, without a token', async () => {
    const { units } = await t.anonymous.ok(UNITS, { p: null });
    expect(units).toHaveLength(31);
    expect(units.every((u: { level: string }) => u.level === 'PROVINCE')).toBe(true);
    expect(units).toContainEqual({ code: '41', name: '河南省', level: 'PROVINCE' });
    expect(units.map((u: { code: string }) => u.code)).toEqual([...units.map((u: { code: string }) => u.code)].sort());
  });

  it("`units(parentCode: \"41\")` lists Henan's 18 cities, Nanyang and Zhengzhou among them", async () => {
    const { units } = await t.anonymous.ok(UNITS, { p: '41' });
    expect(units).toHaveLength(18);
    expect(units.every((u: { level: string }) => u.level === 'CITY')).toBe(true);
    expect(units).toContainEqual({ code: '4113', name: '南阳市', level: 'CITY' });
    expect(units).toContainEqual({ code: '4101', name: '郑州市', level: 'CITY' });
  });

  it('`unit` gives a township with its ancestors from the province down, its parent and its grids', async () => {
    const { unit } = await t.anonymous.ok(UNIT, { c: '411329305' });
    expect(unit).toMatchObject({ id: '411329305', code: '411329305', name: '樊集乡', level: 'TOWNSHIP', parent: { code: '411329', name: '新野县' } });
    expect(unit.ancestors).toEqual([
      { code: '41', name: '河南省', level: 'PROVINCE' },
      { code: '4113', name: '南阳市', level: 'CITY' },
      { code: '411329', name: '新野县', level: 'COUNTY' },
    ]);
    expect(unit.children.length).toBeGreaterThan(1);
    expect(unit.children.every((c: { level: string }) => c.level === 'GRID')).toBe(true);
    const yangzhuang = unit.children.find((c: { code: string }) => c.code === '411329305212');
    expect(yangzhuang).toMatchObject({ level: 'GRID' });
    expect(yangzhuang.name).toMatch(/^杨庄村/);
  });

  it('a province has no parent and no ancestors', async () => {
    const { unit } = await t.anonymous.ok(UNIT, { c: '41' });
    expect(unit).toMatchObject({ code: '41', level: 'PROVINCE', parent: null, ancestors: [] });
    expect(unit.children).toHaveLength(18);
  });

  it('an unknown code is null, not an error', async () => {
    const r = await t.anonymous.gql(UNIT, { c: '419999999' });
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ unit: null });
    expect((await t.anonymous.ok(UNITS, { p: '419999999' })).units).toEqual([]);
  });

  /** Runs one operation and counts the SQL statements it sends. */
  async function statementsFor(query: string, variables: Record<string, unknown>): Promise<{ count: number; data: any }> {
    const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    try {
      const data = await t.anonymous.ok(query, variables);
      return { count: spy.mock.calls.length, data };
    } finally {
      spy.mockRestore();
    }
  }

  it('parents, ancestors and children of a whole list load in a fixed number of statements (DataLoader batching), units once read from memory', async () => {
    const henan = await statementsFor(TREE, { p: '41' });
    const nanyang = await statementsFor(TREE, { p: '4113' });
    // The list, then at most one batch for parents + ancestors (the same by-code loader) and one for children.
    expect(henan.count).toBeLessThanOrEqual(3);
    // Nanyang's parent and ancestors (4113, 41) were read by the first list: only the list and its children's batch.
    expect(nanyang.count).toBe(2);
    // The two lists differ in size, and the relations were really resolved.
    expect(henan.data.units).toHaveLength(18);
    expect(nanyang.data.units).toHaveLength(15);
    const wancheng = nanyang.data.units.find((u: any) => u.code === '411302');
    expect(wancheng.parent).toEqual({ code: '4113' });
    expect(wancheng.ancestors).toEqual([{ code: '41' }, { code: '4113' }]);
    expect(wancheng.children.length).toBeGreaterThan(5);
    const nanyangCity = henan.data.units.find((u: any) => u.code === '4113');
    expect(nanyangCity.children).toHaveLength(15);
  });
});
