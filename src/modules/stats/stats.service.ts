import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { prepared } from '../../common/db/sql';
import { badInput } from '../../common/errors';
import { yuanFromDb } from '../../common/money';
import { isDateString, shanghaiEndOfDay, shanghaiStartOfDay } from '../../common/time';
import { AppAbility } from '../access/ability.factory';
import { seesWholeSubtree, visibleRows, withinSubtree } from '../access/visibility';
import { CASE_VISIBILITY } from '../cases/case-queries.service';
import { CLAIM_VISIBILITY } from '../wage-claims/wage-claims.service';
import { Unit } from '../units/unit.entity';
import { requireUnit, UnitsService } from '../units/units.service';
import { pathCodes, UnitLevel } from '../access/unit-level';
import { UnitStatsModel } from './stats.models';

/** The case_file column holding a case's ancestor at each level (GRID: the workplace); case_unit_stats has the same. */
const LEVEL_COLUMN: Record<UnitLevel, string> = {
  [UnitLevel.PROVINCE]: 'province_code',
  [UnitLevel.CITY]: 'city_code',
  [UnitLevel.COUNTY]: 'county_code',
  [UnitLevel.TOWNSHIP]: 'township_code',
  [UnitLevel.GRID]: 'workplace_unit_code',
};
const CHILD_LEVEL: Partial<Record<UnitLevel, UnitLevel>> = {
  [UnitLevel.PROVINCE]: UnitLevel.CITY,
  [UnitLevel.CITY]: UnitLevel.COUNTY,
  [UnitLevel.COUNTY]: UnitLevel.TOWNSHIP,
  [UnitLevel.TOWNSHIP]: UnitLevel.GRID,
};
/** The length of a unit's code at each level (division codes are prefixes of their descendants'). */
const CODE_LENGTH: Record<UnitLevel, number> = {
  [UnitLevel.PROVINCE]: 2,
  [UnitLevel.CITY]: 4,
  [UnitLevel.COUNTY]: 6,
  [UnitLevel.TOWNSHIP]: 9,
  [UnitLevel.GRID]: 12,
};
/** The levels of a path's codes from the province down: the columns the counters are keyed by. */
const PATH_LEVELS = [UnitLevel.PROVINCE, UnitLevel.CITY, UnitLevel.COUNTY, UnitLevel.TOWNSHIP];

type Range = { from?: Date; to?: Date };
/** A unit's figures, without the unit. */
type Totals = Omit<UnitStatsModel, 'unit'>;
/** One row of a cases aggregate (`code`: the unit, or the child, it counts). */
interface CaseTotals {
  code: string;
  open: number;
  overdue: number;
  closed: number;
  owed: string;
  recovered: string;
  workers: number;
}

const EMPTY: Totals = { casesOpen: 0, casesOverdue: 0, casesClosed: 0, claimsPending: 0, amountOwed: '0.00', amountRecovered: '0.00', workersAffected: 0 };

/**
 * Totals over a unit's subtree by handling unit (docs/ARCHITECTURE.md, statistics). The cases come
 * from one of two sources, which give the same numbers:
 * - the counters of `case_unit_stats` (one row per township and workplace, kept by triggers on
 *   case_file in the writing transaction), the overdue cases counted from the cases that have a
 *   running deadline: when no dates are given and the caller may see every case of the subtree
 *   (`seesWholeSubtree`), the dashboard's every request;
 * - the cases themselves, from case_file's denormalized level columns and their covering
 *   indexes: when dates bound openedAt (counters have no dates), for a grid, and when the caller
 *   sees only part of the subtree (`visibleRows` then joins the caller's visibility rows).
 * Pending claims come from the partial index of the SUBMITTED claims, by routed township code.
 */
@Injectable()
export class StatsService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly units: UnitsService,
  ) {}

  /** `db`: where to read, a replica's manager from ReadRouter or the primary's. */
  async unitStats(ability: AppAbility, unitCode: string, from?: string | null, to?: string | null, db: EntityManager = this.ds.manager): Promise<UnitStatsModel> {
    const unit = await this.unit(db, unitCode);
    const totals = await this.aggregate(db, ability, unit, null, this.range(from, to));
    return { ...(totals.get(unit.code) ?? EMPTY), unit };
  }

  async childUnitStats(ability: AppAbility, unitCode: string, from?: string | null, to?: string | null, db: EntityManager = this.ds.manager): Promise<UnitStatsModel[]> {
    const unit = await this.unit(db, unitCode);
    const childLevel = CHILD_LEVEL[unit.level];
    if (!childLevel) return [];
    const range = this.range(from, to);
    const [children, totals] = await Promise.all([this.units.children(unit.code), this.aggregate(db, ability, unit, childLevel, range)]);
    return children.map((child) => ({ ...(totals.get(child.code) ?? EMPTY), unit: child }));
  }

  /** The unit an argument names (the unit tree is read once and kept, see UnitsService); BAD_USER_INPUT when none. */
  private async unit(db: EntityManager, code: string): Promise<Unit> {
    return (await this.units.findByCode(code)) ?? requireUnit(db, code, 'unitCode');
  }

  /** The totals of the unit (groupBy null) or of each child at `groupBy` level that has any data, by unit code. */
  private async aggregate(db: EntityManager, ability: AppAbility, unit: Unit, groupBy: UnitLevel | null, range: Range): Promise<Map<string, Totals>> {
    const counted = !range.from && !range.to && unit.level !== UnitLevel.GRID && seesWholeSubtree(ability, 'read', CASE_VISIBILITY, unit);
    const [cases, claims] = await Promise.all([
      counted ? this.casesFromCounters(db, unit, groupBy) : this.casesFromRows(db, ability, unit, groupBy, range),
      this.pendingClaims(db, ability, unit, groupBy, range),
    ]);
    const byCode = new Map(cases.map((c) => [c.code, c]));
    const totals = new Map<string, Totals>();
    for (const code of new Set([...byCode.keys(), ...claims.keys()])) {
      const c = byCode.get(code);
      totals.set(code, {
        casesOpen: c?.open ?? 0,
        casesOverdue: c?.overdue ?? 0,
        casesClosed: c?.closed ?? 0,
        claimsPending: claims.get(code) ?? 0,
        amountOwed: yuanFromDb(c?.owed ?? '0'),
        amountRecovered: yuanFromDb(c?.recovered ?? '0'),
        workersAffected: c?.workers ?? 0,
      });
    }
    return totals;
  }

  /**
   * From the counters, for a province, city, county or township whose whole subtree the caller
   * sees: its rows of case_unit_stats are an equality prefix of the unique index (the codes of
   * its path), and its overdue cases one range of `case_file_running_due_idx` (the cases with a
   * running deadline only). One prepared statement.
   */
  private async casesFromCounters(db: EntityManager, unit: Unit, groupBy: UnitLevel | null): Promise<CaseTotals[]> {
    const codes = pathCodes(unit.path);
    // The counters' township is COALESCE(township_code, ''), as in their unique index.
    const prefix = (alias: string, counters: boolean) =>
      codes
        .map((_, i) => {
          const column = `${alias}.${LEVEL_COLUMN[PATH_LEVELS[i]]}`;
          return `${counters && PATH_LEVELS[i] === UnitLevel.TOWNSHIP ? `COALESCE(${column}, '')` : column} = $${i + 1}`;
        })
        .join(' AND ');
    const key = (alias: string) => (groupBy ? `${alias}.${LEVEL_COLUMN[groupBy]}` : `''::text`);
    const grouped = (alias: string) => (groupBy ? ` AND ${key(alias)} IS NOT NULL GROUP BY 1` : '');
    const rows = await prepared<CaseTotals>(
      db,
      `WITH totals AS (
         SELECT ${key('s')} AS code, sum(s.cases_open) AS open, sum(s.cases_closed) AS closed,
                sum(s.amount_owed) AS owed, sum(s.amount_recovered) AS recovered, sum(s.workers_affected) AS workers
         FROM case_unit_stats s WHERE ${prefix('s', true)}${grouped('s')}
       ), overdue AS (
         SELECT ${key('c')} AS code, count(*) AS n
         FROM case_file c WHERE ${prefix('c', false)} AND c.active_due_at < $${codes.length + 1}${grouped('c')}
       )
       SELECT COALESCE(t.code, o.code) AS code, COALESCE(t.open, 0)::int AS open, COALESCE(o.n, 0)::int AS overdue,
              COALESCE(t.closed, 0)::int AS closed, COALESCE(t.owed, 0)::text AS owed, COALESCE(t.recovered, 0)::text AS recovered,
              COALESCE(t.workers, 0)::int AS workers
       FROM totals t FULL JOIN overdue o ON o.code = t.code`,
      [...codes, this.clock.now()],
    );
    return groupBy ? rows : rows.map((r) => ({ ...r, code: unit.code }));
  }

  /**
   * From the cases, by the case's denormalized ancestor at the unit's level (the covering index of
   * that level), counting what the caller may see (`visibleRows`) and bounded by the dates.
   */
  private async casesFromRows(db: EntityManager, ability: AppAbility, unit: Unit, groupBy: UnitLevel | null, range: Range): Promise<CaseTotals[]> {
    const key = groupBy ? `c.${LEVEL_COLUMN[groupBy]}` : null;
    const qb = db
      .createQueryBuilder()
      .from('case_file', 'c')
      .select(`count(*) FILTER (WHERE c.status NOT IN ('CLOSED', 'REJECTED'))::int`, 'open')
      .addSelect(`count(*) FILTER (WHERE c.active_due_at < :now)::int`, 'overdue')
      .addSelect(`count(*) FILTER (WHERE c.status = 'CLOSED')::int`, 'closed')
      .addSelect(`COALESCE(sum(c.amount_owed), 0)::text`, 'owed')
      .addSelect(`COALESCE(sum(c.amount_recovered), 0)::text`, 'recovered')
      .addSelect(`COALESCE(sum(c.workers_affected), 0)::int`, 'workers')
      .where(`c.${LEVEL_COLUMN[unit.level]} = :unitCode`, { unitCode: unit.code, now: this.clock.now() });
    visibleRows(qb, ability, 'read', CASE_VISIBILITY, unit);
    if (range.from) qb.andWhere('c.opened_at >= :from', { from: range.from });
    if (range.to) qb.andWhere('c.opened_at <= :to', { to: range.to });
    if (key) qb.addSelect(key, 'code').andWhere(`${key} IS NOT NULL`).groupBy(key);
    const rows: CaseTotals[] = await qb.getRawMany();
    return key ? rows : rows.map((r) => ({ ...r, code: unit.code }));
  }

  /**
   * Claims still waiting for an answer, by the township they are routed to: one prefix range of
   * the unit's code on the partial index of SUBMITTED claims (`withinSubtree` by code), index-only
   * with the workplace and the submission time. GRID children: a claim's workplace is its grid
   * when it names one.
   */
  private async pendingClaims(db: EntityManager, ability: AppAbility, unit: Unit, groupBy: UnitLevel | null, range: Range): Promise<Map<string, number>> {
    const key = !groupBy ? null : groupBy === UnitLevel.GRID ? `w.workplace_unit_code` : `left(w.routed_unit_code, ${CODE_LENGTH[groupBy]})`;
    const qb = db
      .createQueryBuilder()
      .from('wage_claim', 'w')
      .select('count(*)::int', 'n')
      .where(`w.status = 'SUBMITTED'`)
      // A bound parameter, planned with its value each time: the prefix range is derived from it.
      .andWhere(...withinSubtree('w.routed_unit_code', unit, 'code'));
    visibleRows(qb, ability, 'read', CLAIM_VISIBILITY, unit);
    if (range.from) qb.andWhere('w.submitted_at >= :from', { from: range.from });
    if (range.to) qb.andWhere('w.submitted_at <= :to', { to: range.to });
    if (key) qb.addSelect(key, 'code').groupBy(key);
    const rows: { code?: string; n: number }[] = await qb.getRawMany();
    return new Map(rows.map((r) => [key ? r.code! : unit.code, r.n]));
  }

  private range(from?: string | null, to?: string | null): Range {
    if (from && !isDateString(from)) throw badInput('from', 'from must be YYYY-MM-DD');
    if (to && !isDateString(to)) throw badInput('to', 'to must be YYYY-MM-DD');
    if (from && to && from > to) throw badInput('from', 'from must not be after to');
    return { from: from ? shanghaiStartOfDay(from) : undefined, to: to ? shanghaiEndOfDay(to) : undefined };
  }
}
