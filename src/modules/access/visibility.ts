import { rulesToAST } from '@casl/ability/extra';
import { Brackets, ObjectLiteral, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';
import { AppAbility, Action, subject } from './ability.factory';
import { pathCodes } from './unit-level';
import { SqlParams, SqlRunner } from '../../common/db/sql';

/**
 * How one record type is seen by jurisdiction. Its visibility table has one row per unit that may
 * see a record (unit_code, sort_at, record_id), primary key in that order: the newest records
 * visible to a unit are one backward index range scan, at a township as at a province. Records
 * anchored to one unit need no table: `pathColumn` (an ltree path on GiST) or `anchorCode`.
 */
export interface VisibilitySpec {
  /** CASL subject type. */
  subject: string;
  /** Record table. */
  table: string;
  /** The record's sort key (newest first), copied into the visibility rows. */
  sortColumn: string;
  /**
   * Table of (unit_code, sort_at, record_id) rows. A record type may use another's: blacklist
   * entries are seen exactly as their case is (recordIdColumn 'case_id' over case_visibility).
   */
  visibilityTable?: string;
  /** The record column matched against the visibility table's record_id (default 'id'). */
  recordIdColumn?: string;
  /**
   * For a record anchored to exactly one unit: an ltree column holding that unit's path, so that
   * "visible to X" is `path ~ '*.X.*'` on a GiST index and no visibility table is needed.
   */
  pathColumn?: string;
  /**
   * For a record anchored to exactly one unit, named by its code in `column`, the anchor always at
   * the same level: division codes are prefixes of their descendants' codes, so the units that see
   * the record are the anchor and its code's prefixes of `prefixLengths` digits (the levels above
   * it). "Visible to X" is `left(column, length(X)) = X`, or `column = X` for any other length;
   * each level has an index on (that expression, sortColumn, id), so the newest records visible to
   * a unit are one index range scan read backwards, as with a visibility table, with no row to write.
   */
  anchorCode?: { column: string; prefixLengths: number[] };
  /** CASL condition fields other than `visibleTo`, mapped to columns of the record table. */
  columns: Record<string, string>;
  /** SQL listing (record_id, unit_code) anchors for the records whose ids are in $1 (uuid[]). */
  anchorsSql?: string;
}

const VIS = 'vis';
let paramSeq = 0;

/**
 * The one place that turns the caller's CASL rules for `action` on a record type into SQL and adds
 * it to a query: every list, count, aggregate and look-up goes through here. No rule means no row.
 * Returns the ORDER BY expressions to page on (the visibility table's when it was joined), and
 * the unit whose visibility rows drive the query, if any.
 */
export function applyVisibility<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  ability: AppAbility,
  action: Action,
  spec: VisibilitySpec,
): { sortAt: string; id: string; drivingUnit?: string } {
  const alias = qb.alias;
  const plan = planVisibility(ability, action, spec);
  if (!plan) {
    qb.andWhere('1 = 0');
    return { sortAt: `${alias}.${spec.sortColumn}`, id: `${alias}.id` };
  }
  if (plan.driving && spec.anchorCode) {
    // The record's own sort order on the level's index: the condition alone drives it.
    qb.andWhere(new Brackets((w) => where(w, plan.ast, spec, alias)));
    return { sortAt: `${alias}.${spec.sortColumn}`, id: `${alias}.id`, drivingUnit: plan.driving };
  }
  if (plan.driving) {
    const p = param();
    qb.innerJoin(spec.visibilityTable!, VIS, `${VIS}.record_id = ${alias}.${spec.recordIdColumn ?? 'id'} AND ${VIS}.unit_code = :${p}`, {
      [p]: plan.driving,
    });
    if (plan.rest) qb.andWhere(new Brackets((w) => where(w, plan.rest!, spec, alias)));
    return { sortAt: `${VIS}.sort_at`, id: `${VIS}.record_id`, drivingUnit: plan.driving };
  }
  qb.andWhere(new Brackets((w) => where(w, plan.rest!, spec, alias)));
  return { sortAt: `${alias}.${spec.sortColumn}`, id: `${alias}.id` };
}

/** `applyVisibility` for hand-written SQL with positional parameters (the hot lists). */
export interface VisibilitySql {
  /** The JOIN of the driving unit's visibility rows, or ''. */
  join: string;
  /** The rest of the rules as one condition ('FALSE' when no rule grants anything). */
  where: string;
  sortAt: string;
  id: string;
  drivingUnit?: string;
}

/**
 * The caller's rules for `action` as SQL over the record table aliased `alias`, with positional
 * parameters added to `params`: the same predicate `applyVisibility` adds to a query builder.
 */
export function visibilitySql(ability: AppAbility, action: Action, spec: VisibilitySpec, alias: string, params: SqlParams): VisibilitySql {
  const plan = planVisibility(ability, action, spec);
  const bind = positionalBinder(params);
  const own = { sortAt: `${alias}.${spec.sortColumn}`, id: `${alias}.id` };
  if (!plan) return { join: '', where: 'FALSE', ...own };
  if (plan.driving && spec.anchorCode) return { join: '', where: toSql(plan.ast, spec, alias, bind), ...own, drivingUnit: plan.driving };
  const rest = plan.rest ? toSql(plan.rest, spec, alias, bind) : 'TRUE';
  if (!plan.driving) return { join: '', where: rest, ...own };
  return {
    join: `JOIN ${spec.visibilityTable} ${VIS} ON ${VIS}.record_id = ${alias}.${spec.recordIdColumn ?? 'id'} AND ${VIS}.unit_code = ${params.add(plan.driving)}`,
    where: rest,
    sortAt: `${VIS}.sort_at`,
    id: `${VIS}.record_id`,
    drivingUnit: plan.driving,
  };
}

/**
 * The rules for `action` as a tree, and when a top-level "visibleTo = X" can drive the query from
 * the visibility index, X and the rest. Null when no rule grants anything.
 */
type Plan = { ast: Node; driving?: string; rest: Node | null } | null;
/** Plans by ability, spec and action: an ability is never changed once built, and a session's is kept (SessionService). */
const plans = new WeakMap<AppAbility, Map<VisibilitySpec, Map<Action, Plan>>>();

function planVisibility(ability: AppAbility, action: Action, spec: VisibilitySpec): Plan {
  let bySpec = plans.get(ability);
  if (!bySpec) plans.set(ability, (bySpec = new Map()));
  let byAction = bySpec.get(spec);
  if (!byAction) bySpec.set(spec, (byAction = new Map()));
  let plan = byAction.get(action);
  if (plan === undefined) byAction.set(action, (plan = makePlan(ability, action, spec)));
  return plan;
}

function makePlan(ability: AppAbility, action: Action, spec: VisibilitySpec): Plan {
  const ast = rulesToAST(ability, action, spec.subject) as Node | null;
  if (!ast) return null;
  const driving = spec.visibilityTable || spec.anchorCode ? topLevelVisibleTo(ast) : null;
  if (!driving) return { ast, rest: ast };
  return { ast, driving: String(driving.value), rest: withoutNode(ast, driving) };
}

// ---------------------------------------------------------------- the helpers every other query uses
//
// Nothing outside this file writes a predicate on a visibility table or a subtree filter: lists
// call `withinSubtree` / `anchoredWithin` for their `unitCode` filter, aggregates `visibleRows`,
// an unfiltered list's total `visibleCount`, in-memory checks of `visibleTo` rules `unitsSeeing`.

/**
 * Keeps the rows whose `column` lies in a unit's subtree (the `unitCode` filter of a list).
 * `kind` 'path': the column is an ltree path (`<@`, GiST); 'code': the column is a unit code, kept
 * by a prefix range (division codes are prefixes of their descendants' codes; a
 * `varchar_pattern_ops` index serves it). `unit` is a unit code, or a unit whose path is known.
 * Returns the condition and its parameters, for `andWhere(...)`.
 */
export function withinSubtree(column: string, unit: string | { path: string }, kind: 'path' | 'code' = 'path'): [string, Record<string, unknown>] {
  const bind = namedBinder();
  return [subtreeSql(column, unit, kind, bind), bind.params];
}

/** `withinSubtree` for hand-written SQL with positional parameters. */
export function subtreeCondition(column: string, unit: string | { path: string }, kind: 'path' | 'code', params: SqlParams): string {
  return subtreeSql(column, unit, kind, positionalBinder(params));
}

function subtreeSql(column: string, unit: string | { path: string }, kind: 'path' | 'code', bind: Binder): string {
  if (kind === 'code') {
    const code = typeof unit === 'string' ? unit : pathCodes(unit.path).pop()!;
    return `${column} LIKE ${bind.one(`${code.replace(/[\\%_]/g, '\\$&')}%`)}`;
  }
  if (typeof unit === 'string') return `${column} <@ (SELECT path FROM unit WHERE code = ${bind.one(unit)})`;
  return `${column} <@ CAST(${bind.one(unit.path)} AS ltree)`;
}

/**
 * Keeps the records anchored in a unit's subtree, i.e. the records that unit itself sees: its
 * rows in the record type's visibility table (the `unitCode` filter of records with several
 * anchors, such as employers and claims). Returns the condition and its parameters.
 */
export function anchoredWithin(spec: VisibilitySpec, alias: string, unitCode: string): [string, Record<string, unknown>] {
  const bind = namedBinder();
  return [toSql({ operator: 'eq', field: 'visibleTo', value: unitCode }, spec, alias, bind), bind.params];
}

/**
 * For an aggregate already limited to one unit's subtree (`within`, e.g. statistics): when the
 * caller's rules grant every record anchored in that subtree nothing is added, so the aggregate
 * stays an index-only scan; otherwise the rows are filtered exactly as `applyVisibility` does. The
 * CASL rules decide: the caller must be granted `action` on a record anchored at the unit itself
 * by a rule on `visibleTo` alone (then every record below, which the unit's whole line sees, is
 * granted too).
 */
export function visibleRows<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  ability: AppAbility,
  action: Action,
  spec: VisibilitySpec,
  within: { path: string },
): void {
  if (!seesWholeSubtree(ability, action, spec, within)) applyVisibility(qb, ability, action, spec);
}

/**
 * Whether the caller's rules grant `action` on every record anchored in the unit's subtree: the
 * case where `visibleRows` adds nothing, so that totals kept per unit of that subtree (e.g.
 * case_unit_stats) are exactly what the caller may see. When it is false, count the records
 * themselves through `visibleRows`.
 */
export function seesWholeSubtree(ability: AppAbility, action: Action, spec: VisibilitySpec, within: { path: string }): boolean {
  return grantsSubtree(ability, action, spec.subject, within.path);
}

function grantsSubtree(ability: AppAbility, action: Action, type: string, path: string): boolean {
  if (ability.rulesFor(action, type).some((r) => r.inverted)) return false;
  const rule = ability.relevantRuleFor(action, subject(type, { visibleTo: pathCodes(path) }));
  if (!rule || rule.inverted) return false;
  // Only "visibleTo contains X" is monotone: a record anchored lower down has more units, never fewer.
  return Object.entries(rule.conditions ?? {}).every(([field, value]) => field === 'visibleTo' && typeof value === 'string');
}

/**
 * The total of an unfiltered list that `applyVisibility` drove from a visibility table: the
 * driving unit's rows, an index-only count. Undefined when there is no such shortcut (the rules
 * did not drive the query, or the record type borrows another's table).
 */
export function visibleCount(db: SqlRunner, spec: VisibilitySpec, sort: { drivingUnit?: string }): (() => Promise<number>) | undefined {
  if (!sort.drivingUnit || !spec.visibilityTable || !spec.anchorsSql) return undefined;
  const unit = sort.drivingUnit;
  return async () => Number((await db.query(`SELECT count(*) AS n FROM ${spec.visibilityTable} WHERE unit_code = $1`, [unit]))[0].n);
}

/** The units that see each record (its visibility rows), for in-memory checks of rules on `visibleTo`. */
export async function unitsSeeing(db: SqlRunner, spec: VisibilitySpec, ids: readonly string[]): Promise<Map<string, string[]>> {
  if (!spec.visibilityTable || !spec.anchorsSql) throw new Error(`${spec.subject} has no visibility table of its own`);
  const by = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (!ids.length) return by;
  const rows: { record_id: string; unit_code: string }[] = await db.query(
    `SELECT record_id, unit_code FROM ${spec.visibilityTable} WHERE record_id = ANY($1::uuid[])`,
    [[...ids]],
  );
  for (const r of rows) by.get(r.record_id)?.push(r.unit_code);
  return by;
}

/**
 * Rewrites the visibility rows of the given records from their anchors: every ancestor-or-self of
 * every anchor unit. Call it in the transaction that changes a record's anchors (`fresh`: records
 * inserted in this transaction, which have no rows to delete).
 */
export async function refreshVisibility(db: SqlRunner, spec: VisibilitySpec, ids: string[], opts: { fresh?: boolean } = {}): Promise<void> {
  if (!ids.length) return;
  if (!spec.visibilityTable || !spec.anchorsSql) throw new Error(`${spec.subject} has no visibility table of its own`);
  // A record inserted in this transaction has no rows yet.
  if (!opts.fresh) await db.query(`DELETE FROM ${spec.visibilityTable} WHERE record_id = ANY($1::uuid[])`, [ids]);
  await db.query(
    `INSERT INTO ${spec.visibilityTable} (unit_code, sort_at, record_id)
     SELECT DISTINCT anc.code, r.${spec.sortColumn}, r.id
     FROM (${spec.anchorsSql}) anchor
     JOIN unit u ON u.code = anchor.unit_code
     JOIN ${spec.table} r ON r.id = anchor.record_id
     CROSS JOIN LATERAL unnest(string_to_array(u.path::text, '.')) AS anc(code)`,
    [ids],
  );
}

// ---------------------------------------------------------------- CASL AST to SQL

interface FieldNode {
  operator: string;
  field: string;
  value: unknown;
}
interface CompoundNode {
  operator: 'and' | 'or' | 'not';
  value: Node[];
}
type Node = FieldNode | CompoundNode;

const isCompound = (n: Node): n is CompoundNode => Array.isArray(n.value) && ['and', 'or', 'not'].includes(n.operator);

function topLevelVisibleTo(ast: Node): FieldNode | null {
  if (!isCompound(ast)) return ast.field === 'visibleTo' && ast.operator === 'eq' ? ast : null;
  if (ast.operator !== 'and') return null;
  const hits = ast.value.filter((n) => !isCompound(n) && n.field === 'visibleTo' && n.operator === 'eq');
  return hits.length === 1 ? (hits[0] as FieldNode) : null;
}

function withoutNode(ast: Node, node: Node): Node | null {
  if (ast === node) return null;
  const rest = (ast as CompoundNode).value.filter((n) => n !== node);
  return rest.length ? { operator: 'and', value: rest } : null;
}

function param(): string {
  paramSeq = (paramSeq + 1) % 1_000_000;
  return `acl${paramSeq}`;
}

/** How a condition's values enter its SQL: TypeORM's named parameters, or positional ones. */
interface Binder {
  one(value: unknown): string;
  /** A parenthesised list for IN. */
  many(values: unknown[]): string;
}

function namedBinder(): Binder & { params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  return {
    params,
    one(value) {
      const p = param();
      params[p] = value;
      return `:${p}`;
    },
    many(values) {
      const p = param();
      params[p] = values;
      return `(:...${p})`;
    },
  };
}

function positionalBinder(params: SqlParams): Binder {
  return { one: (value) => params.add(value), many: (values) => `(${values.map((v) => params.add(v)).join(', ')})` };
}

function where(w: WhereExpressionBuilder, node: Node, spec: VisibilitySpec, alias: string): void {
  const bind = namedBinder();
  w.where(toSql(node, spec, alias, bind), bind.params);
}

const OPS: Record<string, string> = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' };

function toSql(node: Node, spec: VisibilitySpec, alias: string, bind: Binder): string {
  if (isCompound(node)) {
    if (node.operator !== 'not' && node.value.length === 0) return node.operator === 'and' ? 'TRUE' : 'FALSE';
    const parts = node.value.map((n) => toSql(n, spec, alias, bind));
    if (node.operator === 'not') return `NOT (${parts.join(' AND ')})`;
    return `(${parts.join(node.operator === 'and' ? ' AND ' : ' OR ')})`;
  }
  if (node.field === 'visibleTo') {
    if (node.operator !== 'eq') throw new Error(`visibleTo supports only equality, got ${node.operator}`);
    if (spec.pathColumn) return `${alias}.${spec.pathColumn} ~ CAST(${bind.one(`*.${node.value}.*`)} AS lquery)`;
    if (spec.anchorCode) {
      const code = String(node.value);
      const { column, prefixLengths } = spec.anchorCode;
      // The length is the code's own, a digit count written into the SQL: each level's index expression.
      if (prefixLengths.includes(code.length)) return `left(${alias}.${column}, ${code.length}) = ${bind.one(code)}`;
      return `${alias}.${column} = ${bind.one(code)}`;
    }
    return `EXISTS (SELECT 1 FROM ${spec.visibilityTable} v WHERE v.record_id = ${alias}.${spec.recordIdColumn ?? 'id'} AND v.unit_code = ${bind.one(node.value)})`;
  }
  const column = spec.columns[node.field];
  if (!column) throw new Error(`${spec.subject}.${node.field} has no column for access rules`);
  if (node.value === null && (node.operator === 'eq' || node.operator === 'ne')) {
    return `${alias}.${column} IS ${node.operator === 'eq' ? '' : 'NOT '}NULL`;
  }
  if (node.operator === 'in') return `${alias}.${column} IN ${bind.many(node.value as unknown[])}`;
  if (node.operator === 'nin') return `${alias}.${column} NOT IN ${bind.many(node.value as unknown[])}`;
  const op = OPS[node.operator];
  if (!op) throw new Error(`operator ${node.operator} is not supported in access rules`);
  return `${alias}.${column} ${op} ${bind.one(node.value)}`;
}
