import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { badInput } from '../../common/errors';
import { formatMoney, moneyFromDb } from '../../common/money';
import { isDateString, shanghaiEndOfDay, shanghaiStartOfDay } from '../../common/time';
import { AppAbility } from '../access/ability.factory';
import { visibleRows, withinSubtree } from '../access/visibility';
import { CASE_VISIBILITY } from '../cases/case-queries.service';
import { CLAIM_VISIBILITY } from '../wage-claims/wage-claims.service';
import { Unit } from '../units/unit.entity';
import { requireUnit } from '../units/units.service';
import { pathCodes, UnitLevel } from '../access/unit-level';
import { UnitStatsModel } from './stats.models';

/** The case_file column holding a case's ancestor at each level (GRID: the workplace). */
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

/**
 * Totals over a unit's subtree by handling unit, from case_file's denormalized level columns and
 * their covering indexes (an index-only aggregate, no rollup table to keep in step; see
 * docs/ARCHITECTURE.md). When the unit lies outside the caller's own subtree only the cases the
 * caller may see count (`visibleRows`: the visibility builder joins the caller's visibility rows).
 */
@Injectable()
export class StatsService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  /** `db`: where to read, a replica's manager from ReadRouter or the primary's. */
  async unitStats(ability: AppAbility, unitCode: string, from?: string | null, to?: string | null, db: EntityManager = this.ds.manager): Promise<UnitStatsModel> {
    const unit = await requireUnit(db, unitCode, 'unitCode');
    const [row] = await this.aggregate(db, ability, unit, null, from, to);
    return row ?? empty(unit.code);
  }

  async childUnitStats(ability: AppAbility, unitCode: string, from?: string | null, to?: string | null, db: EntityManager = this.ds.manager): Promise<UnitStatsModel[]> {
    const unit = await requireUnit(db, unitCode, 'unitCode');
    const childLevel = CHILD_LEVEL[unit.level];
    if (!childLevel) return [];
    const children: { code: string }[] = await db.query(`SELECT code FROM unit WHERE parent_code = $1 ORDER BY code`, [unit.code]);
    const rows = await this.aggregate(db, ability, unit, childLevel, from, to);
    const byCode = new Map(rows.map((r) => [r.unitCode, r]));
    return children.map((c) => byCode.get(c.code) ?? empty(c.code));
  }

  /**
   * One row for the unit (groupBy null) or one per child at `groupBy` level that has any data.
   * What the caller may see is the visibility builder's (`visibleRows`): nothing is added when
   * the caller's rules grant the unit's whole subtree, else the caller's visibility rows are joined.
   */
  private async aggregate(db: EntityManager, ability: AppAbility, unit: Unit, groupBy: UnitLevel | null, from?: string | null, to?: string | null): Promise<UnitStatsModel[]> {
    const now = this.clock.now();
    const range = this.range(from, to);
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
      // The unit's subtree, by the case's denormalized ancestor at the unit's level (the aggregate's covering index).
      .where(`c.${LEVEL_COLUMN[unit.level]} = :unitCode`, { unitCode: unit.code, now });
    visibleRows(qb, ability, 'read', CASE_VISIBILITY, unit);
    if (range.from) qb.andWhere('c.opened_at >= :from', { from: range.from });
    if (range.to) qb.andWhere('c.opened_at <= :to', { to: range.to });
    if (key) qb.addSelect(key, 'code').andWhere(`${key} IS NOT NULL`).groupBy(key);
    const cases: { code: string; open: number; overdue: number; closed: number; owed: string; recovered: string; workers: number }[] = (await qb.getRawMany()).map((r) => (key ? r : { ...r, code: unit.code }));
    const claims = await this.pendingClaims(db, ability, unit, groupBy, range);
    const codes = new Set([...cases.map((c) => c.code), ...claims.keys()]);
    const byCode = new Map(cases.map((c) => [c.code, c]));
    return [...codes].map((code) => {
      const c = byCode.get(code);
      return {
        unitCode: code,
        casesOpen: c?.open ?? 0,
        casesOverdue: c?.overdue ?? 0,
        casesClosed: c?.closed ?? 0,
        claimsPending: claims.get(code) ?? 0,
        amountOwed: formatMoney(moneyFromDb(c?.owed ?? '0')),
        amountRecovered: formatMoney(moneyFromDb(c?.recovered ?? '0')),
        workersAffected: c?.workers ?? 0,
      };
    });
  }

  /** Claims still waiting for an answer (few at any time: a partial index keeps them). */
  private async pendingClaims(db: EntityManager, ability: AppAbility, unit: Unit, groupBy: UnitLevel | null, range: { from?: Date; to?: Date }): Promise<Map<string, number>> {
    // GRID children: a claim's workplace is its grid when it names one.
    const key = !groupBy ? null : groupBy === UnitLevel.GRID ? `w.workplace_unit_code` : `ltree2text(subpath(u.path, ${pathCodes(unit.path).length}, 1))`;
    const qb = db
      .createQueryBuilder()
      .from('wage_claim', 'w')
      .innerJoin('unit', 'u', 'u.code = w.routed_unit_code')
      .select('count(*)::int', 'n')
      // Claims are routed to townships only: the join need not consider the grids.
      .where(`w.status = 'SUBMITTED'`)
      .andWhere(`u.level = 'TOWNSHIP'`)
      .andWhere(...withinSubtree('u.path', unit));
    visibleRows(qb, ability, 'read', CLAIM_VISIBILITY, unit);
    if (range.from) qb.andWhere('w.submitted_at >= :from', { from: range.from });
    if (range.to) qb.andWhere('w.submitted_at <= :to', { to: range.to });
    if (key) qb.addSelect(key, 'code').groupBy(key);
    const rows: { code?: string; n: number }[] = await qb.getRawMany();
    return new Map(rows.map((r) => [key ? r.code! : unit.code, r.n]));
  }

  private range(from?: string | null, to?: string | null): { from?: Date; to?: Date } {
    if (from && !isDateString(from)) throw badInput('from', 'from must be YYYY-MM-DD');
    if (to && !isDateString(to)) throw badInput('to', 'to must be YYYY-MM-DD');
    if (from && to && from > to) throw badInput('from', 'from must not be after to');
    return { from: from ? shanghaiStartOfDay(from) : undefined, to: to ? shanghaiEndOfDay(to) : undefined };
  }
}

function empty(unitCode: string): UnitStatsModel {
  return { unitCode, casesOpen: 0, casesOverdue: 0, casesClosed: 0, claimsPending: 0, amountOwed: '0.00', amountRecovered: '0.00', workersAffected: 0 };
}
