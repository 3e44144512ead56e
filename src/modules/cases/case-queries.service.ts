import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource, EntityManager } from 'typeorm';
import { connectionOf, ConnectionShape, decodeAscCursor, decodeCursor, encodeAscCursor, encodeCursor, pageSize } from '../../common/graphql/connection';
import { prepared, SqlParams } from '../../common/db/sql';
import { LoaderRegistry } from '../access/request-context';
import { isUuid } from '../../common/uuid';
import { AppAbility } from '../access/ability.factory';
import { applyVisibility, subtreeCondition, unitsSeeing, visibilitySql, visibleCount, VisibilitySpec } from '../access/visibility';
import { Role } from '../access/role.enum';
import { UserEntity } from '../auth/user.entity';
import { CaseEntity } from './case.entity';
import { caseNotFound } from './case.errors';
import { CaseEventModel, CaseLinkModel, CaseRow, caseColumns } from './case.model';
import { CaseOrder } from './case.enums';
import { CaseFilter } from './dto/case.inputs';
import { LinkReason } from './case.enums';
import { CaseEventType } from './case-event.types';

/** A `case_link` row as the links loader selects it. */
interface CaseLinkRow {
  case_id: string;
  unit_code: string;
  reason: LinkReason;
  linked_at: Date;
}

/** A `case_event` row with its case's number, as the events loader selects it. */
interface CaseEventRow {
  case_id: string;
  number: string;
  at: Date;
  type: CaseEventType;
  actor_id: string | null;
  note: string | null;
}

/** A case is seen from its handling unit's line and from every linked unit's line. */
export const CASE_VISIBILITY: VisibilitySpec = {
  subject: 'Case',
  table: 'case_file',
  sortColumn: 'opened_at',
  visibilityTable: 'case_visibility',
  columns: {},
  anchorsSql: `SELECT id AS record_id, handling_unit_code AS unit_code FROM case_file WHERE id = ANY($1::uuid[])
                UNION SELECT case_id, unit_code FROM case_link WHERE case_id = ANY($1::uuid[])`,
};


/**
 * The URGENCY sort key: the active deadline, cases without one last. Written exactly as the
 * expression of `case_file_urgency_idx` (migration 1765400000000), so the planner can walk that
 * index in order (a province) as well as sort the few cases a township sees.
 */
export const URGENCY_KEY = `COALESCE(c.active_due_at, CAST('infinity' AS timestamptz))`;

/** The roles that can be assigned to a case (承办人). */
export const SQUAD_ROLES = [Role.INSPECTOR, Role.SQUAD_LEADER];

/** The units whose squad members may be assigned to a case: its county and its handling unit. */
export function squadUnits(handlingPath: string): string[] {
  const line = handlingPath.split('.');
  return line.slice(Math.min(2, line.length - 1));
}

/** Reads of cases: every one goes through the shared visibility predicate. */
@Injectable()
export class CaseQueriesService {
  constructor(private readonly ds: DataSource) {}

  /**
   * The case if the caller may see it, else NOT_FOUND (also for malformed ids). `lock` takes a
   * row lock for a command that will change it.
   */
  async findVisible(
    ability: AppAbility,
    key: { id: string } | { number: string },
    m: EntityManager = this.ds.manager,
  ): Promise<CaseEntity> {
    if ('id' in key && !isUuid(key.id)) throw caseNotFound();
    const qb = m.getRepository(CaseEntity).createQueryBuilder('c');
    applyVisibility(qb, ability, 'read', CASE_VISIBILITY);
    if ('id' in key) qb.andWhere('c.id = :id', { id: key.id });
    else qb.andWhere('c.number = :number', { number: key.number });
    const found = await qb.getOne();
    if (!found) throw caseNotFound();
    return found;
  }

  /**
   * Every case the caller may see, filtered, keyset-paginated: newest first, or by urgency (the
   * active deadline soonest first, overdue ones thus first, then id; see URGENCY_KEY). The hot
   * read of every console: one prepared statement of `columns` (caseColumns: what the query
   * selects), rows mapped as they come. `db` is where it reads: a replica's
   * manager for the `cases` query (ReadRouter), else the primary.
   */
  async list(
    ability: AppAbility,
    args: { first?: number | null; after?: string | null; filter?: CaseFilter | null; orderBy?: CaseOrder | null },
    now: Date,
    opts: { columns?: string; db?: EntityManager } = {},
  ): Promise<ConnectionShape<CaseRow>> {
    const db = opts.db ?? this.ds.manager;
    const first = pageSize(args.first);
    const urgency = args.orderBy === CaseOrder.URGENCY;
    // Checked before any SQL: a bad cursor is the caller's error, whatever the rules.
    const afterNewest = urgency ? null : decodeCursor(args.after);
    const afterUrgent = urgency ? decodeAscCursor(args.after) : null;
    const f = args.filter ?? {};
    const p = new SqlParams();
    const vis = visibilitySql(ability, 'read', CASE_VISIBILITY, 'c', p);
    const where = [vis.where];
    const list = (values: unknown[]) => values.map((v) => p.add(v)).join(', ');
    if (f.status?.length) where.push(`c.status IN (${list(f.status)})`);
    if (f.source?.length) where.push(`c.source IN (${list(f.source)})`);
    if (f.unitCode) where.push(subtreeCondition('c.handling_path', f.unitCode, 'path', p));
    if (f.overdue === true) where.push(`c.active_due_at < ${p.add(now)}`);
    if (f.overdue === false) {
      const at = p.add(now);
      where.push(`(c.active_due_at IS NULL OR c.active_due_at >= ${at})`);
    }
    if (f.employerCreditCode) where.push(`c.employer_id IN (SELECT id FROM employer WHERE credit_code = ${p.add(f.employerCreditCode.toUpperCase())})`);
    if (f.search?.trim()) {
      where.push(`c.search_text ILIKE ${p.add(`%${f.search.trim().toLowerCase().replace(/[\\%_]/g, '\\$&')}%`)} ESCAPE '\\'`);
    }
    const from = `FROM case_file c ${vis.join} WHERE ${where.join(' AND ')}`;
    const filterValues = [...p.values];
    const unfiltered = where.length === 1;
    // With no filter the total is the caller's visibility rows: an index-only count.
    const totalCount =
      (unfiltered ? visibleCount(db, CASE_VISIBILITY, vis) : undefined) ??
      (async () => Number((await prepared<{ n: string }>(db, `SELECT count(*) AS n ${from}`, filterValues))[0].n));
    const columns = opts.columns ?? caseColumns(null);

    if (urgency) {
      const after = afterUrgent;
      const key = URGENCY_KEY;
      const probe = new SqlParams();
      probe.values.push(...filterValues);
      const hasPreviousPage = after
        ? async () =>
            (await prepared(db, `SELECT 1 ${from} AND (${key}, c.id) <= (CAST(${probe.add(after.at)} AS timestamptz), CAST(${probe.add(after.id)} AS uuid))
               ORDER BY ${key} DESC, c.id DESC LIMIT 1`, probe.values)).length > 0
        : false;
      const page = after ? ` AND (${key}, c.id) > (CAST(${p.add(after.at)} AS timestamptz), CAST(${p.add(after.id)} AS uuid))` : '';
      const rows = await prepared<CaseRow>(db, `SELECT ${columns} ${from}${page} ORDER BY ${key} ASC, c.id ASC LIMIT ${p.add(first + 1)}`, p.values);
      return connectionOf(rows, first, totalCount, (c) => encodeAscCursor(c.activeDueAt, c.id), (c) => c, hasPreviousPage);
    }

    const after = afterNewest;
    const probe = new SqlParams();
    probe.values.push(...filterValues);
    const hasPreviousPage = after
      ? async () =>
          (await prepared(db, `SELECT 1 ${from} AND (${vis.sortAt}, ${vis.id}) >= (${probe.add(after.sortAt)}, ${probe.add(after.id)})
             ORDER BY ${vis.sortAt} ASC, ${vis.id} ASC LIMIT 1`, probe.values)).length > 0
      : false;
    const page = after ? ` AND (${vis.sortAt}, ${vis.id}) < (${p.add(after.sortAt)}, ${p.add(after.id)})` : '';
    const rows = await prepared<CaseRow>(
      db,
      `SELECT ${columns} ${from}${page} ORDER BY ${vis.sortAt} DESC, ${vis.id} DESC LIMIT ${p.add(first + 1)}`,
      p.values,
    );
    return connectionOf(rows, first, totalCount, (c) => encodeCursor(c.openedAt, c.id), (c) => c, hasPreviousPage);
  }

  /** Cases by id for nested fields, batched, through the visibility predicate (null when not visible). */
  visibleById(loaders: LoaderRegistry, ability: AppAbility): DataLoader<string, CaseEntity | null> {
    return loaders.get('visibleCaseById', () => new DataLoader(async (ids: readonly string[]) => {
      const qb = this.ds.getRepository(CaseEntity).createQueryBuilder('c');
      applyVisibility(qb, ability, 'read', CASE_VISIBILITY);
      const found = await qb.andWhere('c.id IN (:...ids)', { ids: ids.filter(isUuid) }).getMany();
      const byId = new Map(found.map((c) => [c.id, c]));
      return ids.map((id) => byId.get(id) ?? null);
    }));
  }

  /** Which of these cases the caller may see, in one query through the visibility predicate. */
  async visibleAmong(ability: AppAbility, ids: string[]): Promise<CaseEntity[]> {
    if (!ids.length) return [];
    const qb = this.ds.getRepository(CaseEntity).createQueryBuilder('c');
    applyVisibility(qb, ability, 'read', CASE_VISIBILITY);
    return qb.andWhere('c.id = ANY(:ids)', { ids }).getMany();
  }

  links(loaders: LoaderRegistry): DataLoader<string, CaseLinkModel[]> {
    return this.grouped(loaders, 'caseLinks', `SELECT case_id, unit_code, reason, linked_at FROM case_link WHERE case_id = ANY($1::uuid[]) ORDER BY linked_at`, (r: CaseLinkRow) => ({
      unitCode: r.unit_code,
      reason: r.reason,
      linkedAt: new Date(r.linked_at),
    }));
  }

  inspectorIds(loaders: LoaderRegistry): DataLoader<string, string[]> {
    return this.grouped(loaders, 'caseInspectors', `SELECT case_id, user_id FROM case_inspector WHERE case_id = ANY($1::uuid[]) ORDER BY position`, (r: { case_id: string; user_id: string }) => r.user_id);
  }

  events(loaders: LoaderRegistry): DataLoader<string, CaseEventModel[]> {
    return this.grouped(
      loaders,
      'caseEvents',
      `SELECT e.case_id, c.number, e.at, e.type, e.actor_id, e.note FROM case_event e JOIN case_file c ON c.id = e.case_id
       WHERE e.case_id = ANY($1::uuid[]) ORDER BY e.id`,
      (r: CaseEventRow) => ({ caseId: r.case_id, caseNumber: r.number, at: new Date(r.at), type: r.type, actorId: r.actor_id, note: r.note }),
    );
  }

  /** The units that see each case (its visibility rows), for in-memory CASL checks of the caller. */
  visibleUnits(loaders: LoaderRegistry): DataLoader<string, string[]> {
    return loaders.get('caseVisibleUnits', () => new DataLoader(async (ids: readonly string[]) => {
      const by = await unitsSeeing(this.ds, CASE_VISIBILITY, ids);
      return ids.map((id) => by.get(id)!);
    }));
  }

  /**
   * Rows of `sql` (which selects case_id and filters on $1) grouped by case, in the query's order;
   * `map` names the row's type (what `sql` selects).
   */
  grouped<R extends { case_id: string }, T>(loaders: LoaderRegistry, key: string, sql: string, map: (row: R) => T): DataLoader<string, T[]> {
    return loaders.get(key, () => new DataLoader(async (ids: readonly string[]) => {
      const found: R[] = await this.ds.query(sql, [[...ids]]);
      const byCase = new Map<string, T[]>(ids.map((id) => [id, []]));
      for (const row of found) byCase.get(row.case_id)?.push(map(row));
      return ids.map((id) => byCase.get(id)!);
    }));
  }

  /**
   * Who may be assigned to a case at filing (立案): inspectors and squad leaders of the handling
   * unit or of its county (see `squadUnits`), by name.
   */
  assignableInspectors(handlingPath: string): Promise<UserEntity[]> {
    return this.ds
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('u.unit_code IN (:...units)', { units: squadUnits(handlingPath) })
      .andWhere('u.role IN (:...roles)', { roles: SQUAD_ROLES })
      .orderBy('u.unit_code', 'DESC')
      .addOrderBy('u.display_name')
      .limit(200)
      .getMany();
  }

  users(ids: string[], m: EntityManager = this.ds.manager): Promise<UserEntity[]> {
    return ids.length ? m.getRepository(UserEntity).createQueryBuilder('u').where('u.id IN (:...ids)', { ids }).getMany() : Promise.resolve([]);
  }
}
