import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The supervision dashboard lists orders newest issued first, optionally only those issued within
 * a unit's subtree (a prefix of the issuing unit's division code), and pages on (issued_at, id).
 */
export class SupervisionOrderList1765200000000 implements MigrationInterface {
  name = 'SupervisionOrderList1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX supervision_order_issuer_idx ON supervision_order (issuing_unit_code varchar_pattern_ops, issued_at DESC, id DESC)`);
    await q.query(`CREATE INDEX supervision_order_issued_idx ON supervision_order (issued_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX supervision_order_issued_idx`);
    await q.query(`DROP INDEX supervision_order_issuer_idx`);
  }
}
