import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { badInput } from '../../common/errors';
import { formatMoney, moneyFromDb } from '../../common/money';
import { isDateString, shanghaiEndOfDay, shanghaiStartOfDay } from '../../common/time';
import { CurrentUser } from '../auth/access/current-user';
import { UnitStatsModel } from './grid.models';
import { Unit, UnitLevel } from './unit.entity';
import { requireUnit } from './units.service';

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
 * caller may see count (the shared visibility table, joined on the caller's unit).
 */
@Injectable()
export class StatsService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async unitStats(caller: CurrentUser, unitCode: string, from?: string | null, to?: string | null): Promise<UnitStatsModel> {
    const unit = await requireUnit(this.ds.manager, unitCode, 'unitCode');
    const [row] = await this.aggregate(caller, unit, null, from, to);
    return row ?? empty(unit.code);
  }

  async childUnitStats(caller: CurrentUser, unitCode: string, from?: string | null, to?: string | null): Promise<UnitStatsModel[]> {
    const unit = await requireUnit(this.ds.manager, unitCode, 'unitCode');
    const childLevel = CHILD_LEVEL[unit.level];
    if (!childLevel) return [];
    const children: { code: string }[] = await this.ds.query(`SELECT code FROM unit WHERE parent_code = $1 ORDER BY code`, [unit.code]);
    const rows = await this.aggregate(caller, unit, childLevel, from, to);
    const byCode = new Map(rows.map((r) => [r.unitCode, r]));
    return children.map((c) => byCode.get(c.code) ?? empty(c.code));
  }

  /** One row for the unit (groupBy null) or one per child at `groupBy` level that has any data. */
  private async aggregate(caller: CurrentUser, unit: Unit, groupBy: UnitLevel | null, from?: string | null, to?: string | null): Promise<UnitStatsModel[]> {
    const now = this.clock.now();
    const range = this.range(from, to);
    const covers = caller.unitPath.length > 0 && unit.path.split('.').includes(caller.unitCode!);
    const key = groupBy ? `c.${LEVEL_COLUMN[groupBy]}` : `$1::text`;
    const params: unknown[] = [unit.code, now];
    const where = [`c.${LEVEL_COLUMN[unit.level]} = $1`];
    let join = '';
    if (!covers) {
      params.push(caller.unitCode ?? '');
      join = `JOIN case_visibility v ON v.record_id = c.id AND v.unit_code = $${params.length}`;
    }
    if (range.from) {
      params.push(range.from);
      where.push(`c.opened_at >= $${params.length}`);
    }
    if (range.to) {
      params.push(range.to);
      where.push(`c.opened_at <= $${params.length}`);
    }
    const cases: { code: string; open: number; overdue: number; closed: number; owed: string; recovered: string; workers: number }[] = await this.ds.query(
      `SELECT ${key} AS code,
              count(*) FILTER (WHERE c.status NOT IN ('CLOSED', 'REJECTED'))::int AS open,
              count(*) FILTER (WHERE c.active_due_at < $2)::int AS overdue,
              count(*) FILTER (WHERE c.status = 'CLOSED')::int AS closed,
              COALESCE(sum(c.amount_owed), 0)::text AS owed,
              COALESCE(sum(c.amount_recovered), 0)::text AS recovered,
              COALESCE(sum(c.workers_affected), 0)::int AS workers
       FROM case_file c ${join}
       WHERE ${where.join(' AND ')} ${groupBy ? `AND ${key} IS NOT NULL GROUP BY ${key}` : ''}`,
      params,
    );
    const claims = await this.pendingClaims(caller, unit, groupBy, covers, range);
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
  private async pendingClaims(caller: CurrentUser, unit: Unit, groupBy: UnitLevel | null, covers: boolean, range: { from?: Date; to?: Date }): Promise<Map<string, number>> {
    const depth = unit.path.split('.').length;
    const params: unknown[] = [unit.path];
    // Claims are routed to townships only: the join need not consider the grids.
    const where = [`w.status = 'SUBMITTED'`, `u.level = 'TOWNSHIP'`, `u.path <@ $1::ltree`];
    if (!covers) {
      params.push(caller.unitCode ?? '');
      where.push(`EXISTS (SELECT 1 FROM wage_claim_visibility v WHERE v.record_id = w.id AND v.unit_code = $${params.length})`);
    }
    if (range.from) {
      params.push(range.from);
      where.push(`w.submitted_at >= $${params.length}`);
    }
    if (range.to) {
      params.push(range.to);
      where.push(`w.submitted_at <= $${params.length}`);
    }
    // GRID children: a claim's workplace is its grid when it names one.
    const key = !groupBy
      ? `$${params.push(unit.code)}::text`
      : groupBy === UnitLevel.GRID
        ? `w.workplace_unit_code`
        : `ltree2text(subpath(u.path, ${depth}, 1))`;
    const rows: { code: string; n: number }[] = await this.ds.query(
      `SELECT ${key} AS code, count(*)::int AS n FROM wage_claim w JOIN unit u ON u.code = w.routed_unit_code
       WHERE ${where.join(' AND ')} GROUP BY 1`,
      params,
    );
    return new Map(rows.map((r) => [r.code, r.n]));
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
