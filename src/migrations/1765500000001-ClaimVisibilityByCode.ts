import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A claim is anchored to one unit, its routed township, and division codes are prefixes of their
 * descendants' codes: the units that see it are `routed_unit_code` and its first 2, 4 and 6 digits
 * (province, city, county). One index per level on (that prefix, submitted_at, id) serves "the
 * newest claims visible to X" as the visibility table's primary key did, so wage_claim_visibility
 * (4 rows and 8 index entries per claim, 2.4 GB at 5M claims) goes. The prefix indexes carry
 * routed_unit_code so that a count of what a unit sees stays an index-only scan.
 *
 * The employer indexes of the risk signals become partial: a claim is matched by credit code when
 * it has one, else by normalized name, so each claim needs an entry in only one of them.
 *
 * At 5M claims the six indexes build in a minute or two; claims are not written meanwhile.
 */
export class ClaimVisibilityByCode1765500000001 implements MigrationInterface {
  name = 'ClaimVisibilityByCode1765500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    for (const [level, digits] of [['province', 2], ['city', 4], ['county', 6]] as const) {
      await q.query(`CREATE INDEX wage_claim_${level}_idx ON wage_claim (left(routed_unit_code, ${digits}), submitted_at, id) INCLUDE (routed_unit_code)`);
    }
    await q.query(`CREATE INDEX wage_claim_township_idx ON wage_claim (routed_unit_code, submitted_at, id)`);
    await q.query(`DROP TABLE wage_claim_visibility`);
    await q.query(`DROP INDEX wage_claim_employer_idx`);
    await q.query(`DROP INDEX wage_claim_employer_name_idx`);
    await q.query(`CREATE INDEX wage_claim_employer_idx ON wage_claim (employer_credit_code, submitted_at) WHERE employer_credit_code IS NOT NULL`);
    await q.query(`CREATE INDEX wage_claim_employer_name_idx ON wage_claim (employer_name_key, submitted_at) WHERE employer_credit_code IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    await q.query(`DROP INDEX wage_claim_employer_idx`);
    await q.query(`DROP INDEX wage_claim_employer_name_idx`);
    await q.query(`CREATE INDEX wage_claim_employer_idx ON wage_claim (employer_credit_code, submitted_at)`);
    await q.query(`CREATE INDEX wage_claim_employer_name_idx ON wage_claim (employer_name_key, submitted_at)`);
    await q.query(`
      CREATE TABLE wage_claim_visibility (
        unit_code varchar(12) NOT NULL,
        sort_at   timestamptz(3) NOT NULL,
        record_id uuid        NOT NULL REFERENCES wage_claim (id) ON DELETE CASCADE,
        PRIMARY KEY (unit_code, sort_at, record_id)
      )`);
    await q.query(`
      INSERT INTO wage_claim_visibility (unit_code, sort_at, record_id)
      SELECT anc.code, w.submitted_at, w.id FROM wage_claim w JOIN unit u ON u.code = w.routed_unit_code
      CROSS JOIN LATERAL unnest(string_to_array(u.path::text, '.')) AS anc(code)`);
    await q.query(`CREATE INDEX wage_claim_visibility_record_idx ON wage_claim_visibility (record_id)`);
    for (const level of ['province', 'city', 'county', 'township']) await q.query(`DROP INDEX wage_claim_${level}_idx`);
  }
}
