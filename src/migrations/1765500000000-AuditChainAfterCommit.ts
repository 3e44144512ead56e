import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit rows are linked into the chain after their command commits (docs/ARCHITECTURE.md, "Audit
 * trail"). Appending under the chain lock held every command's commit, WAL flush included, one
 * after another: about 270 commits a second at most on a 2-core server, whatever else was cut.
 *
 * A command now writes its row into `audit_pending` (the content, final) without a lock; a chainer
 * moves the committed pending rows into audit_log in batches under the lock, each with its seq and
 * hash, one WAL flush per batch. audit_log itself is unchanged and stays append-only. Pending rows
 * cannot be changed; they are deleted only by the chainer, as it moves them (a transaction-local
 * setting, as for the archive), and the table cannot be truncated.
 */
export class AuditChainAfterCommit1765500000000 implements MigrationInterface {
  name = 'AuditChainAfterCommit1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_pending (
        id        bigserial   PRIMARY KEY,
        at        timestamptz NOT NULL,
        kind      text        NOT NULL,
        action    text        NOT NULL,
        user_id   uuid,
        unit_code varchar(12),
        targets   text[]      NOT NULL DEFAULT '{}',
        outcome   text        NOT NULL,
        detail    text
      )`);
    await q.query(`
      CREATE FUNCTION audit_pending_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('audit.chaining', true) = 'on' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_pending rows are only moved into the chain';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_pending_guard BEFORE UPDATE OR DELETE ON audit_pending
      FOR EACH ROW EXECUTE FUNCTION audit_pending_guard()`);
    await q.query(`
      CREATE TRIGGER audit_pending_no_truncate BEFORE TRUNCATE ON audit_pending
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_no_truncate()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_pending`);
    await q.query(`DROP FUNCTION audit_pending_guard`);
  }
}
