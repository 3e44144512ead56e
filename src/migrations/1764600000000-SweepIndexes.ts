import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The overdue sweep and the risk engine look for payment orders past due on cases not yet
 * closed; without this index that is a scan of every case each minute (0.6 s at 2M cases).
 */
export class SweepIndexes1764600000000 implements MigrationInterface {
  name = 'SweepIndexes1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX case_file_open_order_due_idx ON case_file (rectification_due_at) WHERE rectification_due_at IS NOT NULL AND status <> 'CLOSED'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX case_file_open_order_due_idx`);
  }
}
