import { Injectable } from '@nestjs/common';
import type DataLoader from 'dataloader';
import { DataSource, EntityManager } from 'typeorm';
import { AppAbility } from '../access/ability.factory';
import { applyVisibility, VisibilitySpec, withinSubtree } from '../access/visibility';
import { RiskLevel } from '../employers/risk-level.enum';
import { Unit } from '../units/unit.entity';
import { WarningModel } from './warning.model';

/** A warning is anchored to one unit: its path column is its visibility key. */
export const WARNING_VISIBILITY: VisibilitySpec = {
  subject: 'Warning',
  table: 'warning',
  sortColumn: 'raised_at',
  pathColumn: 'unit_path',
  columns: {},
};

/** One row of the list: the warning and its employer. */
interface WarningRow {
  id: string;
  level: RiskLevel;
  reasons: string[];
  raised_ms: number;
  resolved_ms: number | null;
  unit_code: string;
  employer_id: string;
  employer_name: string;
  employer_credit_code: string | null;
  employer_risk_level: RiskLevel;
  employer_registered_unit_code: string | null;
  employer_grid_code: string | null;
}

/** The most warnings `warnings` returns, worst first. */
export const WARNINGS_LIST_LIMIT = 1000;

const RANK = `CASE w.level WHEN 'RED' THEN 3 WHEN 'ORANGE' THEN 2 WHEN 'YELLOW' THEN 1 ELSE 0 END`;

@Injectable()
export class WarningsService {
  constructor(private readonly ds: DataSource) {}

  /**
   * Open warnings in a unit's subtree that the caller may see, worst first, newest first within a
   * level, each with its employer (joined in: up to 1,000 rows, where a loader per row would cost a
   * round trip with a 1,000-id list and a resolver call per row) and its unit (`units`: the
   * request's unit loader, which serves the unit tree from memory). `db`: where to read, a
   * replica's manager from ReadRouter or the primary's.
   */
  async open(ability: AppAbility, unitCode: string, units: DataLoader<string, Unit | null>, db: EntityManager = this.ds.manager): Promise<WarningModel[]> {
    // The page first (the caller's open warnings of the subtree, worst first), then its employers:
    // a subtree may hold more warnings than a page, which need not be joined.
    const rows = await db
      .createQueryBuilder()
      // Times as epoch milliseconds (truncated, as node-postgres reads a timestamp) and the reasons as
      // JSON: a number and JSON.parse read 1,000 rows faster than the driver's text parsers.
      .select(['w.id AS id', 'w.level AS level', 'to_json(w.reasons) AS reasons', 'w.unit_code AS unit_code'])
      .addSelect([`floor(extract(epoch FROM w.raised_at) * 1000)::float8 AS raised_ms`, `floor(extract(epoch FROM w.resolved_at) * 1000)::float8 AS resolved_ms`])
      .addSelect(['e.id AS employer_id', 'e.name AS employer_name', 'e.credit_code AS employer_credit_code', 'e.risk_level AS employer_risk_level'])
      .addSelect(['e.registered_unit_code AS employer_registered_unit_code', 'e.grid_code AS employer_grid_code'])
      .from((page) => {
        page
          .select(['w.id AS id', 'w.employer_id AS employer_id', 'w.unit_code AS unit_code', 'w.level AS level', 'w.reasons AS reasons'])
          .addSelect(['w.raised_at AS raised_at', 'w.resolved_at AS resolved_at', `${RANK} AS rank`])
          .from('warning', 'w')
          .where('w.resolved_at IS NULL');
        applyVisibility(page, ability, 'read', WARNING_VISIBILITY);
        return page
          .andWhere(...withinSubtree('w.unit_path', unitCode))
          .orderBy(RANK, 'DESC')
          .addOrderBy('w.raised_at', 'DESC')
          .limit(WARNINGS_LIST_LIMIT);
      }, 'w')
      .innerJoin('employer', 'e', 'e.id = w.employer_id')
      .orderBy('w.rank', 'DESC')
      .addOrderBy('w.raised_at', 'DESC')
      .getRawMany<WarningRow>();
    const codes = [...new Set(rows.map((r) => r.unit_code))];
    const byCode = new Map((await units.loadMany(codes)).map((u, i) => [codes[i], u]));
    return rows.map((r) => {
      const unit = byCode.get(r.unit_code);
      if (!(unit instanceof Unit)) throw new Error(`warning ${r.id}: unit ${r.unit_code} not found`);
      return {
        id: r.id,
        level: r.level,
        reasons: r.reasons,
        raisedAt: new Date(r.raised_ms),
        resolvedAt: r.resolved_ms === null ? null : new Date(r.resolved_ms),
        employer: {
          id: r.employer_id,
          name: r.employer_name,
          creditCode: r.employer_credit_code,
          riskLevel: r.employer_risk_level,
          registeredUnitCode: r.employer_registered_unit_code,
          gridCode: r.employer_grid_code,
        },
        unit,
      };
    });
  }
}
