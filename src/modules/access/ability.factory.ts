/**
 * WHO MAY DO WHAT: every permission of the system is a rule in `defineAbilityFor` below, and
 * nothing else decides one. Services and resolvers ask `ability.can(action, subject)` (one loaded
 * record, in memory) or go through `applyVisibility` / `visibleRows` (visibility.ts: the same rules
 * as SQL); operations declare their roles with `@Roles` (the access guard).
 *
 * Index (action · subject: who):
 *   read · all records ............ staff: records anchored in their subtree; workers: own account, own claims
 *   note · Case ................... staff who see the case
 *   open, relink · Case ........... INSPECTOR, SQUAD_LEADER, SUPERVISOR on the handling line
 *   act · Case .................... INSPECTOR, SQUAD_LEADER on the handling line (orders, payments, requests, reports)
 *   lead · Case ................... SQUAD_LEADER on the handling line (file, reject, extend, close)
 *   supervise · Case .............. SQUAD_LEADER, SUPERVISOR strictly above the handling unit (挂牌督办)
 *   designate · Case .............. SUPERVISOR on the handling line (指定管辖: move a transferred case)
 *   answer · AssistanceRequest .... INSPECTOR, SQUAD_LEADER, SUPERVISOR of the asked unit or above (协查)
 *   blacklist · Case .............. INSPECTOR, SQUAD_LEADER, SUPERVISOR at county level or above on the
 *                                   handling line: propose, notify, hear, decide, remove (失信名单, 45号令)
 *   recordIncident · Case ......... SQUAD_LEADER on the handling line (群体性/极端事件)
 *   confirm · ArrearsIncident ..... county-level bureaus and above on the line, not who recorded it
 *   register · Employer ........... GRID_ASSISTANT: in its own grid, registered in the grid or its township;
 *                                   INSPECTOR, SQUAD_LEADER, SUPERVISOR: grid and registered unit in their subtree
 *   inspect · Inspection .......... GRID_ASSISTANT of the grid; INSPECTOR, SQUAD_LEADER of the grid's township
 *   manage · User ................. ADMIN, accounts of its subtree (create, deactivate, reactivate)
 *   configure · Unit .............. ADMIN, units of its subtree (监督电话)
 *   audit · AuditEntry ............ ADMIN, what accounts of its subtree did (province: also anonymous rows)
 *   verify · AuditChain ........... ADMIN at province level
 *   load · HolidaySchedule ........ ADMIN at province level (国务院办公厅 holiday notice)
 *
 * Subjects are built by the functions at the end of this file (`caseSubject`, `employerPlacement`,
 * ...): they name the units a rule looks at (a case's `handlingLine`, a record's `visibleTo`).
 * `test/unit/ability.spec.ts` has a case per rule.
 */
import { AbilityBuilder, createMongoAbility, MongoAbility, MongoQuery, subject as asSubject } from '@casl/ability';
import { Role } from './role.enum';
import { CurrentUser } from './current-user';
import { UnitLevel, pathCodes } from './unit-level';

/**
 * - read: see the record; note: add a case note
 * - open: open a case for a handling unit; act: work a case (orders, payments, requests, reports)
 * - attachClaim: join an accepted wage claim to an open case (并案): those who may act on the case,
 *   and the staff of the townships below a county that handles it (a claim is routed to a township)
 * - lead: file, reject, extend, close (SQUAD_LEADER); relink: link, unlink, transfer
 * - designate: move an already transferred case (指定管辖); supervise: issue supervision orders
 * - answer: answer an assistance request; manage: manage accounts
 * - blacklist: propose, notify, hear and decide a listing on the 失信联合惩戒名单 and decide early
 *   removal (county-level bureaus and above on the case's handling line: 谁执法、谁认定、谁负责)
 * - recordIncident: record a 群体性事件/极端事件 the arrears caused (SQUAD_LEADER of the line)
 * - confirm: confirm such an incident (county-level and above, not the person who recorded it)
 * - register: put an employer on the register of a unit and a grid (两网化), or move it to a grid
 * - inspect: record a grid inspection of an employer
 * - configure: set a unit's configuration (its supervision phone)
 * - audit: read the audit trail; verify: check the whole audit chain (province ADMIN)
 * - load: load the official holiday schedule of a year (province ADMIN)
 *
 * (CASL reads `manage` as "every action"; it is used only for accounts, which ADMINs may do
 * everything with. New actions get their own name.)
 */
export type Action =
  | 'read'
  | 'note'
  | 'open'
  | 'act'
  | 'attachClaim'
  | 'lead'
  | 'relink'
  | 'designate'
  | 'supervise'
  | 'answer'
  | 'manage'
  | 'audit'
  | 'verify'
  | 'blacklist'
  | 'recordIncident'
  | 'confirm'
  | 'register'
  | 'inspect'
  | 'configure'
  | 'load';

/** Subjects are type names, or records tagged with one (see `subject`). */
// CASL's own shape for plain-object subjects and their Mongo-style conditions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AppAbility = MongoAbility<[Action, string | Record<string, any>], MongoQuery<Record<string, any>>>;

/** The roles of a labour inspection bureau (监察机构), as against grid assistants and admins. */
const BUREAU: Role[] = [Role.INSPECTOR, Role.SQUAD_LEADER, Role.SUPERVISOR];
const COUNTY_OR_ABOVE: (UnitLevel | null)[] = [UnitLevel.COUNTY, UnitLevel.CITY, UnitLevel.PROVINCE];

/**
 * The single statement of who may do what. Jurisdictional records carry `visibleTo`: the codes of
 * every unit that may see them (each ancestor-or-self of each unit the record is anchored to). In
 * memory CASL matches it as "the array contains my unit"; in SQL (visibility.ts) the same rule
 * becomes an index range scan on the record's visibility table. Cases also carry `handlingLine`
 * (the handling unit and every unit above it) and `aboveHandling` (the units strictly above).
 */
export function defineAbilityFor(user: CurrentUser): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  if (user.role === Role.WORKER) {
    can('read', 'User', { id: user.id });
    can('read', 'WageClaim', { claimantId: user.id });
    return build();
  }
  const unit = user.unitCode!;
  const role = user.role;
  const bureau = BUREAU.includes(role);
  const countyOrAbove = COUNTY_OR_ABOVE.includes(user.unitLevel);

  // 一地办案，多地监管: staff see what is anchored in their subtree, wherever it is handled.
  can('read', 'all', { visibleTo: unit });
  can('note', 'Case', { visibleTo: unit });

  // ---------------------------------------------------------------- cases
  if (bureau) {
    can('open', 'Case', { handlingLine: unit });
    can('relink', 'Case', { handlingLine: unit });
    can('answer', 'AssistanceRequest', { toUnitLine: unit });
  }
  if (role === Role.INSPECTOR || role === Role.SQUAD_LEADER) {
    can('act', 'Case', { handlingLine: unit });
    can('attachClaim', 'Case', { handlingLine: unit });
    can('attachClaim', 'Case', { handlingUnit: { $in: user.unitPath } });
  }
  if (role === Role.SQUAD_LEADER) can('lead', 'Case', { handlingLine: unit });
  if (role === Role.SQUAD_LEADER || role === Role.SUPERVISOR) can('supervise', 'Case', { aboveHandling: unit });
  if (role === Role.SUPERVISOR) can('designate', 'Case', { handlingLine: unit });

  // ---------------------------------------------------------------- 失信联合惩戒名单
  // 人社部令第45号 Art. 3, 5: decided by county-level bureaus and above for the cases handled in
  // their subtree; incidents are recorded by squad leaders of the handling line and confirmed at
  // county level or above by someone other than who recorded them.
  if (bureau && countyOrAbove) {
    can('blacklist', 'Case', { handlingLine: unit });
    can('confirm', 'ArrearsIncident', { handlingLine: unit, recordedBy: { $ne: user.id } });
  }
  if (role === Role.SQUAD_LEADER) can('recordIncident', 'Case', { handlingLine: unit });

  // ---------------------------------------------------------------- 两网化: the employer register
  if (role === Role.GRID_ASSISTANT) {
    // Its own grid, registered there or at the grid's township: a grid assistant's whole area.
    const township = user.unitPath[user.unitPath.length - 2];
    can('register', 'Employer', { placeCode: unit, registeredCode: { $in: [unit, township] } });
    can('inspect', 'Inspection', { gridCode: unit });
  }
  if (bureau) can('register', 'Employer', { placeLine: unit, registeredLine: unit });
  if (role === Role.INSPECTOR || role === Role.SQUAD_LEADER) can('inspect', 'Inspection', { townshipCode: unit });

  // ---------------------------------------------------------------- administration
  if (role === Role.ADMIN) {
    can('manage', 'User', { visibleTo: unit });
    can('configure', 'Unit', { line: unit });
    // 等保 2.0 security audit: an ADMIN reads what accounts of its subtree did.
    can('audit', 'AuditEntry', { visibleTo: unit });
    if (user.unitLevel === UnitLevel.PROVINCE) {
      // Workers and anonymous callers belong to no unit: their rows are the province's to read.
      can('audit', 'AuditEntry', { unitCode: null });
      can('verify', 'AuditChain');
      // The calendar is national; a province's ADMIN loads the State Council's notice.
      can('load', 'HolidaySchedule');
    }
  }
  return build();
}

/** Tags a plain record with its CASL subject type for in-memory checks. */
// `T` as CASL's asSubject constrains it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function subject<T extends Record<string, any>>(type: string, record: T): T {
  return asSubject(type, record);
}

// ---------------------------------------------------------------- subjects: the units a rule looks at

/**
 * A case for its rules: `handlingLine` (the handling unit and every unit above), `aboveHandling`
 * (the units strictly above) and `visibleTo` (the case's visibility rows, for rules that follow
 * what a unit sees, e.g. `note`).
 */
export function caseSubject(c: { handlingPath: string }, visibleTo: string[] = []) {
  const line = pathCodes(c.handlingPath);
  return subject('Case', { handlingUnit: line[line.length - 1], handlingLine: line, aboveHandling: line.slice(0, -1), visibleTo });
}

/** An incident on a case (handled at `handlingPath`), recorded by `recordedBy`. */
export function incidentSubject(c: { handlingPath: string }, recordedBy: string | null) {
  return subject('ArrearsIncident', { handlingLine: pathCodes(c.handlingPath), recordedBy });
}

/** An assistance request addressed to the unit at `toUnitPath`. */
export function assistanceSubject(toUnitPath: string) {
  return subject('AssistanceRequest', { toUnitLine: pathCodes(toUnitPath) });
}

/** An account at the unit at `unitPath` (before it exists: may the caller create one there?). */
export function accountAt(unitPath: string) {
  return subject('User', { visibleTo: pathCodes(unitPath) });
}

/** An employer's place on the register: its grid (or, without one, its registered unit) and its registered unit. */
export function employerPlacement(place: { code: string; path: string }, registered: { code: string; path: string }) {
  return subject('Employer', { placeCode: place.code, placeLine: pathCodes(place.path), registeredCode: registered.code, registeredLine: pathCodes(registered.path) });
}

/** An inspection in a grid (whose parent is its township). */
export function inspectionIn(grid: { code: string; parentCode: string | null }) {
  return subject('Inspection', { gridCode: grid.code, townshipCode: grid.parentCode });
}

/** A unit, for its configuration. */
export function unitSubject(unit: { path: string }) {
  return subject('Unit', { line: pathCodes(unit.path) });
}
