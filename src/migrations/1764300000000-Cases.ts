import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Employers, cases and everything hanging off a case. A case is seen through case_visibility
 * (one row per unit that may see it: every ancestor-or-self of its handling unit and of each
 * linked unit), keyed (unit_code, opened_at, case_id). `active_due_at` is the due date of the
 * step in progress (acceptance while RECEIVED, handling while under investigation), so that
 * "overdue" is one indexed comparison.
 */
export class Cases1764300000000 implements MigrationInterface {
  name = 'Cases1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE risk_level AS ENUM ('NONE', 'YELLOW', 'ORANGE', 'RED')`);
    await q.query(`
      CREATE TABLE employer (
        id                   uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        name                 text        NOT NULL,
        name_key             text        NOT NULL,
        credit_code          char(18)    UNIQUE,
        registered_unit_code varchar(12) REFERENCES unit (code),
        grid_code            varchar(12) REFERENCES unit (code),
        risk_level           risk_level  NOT NULL DEFAULT 'NONE',
        created_at           timestamptz(3) NOT NULL
      )`);
    await q.query(`CREATE INDEX employer_name_key_idx ON employer (name_key)`);
    await q.query(`CREATE INDEX employer_name_trgm ON employer USING gin (name gin_trgm_ops)`);

    await q.query(`CREATE TABLE calendar_year (year int PRIMARY KEY, source text NOT NULL, loaded_at timestamptz NOT NULL)`);
    await q.query(`
      CREATE TABLE calendar_day (
        day  date PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('HOLIDAY', 'WORKDAY')),
        name text NOT NULL
      )`);

    await q.query(`CREATE TYPE case_status AS ENUM
      ('RECEIVED', 'FILED', 'RECTIFICATION_ORDERED', 'PENALTY_DECIDED', 'TRANSFERRED_TO_POLICE', 'CLOSED', 'REJECTED')`);
    await q.query(`CREATE TYPE case_source AS ENUM ('COMPLAINT', 'REPORT', 'INSPECTION', 'WAGE_CLAIM', 'SUPERVISION')`);
    await q.query(`CREATE TYPE case_outcome AS ENUM ('PAID_IN_FULL', 'PARTIALLY_PAID', 'NO_VIOLATION', 'TRANSFERRED', 'WITHDRAWN')`);
    await q.query(`CREATE TYPE link_reason AS ENUM ('EMPLOYER_REGISTERED', 'PROJECT_SITE', 'WORKER_ORIGIN', 'ASSISTANCE', 'TRANSFERRED_FROM')`);

    await q.query(`
      CREATE TABLE case_number_seq (
        unit_code varchar(12) NOT NULL,
        year      int         NOT NULL,
        last      int         NOT NULL,
        PRIMARY KEY (unit_code, year)
      )`);
    await q.query(`
      CREATE TABLE case_file (
        id                   uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
        number               text          NOT NULL UNIQUE,
        title                text          NOT NULL,
        description          text          NOT NULL,
        status               case_status   NOT NULL,
        source               case_source   NOT NULL,
        handling_unit_code   varchar(12)   NOT NULL REFERENCES unit (code),
        handling_path        ltree         NOT NULL,
        province_code        varchar(12)   NOT NULL,
        city_code            varchar(12)   NOT NULL,
        county_code          varchar(12)   NOT NULL,
        township_code        varchar(12),
        workplace_unit_code  varchar(12)   NOT NULL REFERENCES unit (code),
        employer_id          uuid          NOT NULL REFERENCES employer (id),
        workers_affected     int           NOT NULL CHECK (workers_affected >= 0),
        amount_owed          numeric(14,2) NOT NULL CHECK (amount_owed >= 0),
        amount_recovered     numeric(14,2) NOT NULL DEFAULT 0 CHECK (amount_recovered >= 0),
        workers_paid         int           NOT NULL DEFAULT 0 CHECK (workers_paid >= 0),
        rectification_due_at timestamptz,
        rectification_amount numeric(14,2),
        penalty_fine         numeric(14,2),
        fully_paid_at        timestamptz,
        opened_at            timestamptz(3) NOT NULL,
        opened_by            uuid          REFERENCES app_user (id),
        acceptance_due_at    timestamptz,
        filed_at             timestamptz,
        handling_due_at      timestamptz,
        active_due_at        timestamptz,
        deadline_provisional boolean       NOT NULL DEFAULT false,
        extended             boolean       NOT NULL DEFAULT false,
        transferred_in       boolean       NOT NULL DEFAULT false,
        outcome              case_outcome,
        closed_at            timestamptz,
        search_text          text          NOT NULL,
        version              int           NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX case_file_handling_path_gist ON case_file USING gist (handling_path)`);
    await q.query(`CREATE INDEX case_file_employer_idx ON case_file (employer_id, status)`);
    await q.query(`CREATE INDEX case_file_active_due_idx ON case_file (active_due_at) WHERE active_due_at IS NOT NULL`);
    await q.query(`CREATE INDEX case_file_search_trgm ON case_file USING gin (search_text gin_trgm_ops)`);
    // Statistics roll up by the handling unit's ancestors: one covering index per level, so that
    // a unit's children are aggregated by an index-only scan (docs/ARCHITECTURE.md, statistics).
    const measures = 'status, opened_at, active_due_at, amount_owed, amount_recovered, workers_affected';
    await q.query(`CREATE INDEX case_file_stats_province ON case_file (province_code, city_code) INCLUDE (${measures})`);
    await q.query(`CREATE INDEX case_file_stats_city ON case_file (city_code, county_code) INCLUDE (${measures})`);
    await q.query(`CREATE INDEX case_file_stats_county ON case_file (county_code, township_code) INCLUDE (${measures})`);
    await q.query(`CREATE INDEX case_file_stats_township ON case_file (township_code, workplace_unit_code) INCLUDE (${measures})`);
    await q.query(`CREATE INDEX case_file_stats_workplace ON case_file (workplace_unit_code) INCLUDE (${measures})`);

    await q.query(`
      CREATE TABLE case_visibility (
        unit_code varchar(12) NOT NULL,
        sort_at   timestamptz(3) NOT NULL,
        record_id uuid        NOT NULL REFERENCES case_file (id) ON DELETE CASCADE,
        PRIMARY KEY (unit_code, sort_at, record_id)
      )`);
    await q.query(`CREATE INDEX case_visibility_record_idx ON case_visibility (record_id)`);

    await q.query(`
      CREATE TABLE case_link (
        case_id   uuid        NOT NULL REFERENCES case_file (id) ON DELETE CASCADE,
        unit_code varchar(12) NOT NULL REFERENCES unit (code),
        reason    link_reason NOT NULL,
        linked_at timestamptz NOT NULL,
        linked_by uuid        REFERENCES app_user (id),
        PRIMARY KEY (case_id, unit_code)
      )`);
    await q.query(`
      CREATE TABLE case_inspector (
        case_id  uuid    NOT NULL REFERENCES case_file (id) ON DELETE CASCADE,
        user_id  uuid    NOT NULL REFERENCES app_user (id),
        position int     NOT NULL,
        PRIMARY KEY (case_id, user_id)
      )`);
    await q.query(`
      CREATE TABLE case_event (
        id       bigserial   PRIMARY KEY,
        case_id  uuid        NOT NULL REFERENCES case_file (id) ON DELETE CASCADE,
        at       timestamptz NOT NULL,
        type     text        NOT NULL,
        actor_id uuid        REFERENCES app_user (id),
        note     text
      )`);
    await q.query(`CREATE INDEX case_event_case_idx ON case_event (case_id, id)`);

    await q.query(`CREATE TYPE supervision_status AS ENUM ('OPEN', 'REPORTED')`);
    await q.query(`
      CREATE TABLE supervision_order (
        id                 uuid               PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id            uuid               NOT NULL REFERENCES case_file (id) ON DELETE CASCADE,
        issuing_unit_code  varchar(12)        NOT NULL REFERENCES unit (code),
        issued_by          uuid               REFERENCES app_user (id),
        instructions       text               NOT NULL,
        issued_at          timestamptz        NOT NULL,
        due_at             timestamptz        NOT NULL,
        status             supervision_status NOT NULL DEFAULT 'OPEN',
        report             text,
        reported_at        timestamptz,
        reported_by        uuid               REFERENCES app_user (id)
      )`);
    await q.query(`CREATE INDEX supervision_order_case_idx ON supervision_order (case_id, issued_at)`);
    await q.query(`CREATE INDEX supervision_order_open_due_idx ON supervision_order (due_at) WHERE status = 'OPEN'`);
    await q.query(`
      CREATE TABLE assistance_request (
        id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id        uuid        NOT NULL REFERENCES case_file (id) ON DELETE CASCADE,
        to_unit_code   varchar(12) NOT NULL REFERENCES unit (code),
        requested_by   uuid        REFERENCES app_user (id),
        request        text        NOT NULL,
        requested_at   timestamptz NOT NULL,
        due_at         timestamptz NOT NULL,
        due_provisional boolean    NOT NULL DEFAULT false,
        answer         text,
        answered_at    timestamptz,
        answered_by    uuid        REFERENCES app_user (id)
      )`);
    await q.query(`CREATE INDEX assistance_request_case_idx ON assistance_request (case_id, requested_at)`);
    await q.query(`CREATE INDEX assistance_request_open_due_idx ON assistance_request (due_at) WHERE answered_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['assistance_request', 'supervision_order', 'case_event', 'case_inspector', 'case_link', 'case_visibility', 'case_file', 'case_number_seq', 'calendar_day', 'calendar_year', 'employer']) {
      await q.query(`DROP TABLE ${t}`);
    }
    for (const t of ['supervision_status', 'link_reason', 'case_outcome', 'case_source', 'case_status', 'risk_level']) {
      await q.query(`DROP TYPE ${t}`);
    }
  }
}
