import { MigrationInterface, QueryRunner } from 'typeorm';

/** An ADMIN may deactivate an account (离岗、调离): it can no longer log in, and its sessions end. */
export class AccountDeactivation1764910000000 implements MigrationInterface {
  name = 'AccountDeactivation1764910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user ADD COLUMN deactivated_at timestamptz, ADD COLUMN deactivated_by uuid REFERENCES app_user (id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user DROP COLUMN deactivated_at, DROP COLUMN deactivated_by`);
  }
}
