import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail becomes a hash chain (docs/ARCHITECTURE.md, "Audit trail"): every row gets a
 * gapless `seq` and `hash = HMAC(AUDIT_KEY, previous hash ‖ canonical row)`, computed by the
 * server (the key never reaches the database), plus who's unit, the kind of entry, the target
 * ids and a short detail. Rows written before this migration have no seq and stay outside the
 * chain. Deleting is allowed only to the archive command (a transaction-local setting) and only
 * for rows older than 184 days (等保 2.0: kept at least 6 months); `audit_anchor` keeps the last
 * archived row's seq and hash, so that the chain that remains still verifies.
 */
export class AuditChain1764900000000 implements MigrationInterface {
  name = 'AuditChain1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await q.query(`ALTER TABLE audit_log
      ADD COLUMN seq       bigint UNIQUE,
      ADD COLUMN kind      text   NOT NULL DEFAULT 'MUTATION',
      ADD COLUMN unit_code varchar(12),
      ADD COLUMN unit_path ltree,
      ADD COLUMN targets   text[] NOT NULL DEFAULT '{}',
      ADD COLUMN detail    text,
      ADD COLUMN hash      char(64)`);
    await q.query(`UPDATE audit_log SET targets = ARRAY[target] WHERE target IS NOT NULL`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN target`);
    await q.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    await q.query(`CREATE INDEX audit_log_unit_path_gist ON audit_log USING gist (unit_path)`);
    await q.query(`CREATE INDEX audit_log_at_idx ON audit_log (at)`);
    await q.query(`
      CREATE TABLE audit_anchor (
        only_row boolean  PRIMARY KEY DEFAULT true CHECK (only_row),
        seq      bigint   NOT NULL,
        hash     char(64) NOT NULL,
        at       timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('audit.archiving', true) = 'on'
           AND OLD.at < now() - interval '184 days' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await q.query(`
      CREATE FUNCTION audit_log_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_no_truncate()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_log_no_truncate ON audit_log`);
    await q.query(`DROP FUNCTION audit_log_no_truncate`);
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
    await q.query(`DROP TABLE audit_anchor`);
    await q.query(`DROP INDEX audit_log_at_idx`);
    await q.query(`DROP INDEX audit_log_unit_path_gist`);
    await q.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await q.query(`ALTER TABLE audit_log ADD COLUMN target text`);
    await q.query(`UPDATE audit_log SET target = targets[1]`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN seq, DROP COLUMN kind, DROP COLUMN unit_code, DROP COLUMN unit_path,
      DROP COLUMN targets, DROP COLUMN detail, DROP COLUMN hash`);
    await q.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
  }
}
