import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wage claims from workers. Idempotent per (claimant, idempotency_key); routed to the township of
 * the workplace and seen there through wage_claim_visibility; the worker's own list is an index
 * range scan on (claimant_id, submitted_at). Claimant data stays on the account (encrypted).
 */
export class WageClaims1764400000000 implements MigrationInterface {
  name = 'WageClaims1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE claim_status AS ENUM ('SUBMITTED', 'ACCEPTED', 'REJECTED', 'WITHDRAWN', 'RESOLVED')`);
    await q.query(`CREATE SEQUENCE wage_claim_number_seq`);
    await q.query(`
      CREATE TABLE wage_claim (
        id                     uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
        number                 text          NOT NULL UNIQUE,
        status                 claim_status  NOT NULL,
        claimant_id            uuid          NOT NULL REFERENCES app_user (id),
        idempotency_key        text          NOT NULL,
        input_hash             char(64)      NOT NULL,
        employer_name          text          NOT NULL,
        employer_name_key      text          NOT NULL,
        employer_credit_code   char(18),
        project_name           text,
        workplace_unit_code    varchar(12)   NOT NULL REFERENCES unit (code),
        routed_unit_code       varchar(12)   NOT NULL REFERENCES unit (code),
        amount_owed            numeric(14,2) NOT NULL CHECK (amount_owed > 0),
        period_from            date          NOT NULL,
        period_to              date          NOT NULL CHECK (period_from <= period_to),
        workers_affected       int           NOT NULL CHECK (workers_affected BETWEEN 1 AND 10000),
        description            text          NOT NULL,
        submitted_at           timestamptz(3) NOT NULL,
        response_due_at        timestamptz   NOT NULL,
        response_due_provisional boolean     NOT NULL DEFAULT false,
        case_id                uuid          REFERENCES case_file (id),
        decided_at             timestamptz,
        decided_by             uuid          REFERENCES app_user (id),
        reject_reason          text,
        version                int           NOT NULL DEFAULT 1,
        UNIQUE (claimant_id, idempotency_key)
      )`);
    await q.query(`CREATE INDEX wage_claim_claimant_idx ON wage_claim (claimant_id, submitted_at DESC, id DESC)`);
    await q.query(`CREATE INDEX wage_claim_case_idx ON wage_claim (case_id) WHERE case_id IS NOT NULL`);
    await q.query(`CREATE INDEX wage_claim_pending_due_idx ON wage_claim (response_due_at) WHERE status = 'SUBMITTED'`);
    await q.query(`CREATE INDEX wage_claim_employer_idx ON wage_claim (employer_credit_code, submitted_at)`);
    await q.query(`CREATE INDEX wage_claim_employer_name_idx ON wage_claim (employer_name_key, submitted_at)`);
    await q.query(`
      CREATE TABLE wage_claim_visibility (
        unit_code varchar(12) NOT NULL,
        sort_at   timestamptz(3) NOT NULL,
        record_id uuid        NOT NULL REFERENCES wage_claim (id) ON DELETE CASCADE,
        PRIMARY KEY (unit_code, sort_at, record_id)
      )`);
    await q.query(`CREATE INDEX wage_claim_visibility_record_idx ON wage_claim_visibility (record_id)`);
    await q.query(`
      CREATE TABLE wage_claim_update (
        id       bigserial   PRIMARY KEY,
        claim_id uuid        NOT NULL REFERENCES wage_claim (id) ON DELETE CASCADE,
        at       timestamptz NOT NULL,
        message  text        NOT NULL
      )`);
    await q.query(`CREATE INDEX wage_claim_update_claim_idx ON wage_claim_update (claim_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE wage_claim_update`);
    await q.query(`DROP TABLE wage_claim_visibility`);
    await q.query(`DROP TABLE wage_claim`);
    await q.query(`DROP SEQUENCE wage_claim_number_seq`);
    await q.query(`DROP TYPE claim_status`);
  }
}
