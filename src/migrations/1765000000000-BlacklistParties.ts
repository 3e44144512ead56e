import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The blacklist as 人社部令第45号 has it (see docs/RULES.md):
 * - blacklist_party: the persons listed with the employer (当事人: legal representative or
 *   principal person in charge, directly responsible managers, other directly responsible
 *   persons). ID numbers only encrypted, with a keyed hash for look-ups.
 * - blacklist_incident: a 群体性事件/极端事件 recorded on a case and confirmed by the county or
 *   above (the second listing condition).
 * - blacklist_entry gains the written notice (facts, legal basis), the parties' statement and its
 *   answer, the listing decision (unit, number) and snapshots of the employer's name and credit
 *   code as the decision names them, which the published list shows and searches.
 * - blacklist_repair: applications for early removal (信用修复) and their decisions.
 * The published list reads LISTED entries newest first: a partial index on (listed_at, id), and
 * partial indexes for its search by credit code and (trigram) by name.
 */
export class BlacklistParties1765000000000 implements MigrationInterface {
  name = 'BlacklistParties1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE blacklist_incident_kind AS ENUM ('MASS', 'EXTREME')`);
    await q.query(`
      CREATE TABLE blacklist_incident (
        id                  uuid                    PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id             uuid                    NOT NULL REFERENCES case_file (id),
        kind                blacklist_incident_kind NOT NULL,
        occurred_on         date                    NOT NULL,
        place               text                    NOT NULL,
        description         text                    NOT NULL,
        recorded_at         timestamptz(3)          NOT NULL,
        recorded_by         uuid                    NOT NULL REFERENCES app_user (id),
        confirmed_at        timestamptz(3),
        confirmed_by        uuid                    REFERENCES app_user (id),
        confirmed_unit_code varchar(12)             REFERENCES unit (code)
      )`);
    await q.query(`CREATE INDEX blacklist_incident_case_idx ON blacklist_incident (case_id, recorded_at)`);

    await q.query(`CREATE TYPE blacklist_basis AS ENUM ('THRESHOLD', 'INCIDENT')`);
    await q.query(`
      ALTER TABLE blacklist_entry
        ADD COLUMN basis                blacklist_basis NOT NULL DEFAULT 'THRESHOLD',
        ADD COLUMN incident_id          uuid            REFERENCES blacklist_incident (id),
        ADD COLUMN facts                text,
        ADD COLUMN legal_basis          text,
        ADD COLUMN employer_name        text,
        ADD COLUMN employer_credit_code varchar(18),
        ADD COLUMN statement            text,
        ADD COLUMN statement_received_at timestamptz(3),
        ADD COLUMN statement_recorded_by uuid           REFERENCES app_user (id),
        ADD COLUMN statement_answer     text,
        ADD COLUMN statement_accepted   boolean,
        ADD COLUMN statement_answered_at timestamptz(3),
        ADD COLUMN statement_answered_by uuid           REFERENCES app_user (id),
        ADD COLUMN listing_unit_code    varchar(12)     REFERENCES unit (code),
        ADD COLUMN decision_number      text`);
    await q.query(`ALTER TABLE blacklist_entry ALTER COLUMN basis DROP DEFAULT`);
    // Entries made before this migration: the case's facts and the employer as registered.
    await q.query(`
      UPDATE blacklist_entry b SET
        facts = b.reason,
        legal_basis = '《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》第五条第（一）项',
        employer_name = e.name,
        employer_credit_code = e.credit_code,
        listing_unit_code = (SELECT unit_code FROM app_user WHERE id = b.listed_by)
      FROM employer e WHERE e.id = b.employer_id`);
    await q.query(`ALTER TABLE blacklist_entry ALTER COLUMN facts SET NOT NULL, ALTER COLUMN legal_basis SET NOT NULL, ALTER COLUMN employer_name SET NOT NULL`);
    await q.query(`CREATE INDEX blacklist_published_idx ON blacklist_entry (listed_at DESC, id DESC) WHERE status = 'LISTED'`);
    await q.query(`CREATE INDEX blacklist_published_credit_idx ON blacklist_entry (employer_credit_code) WHERE status = 'LISTED'`);
    await q.query(`CREATE INDEX blacklist_published_name_trgm ON blacklist_entry USING gin (employer_name gin_trgm_ops) WHERE status = 'LISTED'`);

    await q.query(`
      CREATE TYPE blacklist_party_role AS ENUM ('LEGAL_REPRESENTATIVE', 'PRINCIPAL', 'RESPONSIBLE_MANAGER', 'OTHER_RESPONSIBLE')`);
    await q.query(`
      CREATE TABLE blacklist_party (
        id           uuid                 PRIMARY KEY DEFAULT gen_random_uuid(),
        entry_id     uuid                 NOT NULL REFERENCES blacklist_entry (id),
        role         blacklist_party_role NOT NULL,
        name         text                 NOT NULL,
        id_card_enc  text                 NOT NULL,
        id_card_hash char(64)             NOT NULL,
        added_at     timestamptz(3)       NOT NULL,
        added_by     uuid                 NOT NULL REFERENCES app_user (id),
        UNIQUE (entry_id, id_card_hash)
      )`);
    await q.query(`CREATE INDEX blacklist_party_hash_idx ON blacklist_party (id_card_hash)`);

    await q.query(`
      CREATE TABLE blacklist_repair (
        id              uuid           PRIMARY KEY DEFAULT gen_random_uuid(),
        entry_id        uuid           NOT NULL REFERENCES blacklist_entry (id),
        applicant       text           NOT NULL,
        commitment      text           NOT NULL,
        corrected_at    timestamptz(3) NOT NULL,
        applied_at      timestamptz(3) NOT NULL,
        recorded_by     uuid           NOT NULL REFERENCES app_user (id),
        decision_due_at timestamptz(3) NOT NULL,
        decided_at      timestamptz(3),
        decided_by      uuid           REFERENCES app_user (id),
        granted         boolean,
        decision_reason text
      )`);
    await q.query(`CREATE UNIQUE INDEX blacklist_repair_pending ON blacklist_repair (entry_id) WHERE decided_at IS NULL`);
    await q.query(`CREATE INDEX blacklist_repair_entry_idx ON blacklist_repair (entry_id, applied_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE blacklist_repair`);
    await q.query(`DROP TABLE blacklist_party`);
    await q.query(`DROP TYPE blacklist_party_role`);
    await q.query(`DROP INDEX blacklist_published_name_trgm`);
    await q.query(`DROP INDEX blacklist_published_credit_idx`);
    await q.query(`DROP INDEX blacklist_published_idx`);
    await q.query(`
      ALTER TABLE blacklist_entry
        DROP COLUMN basis, DROP COLUMN incident_id, DROP COLUMN facts, DROP COLUMN legal_basis,
        DROP COLUMN employer_name, DROP COLUMN employer_credit_code, DROP COLUMN statement,
        DROP COLUMN statement_received_at, DROP COLUMN statement_recorded_by, DROP COLUMN statement_answer,
        DROP COLUMN statement_accepted, DROP COLUMN statement_answered_at, DROP COLUMN statement_answered_by,
        DROP COLUMN listing_unit_code, DROP COLUMN decision_number`);
    await q.query(`DROP TYPE blacklist_basis`);
    await q.query(`DROP TABLE blacklist_incident`);
    await q.query(`DROP TYPE blacklist_incident_kind`);
  }
}
