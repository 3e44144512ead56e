import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Units (the NBS division tree, ltree paths of codes), accounts, sessions, and the first
 * visibility table. Visibility design (docs/ARCHITECTURE.md): a record that is seen by
 * jurisdiction gets one row per unit that may see it (every ancestor-or-self of every unit that
 * anchors it), keyed (unit_code, sort key, id), so "newest N visible to unit X" is one index range
 * scan at any level.
 */
export class Foundation1764200000000 implements MigrationInterface {
  name = 'Foundation1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS ltree`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`CREATE TYPE unit_level AS ENUM ('PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'GRID')`);
    await q.query(`
      CREATE TABLE unit (
        code        varchar(12) PRIMARY KEY,
        name        text        NOT NULL,
        level       unit_level  NOT NULL,
        parent_code varchar(12) REFERENCES unit (code),
        path        ltree       NOT NULL,
        CHECK ((level = 'PROVINCE') = (parent_code IS NULL))
      )`);
    await q.query(`CREATE INDEX unit_parent_idx ON unit (parent_code, code)`);
    await q.query(`CREATE INDEX unit_path_gist ON unit USING gist (path)`);

    await q.query(
      `CREATE TYPE user_role AS ENUM ('WORKER', 'GRID_ASSISTANT', 'INSPECTOR', 'SQUAD_LEADER', 'SUPERVISOR', 'ADMIN')`,
    );
    await q.query(`
      CREATE TABLE app_user (
        id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        login_key     text        NOT NULL UNIQUE,
        username      text,
        display_name  text        NOT NULL,
        role          user_role   NOT NULL,
        unit_code     varchar(12) REFERENCES unit (code),
        password_hash text        NOT NULL,
        phone_enc     text,
        id_card_enc   text,
        id_card_hash  char(64)    UNIQUE,
        failed_logins int         NOT NULL DEFAULT 0,
        locked_until  timestamptz,
        created_at    timestamptz(3) NOT NULL DEFAULT now(),
        created_by    uuid        REFERENCES app_user (id),
        CHECK ((role = 'WORKER') = (unit_code IS NULL)),
        CHECK ((role = 'WORKER') = (username IS NULL))
      )`);
    await q.query(`CREATE INDEX app_user_unit_idx ON app_user (unit_code)`);
    await q.query(`
      CREATE TABLE user_visibility (
        unit_code varchar(12) NOT NULL,
        sort_at   timestamptz(3) NOT NULL,
        record_id uuid        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        PRIMARY KEY (unit_code, sort_at, record_id)
      )`);
    await q.query(`CREATE INDEX user_visibility_record_idx ON user_visibility (record_id)`);

    await q.query(`
      CREATE TABLE auth_session (
        id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id    uuid        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX auth_session_user_idx ON auth_session (user_id) WHERE revoked_at IS NULL`);
    await q.query(`
      CREATE TABLE refresh_token (
        token_hash char(64)    PRIMARY KEY,
        session_id uuid        NOT NULL REFERENCES auth_session (id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL,
        used_at    timestamptz
      )`);
    await q.query(`CREATE INDEX refresh_token_session_idx ON refresh_token (session_id)`);

    // Who did what, append-only (等保 2.0: audit kept >= 6 months and protected from change).
    await q.query(`
      CREATE TABLE audit_log (
        id        bigserial   PRIMARY KEY,
        at        timestamptz NOT NULL DEFAULT now(),
        user_id   uuid,
        action    text        NOT NULL,
        target    text,
        outcome   text        NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_log_user_idx ON audit_log (user_id, at)`);
    await q.query(`
      CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_is_append_only`);
    await q.query(`DROP TABLE refresh_token`);
    await q.query(`DROP TABLE auth_session`);
    await q.query(`DROP TABLE user_visibility`);
    await q.query(`DROP TABLE app_user`);
    await q.query(`DROP TYPE user_role`);
    await q.query(`DROP TABLE unit`);
    await q.query(`DROP TYPE unit_level`);
  }
}
