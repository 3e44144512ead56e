import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The overdue sweep looks every minute for blacklist statement windows that just ended and repair
 * applications past their 15 working days: two small partial indexes keep that off the tables.
 */
export class BlacklistClocks1765000000002 implements MigrationInterface {
  name = 'BlacklistClocks1765000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX blacklist_proposed_due_idx ON blacklist_entry (objection_due_at) WHERE status = 'PROPOSED'`);
    await q.query(`CREATE INDEX blacklist_repair_due_idx ON blacklist_repair (decision_due_at) WHERE decided_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX blacklist_repair_due_idx`);
    await q.query(`DROP INDEX blacklist_proposed_due_idx`);
  }
}
