import { defineAbilityFor } from '../../src/modules/access/ability.factory';
import { Role } from '../../src/modules/access/role.enum';
import { UsersService } from '../../src/modules/auth/users.service';
import { CalendarService } from '../../src/modules/calendar/calendar.service';
import { CasesService } from '../../src/modules/cases/cases.service';
import { CASE_OPS } from '../support/cases';
import { staffIds } from '../support/claims';
import { FANJI, fileGridCase, openCaseAgainst, RECORD_INSPECTION, registerEmployer, WANGZHUANG, XINYE, YANGZHUANG } from '../support/grid';
import { addDays, serverDay, TestApp, travelTo, unique } from '../support/test-app';
import { UnitLevel } from '../../src/modules/access/unit-level';

/**
 * The reads the web console's supervision dashboard, grid pages and admin pages rely on:
 * `supervisionOrders` (督办清单), `assignableRoles`, what `loadHolidaySchedule` recomputed, and an
 * employer's `recentInspections`.
 */

const ORDERS = `query($first: Int, $after: String, $f: SupervisionOrderFilter) {
  supervisionOrders(first: $first, after: $after, filter: $f) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id instructions issuedAt dueAt status overdue issuingUnit { code } case { id number handlingUnit { code } } } }
  }
}`;
const ROLES = `query($unit: String!) { assignableRoles(unitCode: $unit) }`;
const CREATE_USER = `mutation($i: CreateUserInput!) { createUser(input: $i) { id role unit { code } } }`;
const LOAD = `mutation($i: HolidayScheduleInput!) {
  loadHolidaySchedule(input: $i) {
    year deadlinesRecomputed deadlinesChanged
    changes { kind previousDueAt dueAt previousProvisional provisional case { id number } }
  }
}`;
const INSPECTIONS = `query($id: ID!) { employer(id: $id) { recentInspections { id findings violationFound inspectedAt inspector { username } grid { code } } } }`;

const endOfDay = (day: string) => `${day}T15:59:59.999Z`;

describe('console reads', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Every page of the list for `who`, following the cursors. */
  async function allOrders(who: string, filter: Record<string, unknown>, first = 100) {
    const nodes: any[] = [];
    let after: string | null = null;
    for (;;) {
      const { supervisionOrders: page }: any = await t.as(who).ok(ORDERS, { first, after, f: filter });
      nodes.push(...page.edges.map((e: any) => e.node));
      if (!page.pageInfo.hasNextPage) return { nodes, totalCount: page.totalCount };
      after = page.pageInfo.endCursor;
    }
  }

  describe('supervisionOrders', () => {
    let fanjiCase: { id: string; number: string };
    let wangzhuangCase: { id: string; number: string };
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const employer = await registerEmployer(t);
      fanjiCase = await openCaseAgainst(t, employer);
      await fileGridCase(t, fanjiCase.id);
      // Registered in Wangzhuang: a Fanji-registered employer would link the case to Fanji.
      const other = await registerEmployer(t, { registeredUnitCode: WANGZHUANG, gridCode: null });
      wangzhuangCase = await openCaseAgainst(t, other, { as: 'insp.wangzhuang', handlingUnitCode: WANGZHUANG, workplaceUnitCode: WANGZHUANG });
      const due = addDays(serverDay(t), 10);
      const issue = async (who: string, id: string, key: string) =>
        (ids[key] = (await t.as(who).ok(CASE_OPS.issueSupervisionOrder, { id, instructions: `${key} 限期查处`, due })).r.id);
      await issue('sup.xinye', fanjiCase.id, 'county-fanji');
      await issue('lead.xinye', wangzhuangCase.id, 'county-wangzhuang');
      await issue('sup.nanyang', fanjiCase.id, 'city-fanji');
      await issue('sup.henan', fanjiCase.id, 'province-fanji');
    });

    it('lists the orders issued by a unit and the units below it, newest first, with the case and the issuer', async () => {
      const county = (await allOrders('sup.xinye', { unitCode: XINYE })).nodes;
      const mine = county.filter((o) => Object.values(ids).includes(o.id));
      expect(mine.map((o) => o.id)).toEqual([ids['county-wangzhuang'], ids['county-fanji']]);
      expect(mine[1]).toMatchObject({ status: 'OPEN', overdue: false, issuingUnit: { code: XINYE }, case: { id: fanjiCase.id, handlingUnit: { code: FANJI } } });
      expect(county.every((o) => o.issuingUnit.code.startsWith(XINYE))).toBe(true);
      const issued = county.map((o) => Date.parse(o.issuedAt));
      expect(issued).toEqual([...issued].sort((a, b) => b - a));

      const city = (await allOrders('sup.nanyang', { unitCode: '4113' })).nodes.map((o) => o.id);
      expect(city).toEqual(expect.arrayContaining([ids['city-fanji'], ids['county-fanji'], ids['county-wangzhuang']]));
      expect(city).not.toContain(ids['province-fanji']);
      const province = (await allOrders('sup.henan', { unitCode: '41' })).nodes.map((o) => o.id);
      expect(province).toEqual(expect.arrayContaining(Object.values(ids)));
    });

    it('shows an order only to those who see its case', async () => {
      // The handling township sees every order on its case, from whichever level.
      const fanji = (await allOrders('lead.fanji', {})).nodes.map((o) => o.id);
      expect(fanji).toEqual(expect.arrayContaining([ids['county-fanji'], ids['city-fanji'], ids['province-fanji']]));
      expect(fanji).not.toContain(ids['county-wangzhuang']);
      // A sibling township, a sibling county and another city see none of Fanji's.
      const wz = (await allOrders('insp.wangzhuang', {})).nodes.map((o) => o.id);
      expect(wz).toContain(ids['county-wangzhuang']);
      expect(wz).not.toContain(ids['county-fanji']);
      for (const who of ['lead.wancheng', 'insp.zhongyuan', 'sup.zhengzhou']) {
        const seen = (await allOrders(who, { unitCode: '41' })).nodes.map((o) => o.id);
        expect(seen.filter((id) => Object.values(ids).includes(id))).toEqual([]);
      }
      expect((await t.as('grid.yangzhuang').error(ORDERS)).code).toBe('FORBIDDEN');
      expect((await t.anonymous.gql(ORDERS)).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    });

    it('pages with keyset cursors: no order twice, none left out, the total matches', async () => {
      const whole = await allOrders('sup.henan', { unitCode: '41' });
      const paged = await allOrders('sup.henan', { unitCode: '41' }, 2);
      expect(paged.nodes.map((o) => o.id)).toEqual(whole.nodes.map((o) => o.id));
      expect(new Set(paged.nodes.map((o) => o.id)).size).toBe(paged.nodes.length);
      expect(paged.totalCount).toBe(whole.nodes.length);
      const bad = await t.as('sup.henan').error(ORDERS, { first: 2, after: 'not-a-cursor' });
      expect(bad).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['after'] });
      expect((await t.as('sup.henan').error(ORDERS, { first: 101 })).code).toBe('BAD_USER_INPUT');
      expect((await t.as('sup.henan').error(ORDERS, { f: { unitCode: "41%' OR 1=1" } })).code).toBe('BAD_USER_INPUT');
    });

    it('marks an open order overdue after its due day and filters by overdue and status', async () => {
      const ours = (o: any) => Object.values(ids).includes(o.id);
      const dueDay = addDays(serverDay(t), 10);
      travelTo(t, new Date(Date.parse(endOfDay(dueDay)) + 1000));
      try {
        const overdue = (await allOrders('sup.xinye', { unitCode: XINYE, overdue: true })).nodes.filter(ours);
        expect(overdue.map((o) => o.id).sort()).toEqual([ids['county-fanji'], ids['county-wangzhuang']].sort());
        expect(overdue.every((o) => o.overdue)).toBe(true);
        await t.as('insp.fanji').ok(CASE_OPS.reportOnSupervisionOrder, { orderId: ids['county-fanji'], report: '已责令支付，正在跟进' });
        expect((await allOrders('sup.xinye', { unitCode: XINYE, overdue: true })).nodes.filter(ours).map((o) => o.id)).toEqual([ids['county-wangzhuang']]);
        const notOverdue = (await allOrders('sup.xinye', { unitCode: XINYE, overdue: false })).nodes.filter(ours);
        expect(notOverdue.map((o) => [o.id, o.status, o.overdue])).toEqual([[ids['county-fanji'], 'REPORTED', false]]);
        const reported = (await allOrders('sup.henan', { status: ['REPORTED'] })).nodes.filter(ours);
        expect(reported.map((o) => o.id)).toEqual([ids['county-fanji']]);
        const open = (await allOrders('sup.henan', { status: ['OPEN'] })).nodes.filter(ours).map((o) => o.id);
        expect(open.sort()).toEqual([ids['county-wangzhuang'], ids['city-fanji'], ids['province-fanji']].sort());
      } finally {
        t.clock.reset();
      }
    });
  });

  describe('assignableRoles', () => {
    it('offers exactly the roles createUser accepts at the chosen unit', async () => {
      const expected: [string, string[]][] = [
        ['41', ['SUPERVISOR', 'ADMIN']],
        ['4113', ['SUPERVISOR', 'ADMIN']],
        [XINYE, ['INSPECTOR', 'SQUAD_LEADER', 'SUPERVISOR', 'ADMIN']],
        [FANJI, ['INSPECTOR', 'SQUAD_LEADER']],
        [YANGZHUANG, ['GRID_ASSISTANT']],
      ];
      const all = ['GRID_ASSISTANT', 'INSPECTOR', 'SQUAD_LEADER', 'SUPERVISOR', 'ADMIN'];
      for (const [unit, roles] of expected) {
        expect((await t.as('admin.henan').ok(ROLES, { unit })).assignableRoles).toEqual(roles);
        for (const role of all) {
          const r = await t.as('admin.henan').gql(CREATE_USER, {
            i: { username: unique('u.'), password: 'Strong#2026', displayName: '测试账号', role, unitCode: unit },
          });
          if (roles.includes(role)) expect(r.data?.createUser).toMatchObject({ role, unit: { code: unit } });
          else expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['role'] });
        }
      }
    });

    it('is for ADMINs, within their own subtree', async () => {
      expect((await t.as('admin.henan').error(ROLES, { unit: '4201' })).code).toBe('FORBIDDEN');
      expect((await t.as('admin.henan').error(ROLES, { unit: '9999' })).code).toBe('BAD_USER_INPUT');
      expect((await t.as('sup.henan').error(ROLES, { unit: '41' })).code).toBe('FORBIDDEN');
    });
  });

  describe('what loadHolidaySchedule recomputed', () => {
    afterAll(async () => {
      // The database is shared: unload 2028 and count every open deadline again.
      t.clock.reset();
      await t.ds.query(`DELETE FROM calendar_day WHERE day >= '2028-01-01' AND day < '2029-01-01'`);
      await t.ds.query(`DELETE FROM calendar_year WHERE year = 2028`);
      t.app.get(CalendarService).invalidate();
      await t.ds.transaction((m) => t.app.get(CasesService).recomputeOpenDeadlines(m));
      t.app.get(CalendarService).invalidate();
    });

    it("lists the deadlines that moved in the admin's jurisdiction, and only those", async () => {
      // A Hubei township inspector, made directly (no demo admin reaches Hubei).
      const [township] = await t.ds.query(`SELECT code FROM unit WHERE level = 'TOWNSHIP' AND code LIKE '42%' ORDER BY code LIMIT 1`);
      const [adminId] = await staffIds(t, ['admin.henan']);
      const national = { id: adminId, role: Role.ADMIN, displayName: 'national', unitCode: '42', unitLevel: UnitLevel.PROVINCE, unitPath: ['42'] };
      const hubeiInspector = unique('insp.hubei.');
      await t.app.get(UsersService).createUser(national, defineAbilityFor(national), {
        username: hubeiInspector,
        password: 'Strong#2026',
        displayName: '湖北检查员',
        role: Role.INSPECTOR,
        unitCode: township.code,
      });

      // Monday Dec 27, 2027: acceptance is due after 5 weekdays, Monday Jan 3, 2028 (no 2028 schedule: provisional).
      travelTo(t, '2027-12-27T02:00:00Z');
      const employer = await registerEmployer(t);
      const henan = await openCaseAgainst(t, employer);
      const { openCase: hubei } = await t.as({ username: hubeiInspector, password: 'Strong#2026' }).ok(
        `mutation($i: OpenCaseInput!) { openCase(input: $i) { id number } }`,
        {
          i: {
            title: unique('湖北案件-'),
            source: 'COMPLAINT',
            handlingUnitCode: township.code,
            workplaceUnitCode: township.code,
            employer: { name: unique('湖北某建筑公司') },
            workersAffected: 2,
            amountOwed: '5000.00',
            description: '拖欠工资',
          },
        },
      );

      const schedule = { year: 2028, holidays: ['2028-01-01', '2028-01-02', '2028-01-03'].map((day) => ({ day, name: '元旦' })), workdays: [] };
      const { loadHolidaySchedule: loaded } = await t.as('admin.henan').ok(LOAD, { i: schedule });
      expect(loaded.deadlinesRecomputed).toBeGreaterThanOrEqual(2);
      const ours = loaded.changes.find((c: any) => c.case.id === henan.id);
      expect(ours).toMatchObject({ kind: 'ACCEPTANCE', previousDueAt: endOfDay('2028-01-03'), dueAt: endOfDay('2028-01-04'), previousProvisional: true });
      // The Hubei case moved too, but it is not the Henan admin's to see.
      expect(loaded.changes.map((c: any) => c.case.id)).not.toContain(hubei.id);
      expect(loaded.deadlinesChanged).toBe(loaded.changes.length);
      const [row] = await t.ds.query(`SELECT acceptance_due_at FROM case_file WHERE id = $1`, [hubei.id]);
      expect(new Date(row.acceptance_due_at).toISOString()).toBe(endOfDay('2028-01-04'));
      const dues = loaded.changes.map((c: any) => Date.parse(c.dueAt));
      expect(dues).toEqual([...dues].sort((a, b) => a - b));
    });
  });

  describe('Employer.recentInspections', () => {
    it("shows the employer's latest ten inspections, newest first, with who recorded them", async () => {
      const employer = await registerEmployer(t, { as: 'grid.yangzhuang', registeredUnitCode: YANGZHUANG, gridCode: YANGZHUANG });
      expect((await t.as('grid.yangzhuang').ok(INSPECTIONS, { id: employer.id })).employer.recentInspections).toEqual([]);
      const start = Date.parse('2026-06-01T02:00:00Z');
      for (let i = 1; i <= 11; i++) {
        travelTo(t, new Date(start + i * 3_600_000));
        const who = i === 11 ? 'insp.fanji' : 'grid.yangzhuang';
        await t.as(who).ok(RECORD_INSPECTION, { i: { employerId: employer.id, findings: `第${i}次巡查：工资按时发放`, violationFound: i === 11 } });
      }
      t.clock.reset();
      const seen = (await t.as('sup.xinye').ok(INSPECTIONS, { id: employer.id })).employer.recentInspections;
      expect(seen).toHaveLength(10);
      expect(seen.map((i: any) => i.findings)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2].map((n) => `第${n}次巡查：工资按时发放`));
      expect(seen[0]).toMatchObject({ violationFound: true, inspector: { username: 'insp.fanji' }, grid: { code: YANGZHUANG } });
      expect(seen[1]).toMatchObject({ violationFound: false, inspector: { username: 'grid.yangzhuang' } });
      // Outside the employer's jurisdiction the employer itself reads as NOT_FOUND.
      expect((await t.as('insp.wangzhuang').error(INSPECTIONS, { id: employer.id })).code).toBe('NOT_FOUND');
    });
  });
});
