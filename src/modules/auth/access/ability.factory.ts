import { AbilityBuilder, createMongoAbility, MongoAbility, MongoQuery, subject as asSubject } from '@casl/ability';
import { UnitLevel } from '../../grid/unit.entity';
import { Role } from '../role.enum';
import { CurrentUser } from './current-user';

/**
 * - read: see the record; note: add a case note
 * - open: open a case for a handling unit; act: work a case (orders, payments, requests, reports)
 * - lead: file, reject, extend, close (SQUAD_LEADER); relink: link, unlink, transfer
 * - designate: move an already transferred case (指定管辖); supervise: issue supervision orders
 * - answer: answer an assistance request; manage: manage accounts
 * - blacklist: propose, notify, hear and decide a listing on the 失信联合惩戒名单 and decide early
 *   removal (county-level bureaus and above on the case's handling line: 谁执法、谁认定、谁负责)
 * - recordIncident: record a 群体性事件/极端事件 the arrears caused (SQUAD_LEADER of the line)
 * - confirm: confirm such an incident (county-level and above, not the person who recorded it)
 * - audit: read the audit trail; verify: check the whole audit chain (province ADMIN)
 */
export type Action =
  | 'read'
  | 'note'
  | 'open'
  | 'act'
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
  | 'confirm';

/** Subjects are type names, or records tagged with one (see `subject`). */
// CASL's own shape for plain-object subjects and their Mongo-style conditions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AppAbility = MongoAbility<[Action, string | Record<string, any>], MongoQuery<Record<string, any>>>;

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
  // 一地办案，多地监管: staff see what is anchored in their subtree, wherever it is handled.
  can('read', 'all', { visibleTo: unit });
  can('note', 'Case', { visibleTo: unit });

  if (role === Role.INSPECTOR || role === Role.SQUAD_LEADER || role === Role.SUPERVISOR) {
    can('open', 'Case', { handlingLine: unit });
    can('relink', 'Case', { handlingLine: unit });
    can('answer', 'AssistanceRequest', { toUnitLine: unit });
  }
  if (role === Role.INSPECTOR || role === Role.SQUAD_LEADER) can('act', 'Case', { handlingLine: unit });
  if (role === Role.SQUAD_LEADER) can('lead', 'Case', { handlingLine: unit });
  if (role === Role.SQUAD_LEADER || role === Role.SUPERVISOR) can('supervise', 'Case', { aboveHandling: unit });
  if (role === Role.SUPERVISOR) can('designate', 'Case', { handlingLine: unit });
  if (role === Role.ADMIN) {
    can('manage', 'User', { visibleTo: unit });
    // 等保 2.0 security audit: an ADMIN reads what accounts of its subtree did.
    can('audit', 'AuditEntry', { visibleTo: unit });
    if (user.unitLevel === UnitLevel.PROVINCE) {
      // Workers and anonymous callers belong to no unit: their rows are the province's to read.
      can('audit', 'AuditEntry', { unitCode: null });
      can('verify', 'AuditChain');
    }
  }

  // 失信联合惩戒名单 (人社部令第45号 Art. 3, 5): decided by county-level bureaus and above for the
  // cases handled in their subtree; incidents are recorded by squad leaders of the handling line
  // and confirmed at county level or above by someone other than who recorded them.
  const bureau = role === Role.INSPECTOR || role === Role.SQUAD_LEADER || role === Role.SUPERVISOR;
  const countyOrAbove = user.unitLevel === UnitLevel.COUNTY || user.unitLevel === UnitLevel.CITY || user.unitLevel === UnitLevel.PROVINCE;
  if (bureau && countyOrAbove) {
    can('blacklist', 'Case', { handlingLine: unit });
    can('confirm', 'ArrearsIncident', { handlingLine: unit, recordedBy: { $ne: user.id } });
  }
  if (role === Role.SQUAD_LEADER) can('recordIncident', 'Case', { handlingLine: unit });
  return build();
}

/** Tags a plain record with its CASL subject type for in-memory checks. */
// `T` as CASL's asSubject constrains it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function subject<T extends Record<string, any>>(type: string, record: T): T {
  return asSubject(type, record);
}
