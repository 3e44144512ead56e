import { createMongoAbility } from '@casl/ability';
import { rulesToAST } from '@casl/ability/extra';
import {
  accountAt,
  AppAbility,
  assistanceSubject,
  caseSubject,
  defineAbilityFor,
  employerPlacement,
  incidentSubject,
  inspectionIn,
  subject,
  unitSubject,
} from '../../src/modules/access/ability.factory';
import { CurrentUser } from '../../src/modules/access/current-user';
import { Role } from '../../src/modules/access/role.enum';
import { UnitLevel } from '../../src/modules/access/unit-level';

const LEVELS = [UnitLevel.PROVINCE, UnitLevel.CITY, UnitLevel.COUNTY, UnitLevel.TOWNSHIP, UnitLevel.GRID];

function staff(role: Role, unitPath: string[]): CurrentUser {
  return {
    id: `staff-${role}-${unitPath.join('.')}`,
    role,
    displayName: 'x',
    unitCode: unitPath[unitPath.length - 1],
    unitLevel: LEVELS[unitPath.length - 1],
    unitPath,
  };
}

const worker = (id: string): CurrentUser => ({ id, role: Role.WORKER, displayName: '工人', unitCode: null, unitLevel: null, unitPath: [] });

/** `visibleTo` of a record anchored at these units: every ancestor-or-self of each. */
const visibleTo = (...paths: string[][]) => [...new Set(paths.flat())];

const FANJI = ['41', '4113', '411329', '411329305'];
const WANGZHUANG = ['41', '4113', '411329', '411329101'];
const ZHONGYUAN = ['41', '4101', '410102'];

describe('who may do what (CASL rules, in memory)', () => {
  it('staff read a record whose visibleTo holds their unit, and not one whose visibleTo does not', () => {
    const insp = defineAbilityFor(staff(Role.INSPECTOR, FANJI));
    expect(insp.can('read', subject('Case', { visibleTo: visibleTo(FANJI) }))).toBe(true);
    expect(insp.can('read', subject('Case', { visibleTo: visibleTo(WANGZHUANG) }))).toBe(false);
    expect(insp.can('read', subject('Case', { visibleTo: [] }))).toBe(false);
    expect(insp.can('read', subject('Case', {}))).toBe(false);
  });

  it('a unit above the anchor reads it; a unit of another line does not, unless the record is linked to it', () => {
    const county = defineAbilityFor(staff(Role.SUPERVISOR, ['41', '4113', '411329']));
    const province = defineAbilityFor(staff(Role.SUPERVISOR, ['41']));
    const zhengzhou = defineAbilityFor(staff(Role.SUPERVISOR, ['41', '4101']));
    const fanjiCase = subject('Case', { visibleTo: visibleTo(FANJI) });
    expect(county.can('read', fanjiCase)).toBe(true);
    expect(province.can('read', fanjiCase)).toBe(true);
    expect(zhengzhou.can('read', fanjiCase)).toBe(false);
    expect(zhengzhou.can('read', subject('Case', { visibleTo: visibleTo(FANJI, ZHONGYUAN) }))).toBe(true);
  });

  it('the staff read rule holds for every record type, accounts included', () => {
    const lead = defineAbilityFor(staff(Role.SQUAD_LEADER, FANJI));
    for (const type of ['Case', 'WageClaim', 'Employer', 'User']) {
      expect(lead.can('read', subject(type, { visibleTo: visibleTo(FANJI) }))).toBe(true);
      expect(lead.can('read', subject(type, { visibleTo: visibleTo(WANGZHUANG) }))).toBe(false);
    }
  });

  it('a worker reads only their own account and their own wage claims', () => {
    const w = defineAbilityFor(worker('w-1'));
    expect(w.can('read', subject('User', { id: 'w-1' }))).toBe(true);
    expect(w.can('read', subject('User', { id: 'w-2' }))).toBe(false);
    expect(w.can('read', subject('WageClaim', { claimantId: 'w-1' }))).toBe(true);
    expect(w.can('read', subject('WageClaim', { claimantId: 'w-2' }))).toBe(false);
  });

  it('a worker has no jurisdiction: a record visible to every unit is still not theirs', () => {
    const w = defineAbilityFor(worker('w-1'));
    expect(w.can('read', subject('Case', { visibleTo: visibleTo(FANJI, ZHONGYUAN) }))).toBe(false);
    expect(w.can('read', subject('WageClaim', { claimantId: 'w-2', visibleTo: visibleTo(FANJI) }))).toBe(false);
    expect(w.can('manage', subject('User', { id: 'w-1' }))).toBe(false);
  });

  it('an ADMIN manages accounts in its subtree only', () => {
    const nanyangAdmin = defineAbilityFor(staff(Role.ADMIN, ['41', '4113']));
    expect(nanyangAdmin.can('manage', subject('User', { visibleTo: visibleTo(FANJI) }))).toBe(true);
    expect(nanyangAdmin.can('manage', subject('User', { visibleTo: ['41', '4113'] }))).toBe(true);
    expect(nanyangAdmin.can('manage', subject('User', { visibleTo: visibleTo(ZHONGYUAN) }))).toBe(false);
    expect(nanyangAdmin.can('manage', subject('User', { visibleTo: ['41'] }))).toBe(false);
    // it manages accounts, not other records
    expect(nanyangAdmin.can('manage', subject('Case', { visibleTo: visibleTo(FANJI) }))).toBe(false);
  });

  it('staff other than ADMIN do not manage accounts, even in their own unit', () => {
    for (const role of [Role.SUPERVISOR, Role.SQUAD_LEADER, Role.INSPECTOR]) {
      const ability = defineAbilityFor(staff(role, ['41', '4113', '411329']));
      expect(ability.can('manage', subject('User', { visibleTo: visibleTo(FANJI) }))).toBe(false);
    }
  });

  it('an action with no matching rule is denied', () => {
    const insp = defineAbilityFor(staff(Role.INSPECTOR, FANJI));
    expect(insp.can('supervise', subject('Case', { visibleTo: visibleTo(FANJI) }))).toBe(false);
    expect(insp.can('manage', subject('Case', { visibleTo: visibleTo(FANJI) }))).toBe(false);
    const empty: AppAbility = createMongoAbility([]);
    expect(empty.can('read', subject('Case', { visibleTo: visibleTo(FANJI) }))).toBe(false);
    expect(empty.can('read', 'Case')).toBe(false);
  });

  it('for SQL, a worker has no rule on jurisdictional records (deny-all) and staff have exactly "visibleTo = my unit"', () => {
    expect(rulesToAST(defineAbilityFor(worker('w-1')), 'read', 'Case')).toBeNull();
    expect(rulesToAST(defineAbilityFor(staff(Role.INSPECTOR, FANJI)), 'manage', 'User')).toBeNull();
    expect(rulesToAST(defineAbilityFor(staff(Role.INSPECTOR, FANJI)), 'read', 'Case')).toMatchObject({
      operator: 'eq',
      field: 'visibleTo',
      value: '411329305',
    });
  });

  describe('the blacklist (人社部令第45号)', () => {
    const XINYE = ['41', '4113', '411329'];
    const fanjiCase = () => subject('Case', { handlingLine: FANJI, aboveHandling: FANJI.slice(0, -1), visibleTo: visibleTo(FANJI) });

    it('county-level bureaus and above on the handling line decide; townships, grid assistants, admins and other lines do not', () => {
      for (const role of [Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR]) {
        for (const path of [XINYE, ['41', '4113'], ['41']]) {
          expect([role, path.join('.'), defineAbilityFor(staff(role, path)).can('blacklist', fanjiCase())]).toEqual([role, path.join('.'), true]);
        }
        expect(defineAbilityFor(staff(role, FANJI)).can('blacklist', fanjiCase())).toBe(false);
        expect(defineAbilityFor(staff(role, ['41', '4113', '411302'])).can('blacklist', fanjiCase())).toBe(false);
        expect(defineAbilityFor(staff(role, ['41', '4101'])).can('blacklist', fanjiCase())).toBe(false);
      }
      expect(defineAbilityFor(staff(Role.ADMIN, XINYE)).can('blacklist', fanjiCase())).toBe(false);
      expect(defineAbilityFor(staff(Role.GRID_ASSISTANT, [...FANJI, '411329305212'])).can('blacklist', fanjiCase())).toBe(false);
      expect(defineAbilityFor(worker('w-1')).can('blacklist', fanjiCase())).toBe(false);
    });

    it('squad leaders of the handling line record an incident, at the township or above; inspectors and supervisors do not', () => {
      expect(defineAbilityFor(staff(Role.SQUAD_LEADER, FANJI)).can('recordIncident', fanjiCase())).toBe(true);
      expect(defineAbilityFor(staff(Role.SQUAD_LEADER, XINYE)).can('recordIncident', fanjiCase())).toBe(true);
      expect(defineAbilityFor(staff(Role.SQUAD_LEADER, WANGZHUANG)).can('recordIncident', fanjiCase())).toBe(false);
      expect(defineAbilityFor(staff(Role.INSPECTOR, FANJI)).can('recordIncident', fanjiCase())).toBe(false);
      expect(defineAbilityFor(staff(Role.SUPERVISOR, XINYE)).can('recordIncident', fanjiCase())).toBe(false);
    });

    it('an incident is confirmed at county level or above on its line, never by the person who recorded it', () => {
      const county = staff(Role.SUPERVISOR, XINYE);
      const leader = staff(Role.SQUAD_LEADER, XINYE);
      const recordedBy = (id: string) => subject('ArrearsIncident', { handlingLine: FANJI, recordedBy: id });
      expect(defineAbilityFor(county).can('confirm', recordedBy(leader.id))).toBe(true);
      expect(defineAbilityFor(leader).can('confirm', recordedBy(leader.id))).toBe(false);
      expect(defineAbilityFor(leader).can('confirm', recordedBy(county.id))).toBe(true);
      expect(defineAbilityFor(staff(Role.SQUAD_LEADER, FANJI)).can('confirm', recordedBy(county.id))).toBe(false);
      expect(defineAbilityFor(staff(Role.SUPERVISOR, ['41', '4101'])).can('confirm', recordedBy(leader.id))).toBe(false);
    });
  });
  describe('rules that used to live in services (one statement, here)', () => {
    const XINYE = ['41', '4113', '411329'];
    const unit = (path: string[]) => ({ code: path[path.length - 1], path: path.join('.') });
    const GRID = [...FANJI, '411329305201'];
    const OTHER_GRID = [...FANJI, '411329305202'];
    const WANGZHUANG_GRID = [...WANGZHUANG, '411329101201'];

    it('the subject builders name the units a rule looks at, from the province down', () => {
      expect(caseSubject({ handlingPath: FANJI.join('.') })).toMatchObject({ handlingLine: FANJI, aboveHandling: XINYE, visibleTo: [] });
      expect(incidentSubject({ handlingPath: FANJI.join('.') }, 'u-1')).toMatchObject({ handlingLine: FANJI, recordedBy: 'u-1' });
      expect(assistanceSubject(WANGZHUANG.join('.'))).toMatchObject({ toUnitLine: WANGZHUANG });
      expect(accountAt(FANJI.join('.'))).toMatchObject({ visibleTo: FANJI });
      expect(employerPlacement(unit(GRID), unit(FANJI))).toMatchObject({ placeCode: '411329305201', placeLine: GRID, registeredCode: '411329305', registeredLine: FANJI });
      expect(inspectionIn({ code: '411329305201', parentCode: '411329305' })).toMatchObject({ gridCode: '411329305201', townshipCode: '411329305' });
      expect(unitSubject({ path: FANJI.join('.') })).toMatchObject({ line: FANJI });
    });

    it('a county supervisor proposes a blacklist entry on a case its county handles, not on another county\'s', () => {
      const sup = defineAbilityFor(staff(Role.SUPERVISOR, XINYE));
      expect(sup.can('blacklist', caseSubject({ handlingPath: FANJI.join('.') }))).toBe(true);
      expect(sup.can('blacklist', caseSubject({ handlingPath: '41.4113.411302.411302001' }))).toBe(false);
    });

    it('a grid assistant registers in its own grid only, the employer registered in the grid or its township', () => {
      const grid = defineAbilityFor(staff(Role.GRID_ASSISTANT, GRID));
      expect(grid.can('register', employerPlacement(unit(GRID), unit(FANJI)))).toBe(true);
      expect(grid.can('register', employerPlacement(unit(GRID), unit(GRID)))).toBe(true);
      // another grid of the same township, or registered at the county: not its area
      expect(grid.can('register', employerPlacement(unit(OTHER_GRID), unit(FANJI)))).toBe(false);
      expect(grid.can('register', employerPlacement(unit(GRID), unit(XINYE)))).toBe(false);
      // without a grid the place is the registered unit: a township is not the assistant's grid
      expect(grid.can('register', employerPlacement(unit(FANJI), unit(FANJI)))).toBe(false);
    });

    it('bureau staff register where both the grid and the registered unit lie in their subtree; admins keep no register', () => {
      for (const role of [Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR]) {
        const county = defineAbilityFor(staff(role, XINYE));
        expect(county.can('register', employerPlacement(unit(GRID), unit(FANJI)))).toBe(true);
        expect(county.can('register', employerPlacement(unit(XINYE), unit(XINYE)))).toBe(true);
        const township = defineAbilityFor(staff(role, FANJI));
        expect(township.can('register', employerPlacement(unit(GRID), unit(FANJI)))).toBe(true);
        // a grid of the next township, or a registered unit above the caller
        expect(township.can('register', employerPlacement(unit(WANGZHUANG_GRID), unit(FANJI)))).toBe(false);
        expect(township.can('register', employerPlacement(unit(GRID), unit(XINYE)))).toBe(false);
      }
      expect(defineAbilityFor(staff(Role.ADMIN, XINYE)).can('register', employerPlacement(unit(GRID), unit(FANJI)))).toBe(false);
      expect(defineAbilityFor(worker('w-1')).can('register', employerPlacement(unit(GRID), unit(FANJI)))).toBe(false);
    });

    it("inspections are recorded by the grid's assistant and by the inspectors and squad leaders of its township", () => {
      const grid = inspectionIn({ code: '411329305201', parentCode: '411329305' });
      expect(defineAbilityFor(staff(Role.GRID_ASSISTANT, GRID)).can('inspect', grid)).toBe(true);
      expect(defineAbilityFor(staff(Role.GRID_ASSISTANT, OTHER_GRID)).can('inspect', grid)).toBe(false);
      expect(defineAbilityFor(staff(Role.INSPECTOR, FANJI)).can('inspect', grid)).toBe(true);
      expect(defineAbilityFor(staff(Role.SQUAD_LEADER, FANJI)).can('inspect', grid)).toBe(true);
      expect(defineAbilityFor(staff(Role.INSPECTOR, WANGZHUANG)).can('inspect', grid)).toBe(false);
      // the county's staff and supervisors do not record a grid's inspections
      expect(defineAbilityFor(staff(Role.INSPECTOR, XINYE)).can('inspect', grid)).toBe(false);
      expect(defineAbilityFor(staff(Role.SUPERVISOR, XINYE)).can('inspect', grid)).toBe(false);
    });

    it("an ADMIN sets the supervision phone of units in its subtree only; other roles of the unit do not", () => {
      const nanyang = defineAbilityFor(staff(Role.ADMIN, ['41', '4113']));
      expect(nanyang.can('configure', unitSubject({ path: FANJI.join('.') }))).toBe(true);
      expect(nanyang.can('configure', unitSubject({ path: '41.4113' }))).toBe(true);
      expect(nanyang.can('configure', unitSubject({ path: '41' }))).toBe(false);
      expect(nanyang.can('configure', unitSubject({ path: ZHONGYUAN.join('.') }))).toBe(false);
      expect(defineAbilityFor(staff(Role.SUPERVISOR, ['41', '4113'])).can('configure', unitSubject({ path: FANJI.join('.') }))).toBe(false);
    });

    it('only an ADMIN at province level loads holiday schedules', () => {
      expect(defineAbilityFor(staff(Role.ADMIN, ['41'])).can('load', 'HolidaySchedule')).toBe(true);
      expect(defineAbilityFor(staff(Role.ADMIN, ['41', '4113'])).can('load', 'HolidaySchedule')).toBe(false);
      expect(defineAbilityFor(staff(Role.ADMIN, XINYE)).can('load', 'HolidaySchedule')).toBe(false);
      expect(defineAbilityFor(staff(Role.SUPERVISOR, ['41'])).can('load', 'HolidaySchedule')).toBe(false);
    });

    it('an ADMIN creates accounts at units of its subtree (accountAt), not above it', () => {
      const county = defineAbilityFor(staff(Role.ADMIN, XINYE));
      expect(county.can('manage', accountAt(FANJI.join('.')))).toBe(true);
      expect(county.can('manage', accountAt('41.4113'))).toBe(false);
    });

    it('the asked unit and the units above it answer an assistance request; the asking unit does not', () => {
      const asked = assistanceSubject(WANGZHUANG.join('.'));
      expect(defineAbilityFor(staff(Role.INSPECTOR, WANGZHUANG)).can('answer', asked)).toBe(true);
      expect(defineAbilityFor(staff(Role.SUPERVISOR, XINYE)).can('answer', asked)).toBe(true);
      expect(defineAbilityFor(staff(Role.INSPECTOR, FANJI)).can('answer', asked)).toBe(false);
      expect(defineAbilityFor(staff(Role.GRID_ASSISTANT, GRID)).can('answer', asked)).toBe(false);
    });

    it('workers have no rule on cases, so a claim never shows them its case', () => {
      expect(defineAbilityFor(worker('w-1')).cannot('read', 'Case')).toBe(true);
      expect(defineAbilityFor(staff(Role.GRID_ASSISTANT, GRID)).cannot('read', 'Case')).toBe(false);
    });
  });
});
