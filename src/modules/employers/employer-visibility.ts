import { VisibilitySpec } from '../access/visibility';

/** Employers are seen from their registered unit's line and their grid's line. */
export const EMPLOYER_VISIBILITY: VisibilitySpec = {
  subject: 'Employer',
  table: 'employer',
  sortColumn: 'created_at',
  visibilityTable: 'employer_visibility',
  columns: {},
  anchorsSql: `SELECT id AS record_id, registered_unit_code AS unit_code FROM employer WHERE id = ANY($1::uuid[]) AND registered_unit_code IS NOT NULL
                UNION SELECT id, grid_code FROM employer WHERE id = ANY($1::uuid[]) AND grid_code IS NOT NULL`,
};
