import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Grid supervision: employers seen by their registered unit and grid (employer_visibility),
 * inspections by grid assistants, early warnings (one open warning per employer, anchored to one
 * unit: unit_path), the blacklist (seen as its case is), and the overdue sweep's ledger, whose
 * primary key makes each OVERDUE event go out once per item and deadline across instances.
 */
export class GridSupervision1764500000000 implements MigrationInterface {
  name = 'GridSupervision1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE employer_visibility (
        unit_code varchar(12)    NOT NULL,
        sort_at   timestamptz(3) NOT NULL,
        record_id uuid           NOT NULL REFERENCES employer (id) ON DELETE CASCADE,
        PRIMARY KEY (unit_code, sort_at, record_id)
      )`);
    await q.query(`CREATE INDEX employer_visibility_record_idx ON employer_visibility (record_id)`);
    await q.query(`CREATE INDEX employer_grid_idx ON employer (grid_code) WHERE grid_code IS NOT NULL`);
    await q.query(`CREATE INDEX employer_registered_idx ON employer (registered_unit_code)`);

    await q.query(`
      CREATE TABLE inspection (
        id              uuid           PRIMARY KEY DEFAULT gen_random_uuid(),
        employer_id     uuid           NOT NULL REFERENCES employer (id),
        grid_code       varchar(12)    NOT NULL REFERENCES unit (code),
        inspector_id    uuid           NOT NULL REFERENCES app_user (id),
        inspected_at    timestamptz(3) NOT NULL,
        findings        text           NOT NULL,
        violation_found boolean        NOT NULL
      )`);
    await q.query(`CREATE INDEX inspection_employer_idx ON inspection (employer_id, inspected_at DESC)`);

    await q.query(`
      CREATE TABLE warning (
        id          uuid           PRIMARY KEY DEFAULT gen_random_uuid(),
        employer_id uuid           NOT NULL REFERENCES employer (id),
        unit_code   varchar(12)    NOT NULL REFERENCES unit (code),
        unit_path   ltree          NOT NULL,
        level       risk_level     NOT NULL,
        reasons     text[]         NOT NULL,
        raised_at   timestamptz(3) NOT NULL,
        updated_at  timestamptz(3) NOT NULL,
        resolved_at timestamptz(3)
      )`);
    await q.query(`CREATE UNIQUE INDEX warning_open_per_employer ON warning (employer_id) WHERE resolved_at IS NULL`);
    await q.query(`CREATE INDEX warning_open_path_gist ON warning USING gist (unit_path) WHERE resolved_at IS NULL`);

    await q.query(`CREATE TYPE blacklist_status AS ENUM ('PROPOSED', 'LISTED', 'REMOVED')`);
    await q.query(`
      CREATE TABLE blacklist_entry (
        id               uuid             PRIMARY KEY DEFAULT gen_random_uuid(),
        employer_id      uuid             NOT NULL REFERENCES employer (id),
        case_id          uuid             NOT NULL REFERENCES case_file (id),
        status           blacklist_status NOT NULL,
        reason           text             NOT NULL,
        proposed_at      timestamptz(3)   NOT NULL,
        proposed_by      uuid             NOT NULL REFERENCES app_user (id),
        objection_due_at timestamptz(3)   NOT NULL,
        listed_at        timestamptz(3),
        listed_by        uuid             REFERENCES app_user (id),
        expires_at       timestamptz(3),
        removed_at       timestamptz(3),
        removed_by       uuid             REFERENCES app_user (id),
        removal_reason   text
      )`);
    await q.query(`CREATE UNIQUE INDEX blacklist_active_per_case ON blacklist_entry (employer_id, case_id) WHERE status <> 'REMOVED'`);
    await q.query(`CREATE INDEX blacklist_employer_idx ON blacklist_entry (employer_id, status)`);
    await q.query(`CREATE INDEX blacklist_case_idx ON blacklist_entry (case_id)`);

    await q.query(`
      CREATE TABLE overdue_notice (
        kind    text           NOT NULL,
        item_id uuid           NOT NULL,
        due_at  timestamptz(3) NOT NULL,
        sent_at timestamptz(3) NOT NULL,
        PRIMARY KEY (kind, item_id, due_at)
      )`);
    await q.query(`CREATE INDEX supervision_order_due_idx ON supervision_order (due_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX supervision_order_due_idx`);
    for (const t of ['overdue_notice', 'blacklist_entry', 'warning', 'inspection', 'employer_visibility']) await q.query(`DROP TABLE ${t}`);
    await q.query(`DROP TYPE blacklist_status`);
    await q.query(`DROP INDEX employer_grid_idx`);
    await q.query(`DROP INDEX employer_registered_idx`);
  }
}
