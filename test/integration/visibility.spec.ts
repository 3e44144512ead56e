import { AppAbility, defineAbilityFor, subject } from '../../src/modules/access/ability.factory';
import { CurrentUser } from '../../src/modules/access/current-user';
import { applyVisibility, refreshVisibility, VisibilitySpec } from '../../src/modules/access/visibility';
import { Role } from '../../src/modules/access/role.enum';
import { UnitLevel } from '../../src/modules/access/unit-level';
import { TestApp, unique, Who } from '../support/test-app';

/**
 * The jurisdiction rule (一地办案，多地监管) on a record type that exists only in this test: a
 * dossier is anchored to its handling unit and to every unit linked to it, and is seen by each
 * ancestor-or-self of each anchor.
 */
const DOSSIER: VisibilitySpec = {
  subject: 'TestDossier',
  table: 'test_dossier',
  sortColumn: 'created_at',
  visibilityTable: 'test_dossier_visibility',
  columns: { id: 'id' },
  anchorsSql: `SELECT id AS record_id, handling_unit AS unit_code FROM test_dossier WHERE id = ANY($1::uuid[])
               UNION
               SELECT dossier_id AS record_id, unit_code FROM test_dossier_link WHERE dossier_id = ANY($1::uuid[])`,
};

function staff(role: Role, unitPath: string[], unitLevel: UnitLevel): CurrentUser {
  return { id: '00000000-0000-4000-8000-000000000001', role, displayName: 'test', unitCode: unitPath[unitPath.length - 1], unitLevel, unitPath };
}

const FANJI = staff(Role.INSPECTOR, ['41', '4113', '411329', '411329305'], UnitLevel.TOWNSHIP);
const WANGZHUANG = staff(Role.INSPECTOR, ['41', '4113', '411329', '411329101'], UnitLevel.TOWNSHIP);
const XINYE = staff(Role.SUPERVISOR, ['41', '4113', '411329'], UnitLevel.COUNTY);
const NANYANG = staff(Role.SUPERVISOR, ['41', '4113'], UnitLevel.CITY);
const HENAN = staff(Role.SUPERVISOR, ['41'], UnitLevel.PROVINCE);
const ZHENGZHOU = staff(Role.SUPERVISOR, ['41', '4101'], UnitLevel.CITY);
const BEIJING = staff(Role.SUPERVISOR, ['11'], UnitLevel.PROVINCE);
const WORKER: CurrentUser = { id: '00000000-0000-4000-8000-000000000002', role: Role.WORKER, displayName: '工人', unitCode: null, unitLevel: null, unitPath: [] };

const USERS = `query($first: Int, $after: String, $unit: String) {
  users(first: $first, after: $after, unitCode: $unit) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id username role unit { code } } }
  }
}`;
const CREATE_USER = `mutation($i: CreateUserInput!) { createUser(input: $i) { id username role unit { code } } }`;

describe('jurisdiction: who sees which record', () => {
  let t: TestApp;
  const tag = unique('vis-');
  const ids: Record<string, string> = {};
  // Titles, oldest first: 樊集 A, 王庄 B, 宛城 C, 中原 D, then E handled in 樊集 and linked to 中原.
  const title = (k: string) => `${tag}-${k}`;

  beforeAll(async () => {
    t = await TestApp.start();
    await t.ds.query(`CREATE TABLE IF NOT EXISTS test_dossier (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(), title text,
      handling_unit varchar(12) REFERENCES unit (code), created_at timestamptz NOT NULL)`);
    await t.ds.query(`CREATE TABLE IF NOT EXISTS test_dossier_link (dossier_id uuid, unit_code varchar(12))`);
    await t.ds.query(`CREATE TABLE IF NOT EXISTS test_dossier_visibility (
      unit_code varchar(12), sort_at timestamptz, record_id uuid REFERENCES test_dossier (id) ON DELETE CASCADE,
      PRIMARY KEY (unit_code, sort_at, record_id))`);
    const base = Date.UTC(2026, 2, 2, 1, 0, 0);
    const rows: [string, string][] = [['A', '411329305'], ['B', '411329101'], ['C', '411302'], ['D', '410102'], ['E', '411329305']];
    for (const [i, [k, unit]] of rows.entries()) {
      const [row] = await t.ds.query(`INSERT INTO test_dossier (title, handling_unit, created_at) VALUES ($1, $2, $3) RETURNING id`, [
        title(k),
        unit,
        new Date(base + i * 60_000),
      ]);
      ids[k] = row.id;
    }
    await t.ds.query(`INSERT INTO test_dossier_link (dossier_id, unit_code) VALUES ($1, '410102')`, [ids.E]);
    await refreshVisibility(t.ds, DOSSIER, Object.values(ids));
  });

  afterAll(async () => {
    await t.ds.query(`DROP TABLE IF EXISTS test_dossier_visibility`);
    await t.ds.query(`DROP TABLE IF EXISTS test_dossier_link`);
    await t.ds.query(`DROP TABLE IF EXISTS test_dossier`);
    await t.close();
  });

  /** Titles (keys A–E) the user may read, in the order the shared predicate pages them. */
  async function visible(user: CurrentUser, opts: { first?: number; after?: { sortAt: Date; id: string } } = {}) {
    const qb = t.ds.createQueryBuilder().select('d.id', 'id').addSelect('d.title', 'title').from('test_dossier', 'd');
    qb.andWhere('d.title LIKE :tag', { tag: `${tag}-%` });
    const sort = applyVisibility(qb, defineAbilityFor(user), 'read', DOSSIER);
    qb.addSelect(sort.sortAt, 'sort_at').addSelect(sort.id, 'sort_id');
    if (opts.after) qb.andWhere(`(${sort.sortAt}, ${sort.id}) < (:afterAt, :afterId)`, { afterAt: opts.after.sortAt, afterId: opts.after.id });
    qb.orderBy(sort.sortAt, 'DESC').addOrderBy(sort.id, 'DESC');
    if (opts.first) qb.limit(opts.first);
    const rows: { id: string; title: string; sort_at: Date; sort_id: string }[] = await qb.getRawMany();
    return { keys: rows.map((r) => r.title.slice(tag.length + 1)), rows };
  }

  it('a township inspector sees the dossiers its township handles, newest first', async () => {
    expect((await visible(FANJI)).keys).toEqual(['E', 'A']);
  });

  it('a township inspector cannot see a dossier of the next township', async () => {
    expect((await visible(WANGZHUANG)).keys).toEqual(['B']);
  });

  it("a county sees both of its townships' dossiers, not the next county's", async () => {
    expect((await visible(XINYE)).keys).toEqual(['E', 'B', 'A']);
  });

  it("a city adds its other counties' dossiers, not another city's", async () => {
    expect((await visible(NANYANG)).keys).toEqual(['E', 'C', 'B', 'A']);
  });

  it('a province sees every dossier in it; another province sees none', async () => {
    expect((await visible(HENAN)).keys).toEqual(['E', 'D', 'C', 'B', 'A']);
    expect((await visible(BEIJING)).keys).toEqual([]);
  });

  it('a linked unit (and its line above) sees a dossier handled elsewhere: 郑州 sees 中原 and the linked 樊集 dossier', async () => {
    expect((await visible(ZHENGZHOU)).keys).toEqual(['E', 'D']);
  });

  it('a worker has no rule for the record type and sees nothing', async () => {
    expect((await visible(WORKER)).keys).toEqual([]);
  });

  it('pages by the returned sort expressions: keyset pages of two walk the province list without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: { sortAt: Date; id: string } | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await visible(HENAN, { first: 2, after });
      if (!page.rows.length) break;
      seen.push(...page.keys);
      const last = page.rows[page.rows.length - 1];
      after = { sortAt: new Date(last.sort_at), id: last.sort_id };
    }
    expect(seen).toEqual(['E', 'D', 'C', 'B', 'A']);
  });

  it('the SQL predicate and the in-memory CASL check agree for every user and dossier', async () => {
    const vis: { record_id: string; unit_code: string }[] = await t.ds.query(
      `SELECT record_id, unit_code FROM test_dossier_visibility WHERE record_id = ANY($1::uuid[])`,
      [Object.values(ids)],
    );
    for (const user of [FANJI, WANGZHUANG, XINYE, NANYANG, HENAN, ZHENGZHOU, BEIJING, WORKER]) {
      const ability: AppAbility = defineAbilityFor(user);
      const inMemory = Object.entries(ids)
        .filter(([, id]) => ability.can('read', subject('TestDossier', { id, visibleTo: vis.filter((v) => v.record_id === id).map((v) => v.unit_code) })))
        .map(([k]) => k)
        .sort();
      expect([user.unitCode, [...(await visible(user)).keys].sort()]).toEqual([user.unitCode, inMemory]);
    }
  });

  it('unlinking a unit (link row gone, visibility refreshed) takes the dossier away from that line only', async () => {
    await t.ds.query(`DELETE FROM test_dossier_link WHERE dossier_id = $1`, [ids.E]);
    await refreshVisibility(t.ds, DOSSIER, [ids.E]);
    expect((await visible(ZHENGZHOU)).keys).toEqual(['D']);
    expect((await visible(FANJI)).keys).toEqual(['E', 'A']);
    expect((await visible(HENAN)).keys).toEqual(['E', 'D', 'C', 'B', 'A']);
    // and linking again gives it back
    await t.ds.query(`INSERT INTO test_dossier_link (dossier_id, unit_code) VALUES ($1, '410102')`, [ids.E]);
    await refreshVisibility(t.ds, DOSSIER, [ids.E]);
    expect((await visible(ZHENGZHOU)).keys).toEqual(['E', 'D']);
  });

  // ---------------------------------------------------------------- accounts, through `users`

  /** Every account `who` may list, walking the connection `first` at a time. */
  async function allUsers(who: Who, first: number, unit?: string) {
    const nodes: { id: string; username: string; role: string; unit: { code: string } | null }[] = [];
    let after: string | null = null;
    let totalCount = -1;
    for (let page = 0; page < 1000; page++) {
      const { users }: any = await t.as(who).ok(USERS, { first, after, unit });
      totalCount = users.totalCount;
      nodes.push(...users.edges.map((e: any) => e.node));
      if (!users.pageInfo.hasNextPage) break;
      expect(users.edges).toHaveLength(first);
      after = users.pageInfo.endCursor;
    }
    return { nodes, totalCount };
  }

  it("a province ADMIN lists Henan's demo accounts, and no worker", async () => {
    const { nodes, totalCount } = await allUsers('admin.henan', 100);
    const names = nodes.map((n) => n.username);
    expect(names).toEqual(
      expect.arrayContaining(['admin.henan', 'sup.henan', 'sup.nanyang', 'sup.zhengzhou', 'lead.fanji', 'insp.wangzhuang', 'lead.wancheng', 'insp.zhongyuan', 'grid.yangzhuang']),
    );
    expect(nodes.every((n) => n.role !== 'WORKER' && n.unit && n.unit.code.startsWith('41'))).toBe(true);
    expect(nodes).toHaveLength(totalCount);
  });

  it('the unitCode argument narrows the list to a subtree', async () => {
    const { nodes } = await allUsers('admin.henan', 100, '4101');
    expect(nodes.map((n) => n.username)).toEqual(expect.arrayContaining(['sup.zhengzhou', 'insp.zhongyuan']));
    expect(nodes.every((n) => n.unit!.code.startsWith('4101'))).toBe(true);
  });

  it("a city ADMIN lists its own city's accounts and not another city's", async () => {
    const username = unique('admin.nanyang.');
    await t.as('admin.henan').ok(CREATE_USER, { i: { username, password: 'Strong#2026', displayName: '南阳市管理员', role: 'ADMIN', unitCode: '4113' } });
    const { nodes, totalCount } = await allUsers({ username, password: 'Strong#2026' }, 100);
    const names = nodes.map((n) => n.username);
    expect(names).toEqual(expect.arrayContaining([username, 'sup.nanyang', 'lead.fanji', 'insp.wangzhuang', 'lead.wancheng', 'grid.yangzhuang']));
    for (const outside of ['sup.zhengzhou', 'insp.zhongyuan', 'admin.henan', 'sup.henan']) expect(names).not.toContain(outside);
    expect(nodes.every((n) => n.unit!.code.startsWith('4113'))).toBe(true);
    expect(nodes).toHaveLength(totalCount);
  });

  it('a SUPERVISOR calling `users` is FORBIDDEN', async () => {
    expect(await t.as('sup.henan').code(USERS)).toBe('FORBIDDEN');
  });

  it('`users` pages with first/after newest first, without repeats or gaps, also across accounts created at the same instant', async () => {
    const admin = 'admin.henan';
    const whole = await allUsers(admin, 100, '4113');
    const paged = await allUsers(admin, 3, '4113');
    expect(whole.nodes.length).toBeGreaterThan(6);
    const pagedIds = paged.nodes.map((n) => n.id);
    expect(new Set(pagedIds).size).toBe(pagedIds.length);
    expect(pagedIds).toEqual(whole.nodes.map((n) => n.id));
    expect(pagedIds).toHaveLength(paged.totalCount);
    const created: { id: string; created_at: Date }[] = await t.ds.query(`SELECT id, created_at FROM app_user WHERE id = ANY($1::uuid[])`, [pagedIds]);
    const at = new Map(created.map((r) => [r.id, new Date(r.created_at).getTime()]));
    const times = pagedIds.map((id) => at.get(id)!);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});
