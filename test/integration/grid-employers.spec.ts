import { badCheckChar, newCreditCode } from '../support/claims';
import {
  ASSIGN_GRID,
  EMPLOYER,
  Employer,
  EMPLOYERS,
  FANJI,
  inspect,
  openCaseAgainst,
  RECORD_INSPECTION,
  REGISTER_EMPLOYER,
  registerEmployer,
  WANGZHUANG,
  YANGZHUANG,
} from '../support/grid';
import { TestApp, unique } from '../support/test-app';

/**
 * The employer register of grid supervision (issue 5, rules 1 and 2): who may register and
 * assign employers, the credit code's uniqueness and check character, the grid of an employer,
 * the `employers` list (subtree, search, keyset pages, jurisdiction) and grid inspections.
 * Checked as the grid assistant of 杨庄村 (411329305212), the township 樊集乡 (411329305), its
 * sibling 王庄镇 (411329101), the county 新野县 (411329), the city 南阳 (4113), another county
 * of Nanyang (宛城区 411302), another city (郑州 4101, 中原区 410102) and the province (41).
 */

/** Another grid of 樊集乡 (冀湾村) and a grid of the sibling township 王庄镇 (东张店村). */
const JIWAN = '411329305201';
const DONGZHANGDIAN = '411329101200';

describe('grid supervision: the employer register', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  const rowsWithCode = async (code: string): Promise<number> =>
    (await t.ds.query(`SELECT count(*)::int AS n FROM employer WHERE credit_code = $1`, [code]))[0].n;
  const employerRow = async (id: string) =>
    (await t.ds.query(`SELECT name, credit_code, registered_unit_code, grid_code FROM employer WHERE id = $1`, [id]))[0];
  const inspectionsOf = async (id: string): Promise<number> =>
    (await t.ds.query(`SELECT count(*)::int AS n FROM inspection WHERE employer_id = $1`, [id]))[0].n;
  const input = (patch: Record<string, unknown> = {}) => ({
    name: unique('登记测试有限公司'),
    creditCode: newCreditCode(),
    registeredUnitCode: FANJI,
    ...patch,
  });

  describe('registerEmployer', () => {
    it('a county supervisor registers an employer of one of its townships, in a grid of that township', async () => {
      const i = input({ gridCode: YANGZHUANG });
      const { registerEmployer: e } = await t.as('sup.xinye').ok(REGISTER_EMPLOYER, { i });
      expect(e).toMatchObject({
        name: i.name,
        creditCode: i.creditCode,
        registeredUnit: { code: FANJI },
        grid: { code: YANGZHUANG },
        riskLevel: 'NONE',
        blacklisted: false,
      });
      expect((await t.as('lead.fanji').ok(EMPLOYER, { id: e.id })).employer.id).toBe(e.id);
    });

    it('the township squad registers an employer of its own township, without a grid', async () => {
      const { registerEmployer: e } = await t.as('lead.fanji').ok(REGISTER_EMPLOYER, { i: input() });
      expect(e).toMatchObject({ registeredUnit: { code: FANJI }, grid: null });
    });

    it('staff whose subtree does not hold the registered unit are FORBIDDEN, and nothing is written', async () => {
      for (const who of ['insp.wangzhuang', 'lead.wancheng', 'insp.zhongyuan', 'sup.zhengzhou']) {
        const i = input({ gridCode: YANGZHUANG });
        expect([who, await t.as(who).code(REGISTER_EMPLOYER, { i })]).toEqual([who, 'FORBIDDEN']);
        expect(await rowsWithCode(i.creditCode)).toBe(0);
      }
      // A township inspector cannot register an employer of the county's seat either.
      const county = input({ registeredUnitCode: '411329' });
      expect(await t.as('insp.fanji').code(REGISTER_EMPLOYER, { i: county })).toBe('FORBIDDEN');
      expect(await rowsWithCode(county.creditCode)).toBe(0);
    });

    it('accounts that keep no register (a worker, an administrator) are FORBIDDEN', async () => {
      const i = input();
      expect(await t.as('13800000001').code(REGISTER_EMPLOYER, { i })).toBe('FORBIDDEN');
      expect(await t.as('admin.henan').code(REGISTER_EMPLOYER, { i })).toBe('FORBIDDEN');
      expect(await t.anonymous.code(REGISTER_EMPLOYER, { i })).toBe('UNAUTHENTICATED');
      expect(await rowsWithCode(i.creditCode)).toBe(0);
    });

    it('a credit code is registered once: a second registration is CONFLICT (in lower case too) and leaves the first as it was', async () => {
      const first = await registerEmployer(t);
      const again = input({ creditCode: first.creditCode, name: unique('另一家公司') });
      expect(await t.as('sup.xinye').code(REGISTER_EMPLOYER, { i: again })).toBe('CONFLICT');
      expect(await t.as('sup.henan').code(REGISTER_EMPLOYER, { i: { ...again, creditCode: first.creditCode.toLowerCase() } })).toBe('CONFLICT');
      expect(await rowsWithCode(first.creditCode)).toBe(1);
      expect(await employerRow(first.id)).toMatchObject({ name: first.name, registered_unit_code: FANJI, grid_code: YANGZHUANG });
    });

    it('an employer known only from a case is completed by registering it (same record), and only once', async () => {
      const known = { name: unique('案件中的公司'), creditCode: newCreditCode() };
      const c = await openCaseAgainst(t, known);
      const { registerEmployer: e } = await t.as('sup.xinye').ok(REGISTER_EMPLOYER, { i: input({ creditCode: known.creditCode, name: known.name, gridCode: YANGZHUANG }) });
      expect(e.id).toBe(c.employerId);
      expect(e).toMatchObject({ registeredUnit: { code: FANJI }, grid: { code: YANGZHUANG } });
      expect(await rowsWithCode(known.creditCode)).toBe(1);
      expect(await t.as('sup.xinye').code(REGISTER_EMPLOYER, { i: input({ creditCode: known.creditCode }) })).toBe('CONFLICT');
    });

    it('a credit code whose check character is wrong is BAD_USER_INPUT naming creditCode; nothing is written', async () => {
      const good = newCreditCode();
      const bad = badCheckChar(good);
      const e = await t.as('sup.xinye').error(REGISTER_EMPLOYER, { i: input({ creditCode: bad }) });
      expect(e).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['creditCode'] });
      expect(await rowsWithCode(bad)).toBe(0);
      // Letters GB 32100 never uses (I, O, S, V, Z) and a wrong length are refused the same way.
      for (const code of [good.slice(0, 10) + 'IOSVZ' + good.slice(15), good.slice(0, 17)]) {
        const r = await t.as('sup.xinye').error(REGISTER_EMPLOYER, { i: input({ creditCode: code }) });
        expect([code, r.code, r.fields]).toEqual([code, 'BAD_USER_INPUT', ['creditCode']]);
      }
    });

    it('an unknown registered unit is BAD_USER_INPUT naming registeredUnitCode', async () => {
      const r = await t.as('sup.henan').error(REGISTER_EMPLOYER, { i: input({ registeredUnitCode: '411329999' }) });
      expect(r).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['registeredUnitCode'] });
    });

    it('a grid of another township, or a code that is no GRID, is BAD_USER_INPUT naming gridCode', async () => {
      const other = input({ gridCode: DONGZHANGDIAN });
      expect(await t.as('sup.xinye').error(REGISTER_EMPLOYER, { i: other })).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['gridCode'] });
      expect(await rowsWithCode(other.creditCode)).toBe(0);
      const unknown = input({ gridCode: '411329305999' });
      expect(await t.as('sup.xinye').error(REGISTER_EMPLOYER, { i: unknown })).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['gridCode'] });
      const township = input({ gridCode: FANJI });
      expect(await t.as('sup.xinye').error(REGISTER_EMPLOYER, { i: township })).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['gridCode'] });
      expect(await rowsWithCode(township.creditCode)).toBe(0);
    });
  });

  describe('assignEmployerToGrid', () => {
    it('puts a registered employer in a GRID of its township', async () => {
      const e = await registerEmployer(t, { gridCode: null });
      const { assignEmployerToGrid: a } = await t.as('insp.fanji').ok(ASSIGN_GRID, { id: e.id, grid: JIWAN });
      expect(a).toMatchObject({ id: e.id, grid: { code: JIWAN }, registeredUnit: { code: FANJI } });
      const { assignEmployerToGrid: b } = await t.as('sup.xinye').ok(ASSIGN_GRID, { id: e.id, grid: YANGZHUANG });
      expect(b.grid).toEqual({ code: YANGZHUANG });
    });

    it('a grid of another township is BAD_USER_INPUT naming gridCode; a township or county code is BAD_USER_INPUT too; the grid stays', async () => {
      const e = await registerEmployer(t);
      for (const grid of [DONGZHANGDIAN, FANJI, WANGZHUANG, '411329']) {
        const r = await t.as('sup.xinye').error(ASSIGN_GRID, { id: e.id, grid });
        expect([grid, r.code, r.fields]).toEqual([grid, 'BAD_USER_INPUT', ['gridCode']]);
      }
      expect((await employerRow(e.id)).grid_code).toBe(YANGZHUANG);
    });

    it('staff of another township or city do not see the employer: NOT_FOUND, and the grid stays', async () => {
      const e = await registerEmployer(t);
      expect(await t.as('insp.wangzhuang').code(ASSIGN_GRID, { id: e.id, grid: DONGZHANGDIAN })).toBe('NOT_FOUND');
      expect(await t.as('sup.zhengzhou').code(ASSIGN_GRID, { id: e.id, grid: JIWAN })).toBe('NOT_FOUND');
      expect((await employerRow(e.id)).grid_code).toBe(YANGZHUANG);
    });
  });

  describe('employers', () => {
    /** Three employers sharing a name token: two in 杨庄村, one in 冀湾村, registered in that order. */
    let token: string;
    let inYang: Employer[];
    let inJiwan: Employer;
    const list = async (who: string, vars: Record<string, unknown>) => (await t.as(who).ok(EMPLOYERS, vars)).employers;
    const ids = (conn: { edges: { node: { id: string } }[] }) => conn.edges.map((e) => e.node.id);

    beforeAll(async () => {
      token = unique('列表标记');
      const a = await registerEmployer(t, { name: `甲${token}建筑公司` });
      const b = await registerEmployer(t, { name: `乙${token}劳务公司` });
      inJiwan = await registerEmployer(t, { name: `丙${token}装饰公司`, gridCode: JIWAN });
      inYang = [a, b];
    });

    it('search by name substring finds them, newest first, in keyset pages that neither skip nor repeat', async () => {
      const all = await list('sup.xinye', { q: token });
      expect(all.totalCount).toBe(3);
      expect(ids(all)).toEqual([inJiwan.id, inYang[1].id, inYang[0].id]);
      const p1 = await list('sup.xinye', { q: token, first: 2 });
      expect(p1.pageInfo.hasNextPage).toBe(true);
      expect(p1.totalCount).toBe(3);
      const p2 = await list('sup.xinye', { q: token, first: 2, after: p1.pageInfo.endCursor });
      expect(p2.pageInfo.hasNextPage).toBe(false);
      expect([...ids(p1), ...ids(p2)]).toEqual(ids(all));
    });

    it('search by credit code (any case) finds exactly that employer', async () => {
      const r = await list('lead.fanji', { q: inYang[0].creditCode.toLowerCase() });
      expect(ids(r)).toEqual([inYang[0].id]);
    });

    it('unitCode limits the list to the unit subtree (registered unit or grid)', async () => {
      expect(ids(await list('sup.xinye', { q: token, unit: YANGZHUANG })).sort()).toEqual(inYang.map((e) => e.id).sort());
      expect(ids(await list('sup.xinye', { q: token, unit: JIWAN }))).toEqual([inJiwan.id]);
      expect((await list('sup.xinye', { q: token, unit: FANJI })).totalCount).toBe(3);
      expect((await list('sup.xinye', { q: token, unit: WANGZHUANG })).totalCount).toBe(0);
    });

    it('first may not pass 100', async () => {
      expect(await t.as('sup.xinye').error(EMPLOYERS, { q: token, first: 101 })).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['first'] });
    });

    it('the township, county, city and province see them; a sibling township, a sibling county and another city see none', async () => {
      for (const who of ['lead.fanji', 'insp.fanji', 'sup.xinye', 'sup.nanyang', 'sup.henan']) {
        expect([who, (await list(who, { q: token })).totalCount]).toEqual([who, 3]);
      }
      for (const who of ['insp.wangzhuang', 'lead.wancheng', 'sup.zhengzhou', 'insp.zhongyuan']) {
        expect([who, (await list(who, { q: token })).totalCount]).toEqual([who, 0]);
        expect([who, (await list(who, { q: token, unit: '411329' })).totalCount]).toEqual([who, 0]);
        expect([who, await t.as(who).code(EMPLOYER, { id: inYang[0].id })]).toEqual([who, 'NOT_FOUND']);
      }
    });

    it('a grid assistant sees the employers of its own grid and not those of another grid of the township', async () => {
      const r = await list('grid.yangzhuang', { q: token });
      expect(ids(r).sort()).toEqual(inYang.map((e) => e.id).sort());
      expect(r.totalCount).toBe(2);
      expect((await list('grid.yangzhuang', { q: token, unit: FANJI })).totalCount).toBe(2);
      expect(await t.as('grid.yangzhuang').code(EMPLOYER, { id: inJiwan.id })).toBe('NOT_FOUND');
      expect((await t.as('grid.yangzhuang').ok(EMPLOYER, { id: inYang[0].id })).employer.id).toBe(inYang[0].id);
    });
  });

  describe('a grid assistant keeps the register of its own grid', () => {
    it('registers an employer of its township: the grid defaults to its own', async () => {
      const { registerEmployer: e } = await t.as('grid.yangzhuang').ok(REGISTER_EMPLOYER, { i: input() });
      expect(e).toMatchObject({ registeredUnit: { code: FANJI }, grid: { code: YANGZHUANG } });
      expect((await t.as('grid.yangzhuang').ok(EMPLOYERS, { q: e.creditCode })).employers.totalCount).toBe(1);
    });

    it('may not register an employer in another grid: FORBIDDEN, nothing written', async () => {
      const i = input({ gridCode: JIWAN });
      expect(await t.as('grid.yangzhuang').code(REGISTER_EMPLOYER, { i })).toBe('FORBIDDEN');
      expect(await rowsWithCode(i.creditCode)).toBe(0);
    });

    it('may not register an employer at a unit above its township (county, province): FORBIDDEN, nothing written', async () => {
      for (const registeredUnitCode of ['411329', '41']) {
        const i = input({ registeredUnitCode });
        expect([registeredUnitCode, await t.as('grid.yangzhuang').code(REGISTER_EMPLOYER, { i })]).toEqual([registeredUnitCode, 'FORBIDDEN']);
        expect(await rowsWithCode(i.creditCode)).toBe(0);
      }
    });

    it('may not move an employer of its grid to another grid: FORBIDDEN, the grid stays', async () => {
      const e = await registerEmployer(t);
      expect(await t.as('grid.yangzhuang').code(ASSIGN_GRID, { id: e.id, grid: JIWAN })).toBe('FORBIDDEN');
      expect((await employerRow(e.id)).grid_code).toBe(YANGZHUANG);
    });
  });

  describe('recordInspection', () => {
    it("the grid's assistant and the township's inspectors record inspections of an employer in the grid", async () => {
      const e = await registerEmployer(t);
      const a = await inspect(t, e.id, false, 'grid.yangzhuang');
      expect(a).toMatchObject({ violationFound: false, employer: { id: e.id }, grid: { code: YANGZHUANG }, inspector: { username: 'grid.yangzhuang' } });
      const b = await inspect(t, e.id, false, 'insp.fanji');
      expect(b.inspector.username).toBe('insp.fanji');
      await inspect(t, e.id, false, 'lead.fanji');
      expect(await inspectionsOf(e.id)).toBe(3);
    });

    it('a sibling township or another city do not see the employer (NOT_FOUND); nothing is written', async () => {
      const e = await registerEmployer(t);
      const i = { employerId: e.id, findings: '外乡镇巡查', violationFound: true };
      expect(await t.as('insp.wangzhuang').code(RECORD_INSPECTION, { i })).toBe('NOT_FOUND');
      expect(await t.as('insp.zhongyuan').code(RECORD_INSPECTION, { i })).toBe('NOT_FOUND');
      expect(await inspectionsOf(e.id)).toBe(0);
      expect((await employerRow(e.id)).grid_code).toBe(YANGZHUANG);
      expect((await t.as('sup.henan').ok(EMPLOYER, { id: e.id })).employer.riskLevel).toBe('NONE');
    });

    it('county staff and supervisors, who see the employer, may not record grid inspections (FORBIDDEN); nothing is written', async () => {
      const e = await registerEmployer(t);
      const i = { employerId: e.id, findings: '县局巡查', violationFound: true };
      for (const who of ['insp.xinye', 'lead.xinye', 'sup.xinye']) {
        expect([who, await t.as(who).code(RECORD_INSPECTION, { i })]).toEqual([who, 'FORBIDDEN']);
      }
      expect(await inspectionsOf(e.id)).toBe(0);
    });

    it("another grid's employer is not seen by this grid's assistant (NOT_FOUND); an employer in no grid cannot be inspected", async () => {
      const other = await registerEmployer(t, { gridCode: JIWAN });
      const i = { employerId: other.id, findings: '跨网格巡查', violationFound: false };
      expect(await t.as('grid.yangzhuang').code(RECORD_INSPECTION, { i })).toBe('NOT_FOUND');
      const noGrid = await registerEmployer(t, { gridCode: null });
      expect(await t.as('insp.fanji').error(RECORD_INSPECTION, { i: { ...i, employerId: noGrid.id } })).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['employerId'] });
      expect(await inspectionsOf(other.id)).toBe(0);
      expect(await inspectionsOf(noGrid.id)).toBe(0);
    });
  });
});
