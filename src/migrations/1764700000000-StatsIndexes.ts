import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statistics at 2M cases and 5M claims (bench/README.md):
 * - pending claims by routed township: without it every unitStats read all pending claims of the
 *   country (~100k, 200-290 ms at any level); with it 11 ms at province, 1 ms at county;
 * - autovacuum after 1% of a table changes instead of 20%, so that the visibility maps stay
 *   current and the statistics' covering indexes are read index-only (a few thousand new cases
 *   made the province aggregate 2x and the city aggregate 6-10x slower until a VACUUM).
 */
export class StatsIndexes1764700000000 implements MigrationInterface {
  name = 'StatsIndexes1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX wage_claim_pending_unit_idx ON wage_claim (routed_unit_code) WHERE status = 'SUBMITTED'`);
    for (const table of ['case_file', 'wage_claim']) {
      await q.query(`ALTER TABLE ${table} SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['case_file', 'wage_claim']) {
      await q.query(`ALTER TABLE ${table} RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_scale_factor)`);
    }
    await q.query(`DROP INDEX wage_claim_pending_unit_idx`);
  }
}
