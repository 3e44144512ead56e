import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit rows are linked into the chain after their command commits (docs/ARCHITECTURE.md, "Audit
 * trail"). Appending under the chain lock held every command's commit, WAL flush included, one
 * after another: about 270 commits a second at most on a 2-core server, whatever else was cut.
 * A command now writes its row `pending` (content final, no seq, no hash) without a lock; a
 * chainer links the committed pending rows in batches under the lock, one WAL flush per batch.
 *
 * - `pending`: true from the insert until the row is linked, then NULL. Rows from before the chain
 *   (no seq, pending NULL) stay outside it as before.
 * - The append-only trigger lets exactly one change through: a pending row getting its seq and
 *   hash, pending cleared, every other column unchanged.
 * - A partial index finds the pending rows (a handful at any time), ordered by id.
 */
export class AuditChainAfterCommit1765500000000 implements MigrationInterface {
  name = 'AuditChainAfterCommit1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log ADD COLUMN pending boolean`);
    // Existing rows are all NULL: NOT VALID skips the scan, new rows are checked.
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_pending_unchained CHECK (pending IS NULL OR (pending AND seq IS NULL AND hash IS NULL)) NOT VALID`);
    await q.query(`CREATE INDEX audit_log_pending_idx ON audit_log (id) WHERE pending`);
    // Statistics that know the new column is all NULL: without them the planner guesses a third
    // of the rows pending and reads the whole table for them instead of the partial index.
    await q.query(`ANALYZE audit_log`);
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('audit.archiving', true) = 'on'
           AND OLD.at < now() - interval '184 days' THEN
          RETURN OLD;
        END IF;
        -- Linking: a pending row gets its place and hash once; nothing else changes.
        IF TG_OP = 'UPDATE' AND OLD.pending AND OLD.seq IS NULL AND OLD.hash IS NULL
           AND NEW.pending IS NULL AND NEW.seq IS NOT NULL AND NEW.hash IS NOT NULL
           AND (NEW.id, NEW.at, NEW.kind, NEW.action, NEW.user_id, NEW.unit_code, NEW.unit_path::text, NEW.targets, NEW.outcome, NEW.detail)
               IS NOT DISTINCT FROM
               (OLD.id, OLD.at, OLD.kind, OLD.action, OLD.user_id, OLD.unit_code, OLD.unit_path::text, OLD.targets, OLD.outcome, OLD.detail) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('audit.archiving', true) = 'on'
           AND OLD.at < now() - interval '184 days' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await q.query(`DROP INDEX audit_log_pending_idx`);
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_pending_unchained`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN pending`);
  }
}
