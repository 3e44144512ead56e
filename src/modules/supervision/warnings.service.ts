import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppAbility } from '../access/ability.factory';
import { applyVisibility, VisibilitySpec, withinSubtree } from '../access/visibility';
import { WarningModel } from './warning.model';
import { RiskLevel } from '../employers/risk-level.enum';

/** A warning is anchored to one unit: its path column is its visibility key. */
export const WARNING_VISIBILITY: VisibilitySpec = {
  subject: 'Warning',
  table: 'warning',
  sortColumn: 'raised_at',
  pathColumn: 'unit_path',
  columns: {},
};

/** A `warning` row (`SELECT w.*`). */
interface WarningRow {
  id: string;
  employer_id: string;
  unit_code: string;
  unit_path: string;
  level: RiskLevel;
  reasons: string[];
  raised_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
}

/** The most warnings `warnings` returns, worst first. */
export const WARNINGS_LIST_LIMIT = 1000;

@Injectable()
export class WarningsService {
  constructor(private readonly ds: DataSource) {}

  /**
   * Open warnings in a unit's subtree that the caller may see, worst first, newest first within a
   * level. `db`: where to read, a replica's manager from ReadRouter or the primary's.
   */
  async open(ability: AppAbility, unitCode: string, db: EntityManager = this.ds.manager): Promise<WarningModel[]> {
    const qb = db.createQueryBuilder().select('w.*').from('warning', 'w').where('w.resolved_at IS NULL');
    applyVisibility(qb, ability, 'read', WARNING_VISIBILITY);
    qb.andWhere(...withinSubtree('w.unit_path', unitCode));
    const rows = await qb
      .orderBy(`CASE w.level WHEN 'RED' THEN 3 WHEN 'ORANGE' THEN 2 WHEN 'YELLOW' THEN 1 ELSE 0 END`, 'DESC')
      .addOrderBy('w.raised_at', 'DESC')
      .limit(WARNINGS_LIST_LIMIT)
      .getRawMany<WarningRow>();
    return rows.map((r) => ({
      id: r.id,
      employerId: r.employer_id,
      unitCode: r.unit_code,
      level: r.level,
      reasons: r.reasons,
      raisedAt: new Date(r.raised_at),
      resolvedAt: r.resolved_at ? new Date(r.resolved_at) : null,
    }));
  }
}
