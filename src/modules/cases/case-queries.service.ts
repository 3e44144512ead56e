import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource, EntityManager } from 'typeorm';
import { ConnectionShape, keysetAscendingPage, keysetPage } from '../../common/graphql/connection';
import { LoaderRegistry } from '../access/request-context';
import { isUuid } from '../../common/uuid';
import { AppAbility } from '../access/ability.factory';
import { applyVisibility, unitsSeeing, visibleCount, VisibilitySpec, withinSubtree } from '../access/visibility';
import { Role } from '../access/role.enum';
import { UserEntity } from '../auth/user.entity';
import { CaseEntity } from './case.entity';
import { caseNotFound } from './case.errors';
import { CaseEventModel, CaseLinkModel } from './case.model';
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
   * active deadline soonest first, overdue ones thus first, then id; see URGENCY_KEY). `db` is
   * where it reads: a replica's manager for the `cases` query (ReadRouter), else the primary.
   */
  async list(
    ability: AppAbility,
    args: { first?: number | null; after?: string | null; filter?: CaseFilter | null; orderBy?: CaseOrder | null },
    now: Date,
    db: EntityManager = this.ds.manager,
  ): Promise<ConnectionShape<CaseEntity>> {
    const f = args.filter ?? {};
    const qb = db.getRepository(CaseEntity).createQueryBuilder('c');
    const sort = applyVisibility(qb, ability, 'read', CASE_VISIBILITY);
    if (f.status?.length) qb.andWhere('c.status IN (:...statuses)', { statuses: f.status });
    if (f.source?.length) qb.andWhere('c.source IN (:...sources)', { sources: f.source });
    if (f.unitCode) qb.andWhere(...withinSubtree('c.handling_path', f.unitCode));
    if (f.overdue === true) qb.andWhere('c.active_due_at < :now', { now });
    if (f.overdue === false) qb.andWhere('(c.active_due_at IS NULL OR c.active_due_at >= :now)', { now });
    if (f.employerCreditCode) {
      qb.andWhere('c.employer_id IN (SELECT id FROM employer WHERE credit_code = :cc)', { cc: f.employerCreditCode.toUpperCase() });
    }
    if (f.search?.trim()) {
      qb.andWhere(`c.search_text ILIKE :search ESCAPE '\\'`, { search: `%${f.search.trim().toLowerCase().replace(/[\\%_]/g, '\\$&')}%` });
    }
    const unfiltered = !f.status?.length && !f.source?.length && !f.unitCode && f.overdue == null && !f.employerCreditCode && !f.search?.trim();
    // With no filter the total is the caller's visibility rows: an index-only count.
    const count = unfiltered ? visibleCount(db, CASE_VISIBILITY, sort) : undefined;
    if (args.orderBy === CaseOrder.URGENCY) {
      return keysetAscendingPage(qb, { key: URGENCY_KEY, id: 'c.id' }, args, (c) => ({ at: c.activeDueAt, id: c.id }), count);
    }
    return keysetPage(qb, sort, args, (c) => ({ sortAt: c.openedAt, id: c.id }), count);
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
