import { MigrationInterface, QueryRunner } from 'typeorm';

/** What one case adds to its row of case_unit_stats (`c`: a case_file row). */
const CONTRIBUTION = (c: string, sign: string) => `
  ${sign},
  ${sign} * (${c}.status NOT IN ('CLOSED', 'REJECTED'))::int,
  ${sign} * (${c}.status = 'CLOSED')::int,
  ${sign} * ${c}.amount_owed,
  ${sign} * ${c}.amount_recovered,
  ${sign} * ${c}.workers_affected`;

/** The key of case_unit_stats (its unique index): the columns the statistics group cases by. */
const CASE_UNIT_STATS_KEY = `province_code, city_code, county_code, (COALESCE(township_code, '')), workplace_unit_code`;

/** The rows of case_unit_stats as they follow from case_file now (as src/modules/stats/case-counters.ts counts them). */
const CASE_UNIT_STATS_FROM_CASES = `
  SELECT province_code, city_code, county_code, township_code, workplace_unit_code,
         count(*)::int AS cases,
         (count(*) FILTER (WHERE status NOT IN ('CLOSED', 'REJECTED')))::int AS cases_open,
         (count(*) FILTER (WHERE status = 'CLOSED'))::int AS cases_closed,
         sum(amount_owed) AS amount_owed,
         sum(amount_recovered) AS amount_recovered,
         sum(workers_affected)::bigint AS workers_affected
  FROM case_file
  GROUP BY province_code, city_code, county_code, township_code, workplace_unit_code`;

/** The first fill, in key order so that a unit's rows share few pages (the triggers' lock keeps writers out). */
const FILL_CASE_UNIT_STATS = [
  `DELETE FROM case_unit_stats`,
  `INSERT INTO case_unit_stats (province_code, city_code, county_code, township_code, workplace_unit_code,
                                cases, cases_open, cases_closed, amount_owed, amount_recovered, workers_affected)
   ${CASE_UNIT_STATS_FROM_CASES}
   ORDER BY province_code, city_code, county_code, township_code, workplace_unit_code`,
];

/**
 * Statistics from counters, not from every case (issue 13; bench/README.md):
 *
 * - `case_unit_stats`: per (province, city, county, township, workplace) of the handling unit
 *   (exactly the columns `unitStats` and `childUnitStats` group case_file by), the number of
 *   cases, open (neither CLOSED nor REJECTED) and CLOSED ones, and the sums owed, recovered and
 *   workers affected. Kept by row triggers on case_file in the writing transaction itself,
 *   whoever writes (a command, the holiday rescheduling, a script): an insert adds the case's
 *   contribution, a delete takes it away, an update of a counted column takes away the old one and
 *   adds the new one. A row is one township's (and workplace's) cases, never a province's, so
 *   writers of different townships never wait on each other; two rows are changed in key order
 *   (a transfer), so that crossing transfers cannot deadlock. The unique index is also the
 *   readers' index: a unit's rows are an equality prefix of its path's codes. Updates touch no
 *   indexed column and stay HOT (fillfactor 80).
 * - overdue cases depend on the clock, not on a write: they are counted from the cases with a
 *   running deadline only (`active_due_at`, NULL once a case is closed, rejected or sent to the
 *   police), by a partial index keyed like the counters.
 * - pending claims: one prefix range of the routed township's code (division codes are prefixes
 *   of their descendants'), index-only with the workplace and submission time; it replaces the
 *   equality index, which made the province probe every township of its tree.
 */
export class CaseUnitStats1765510000000 implements MigrationInterface {
  name = 'CaseUnitStats1765510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_unit_stats (
        province_code       varchar(12)   NOT NULL,
        city_code           varchar(12)   NOT NULL,
        county_code         varchar(12)   NOT NULL,
        township_code       varchar(12),
        workplace_unit_code varchar(12)   NOT NULL,
        cases               int           NOT NULL DEFAULT 0,
        cases_open          int           NOT NULL DEFAULT 0,
        cases_closed        int           NOT NULL DEFAULT 0,
        amount_owed         numeric       NOT NULL DEFAULT 0,
        amount_recovered    numeric       NOT NULL DEFAULT 0,
        workers_affected    bigint        NOT NULL DEFAULT 0
      ) WITH (fillfactor = 80)`);
    await q.query(`CREATE UNIQUE INDEX case_unit_stats_key ON case_unit_stats (${CASE_UNIT_STATS_KEY})`);

    await q.query(`
      CREATE FUNCTION case_unit_stats_add(c case_file, sign int) RETURNS void LANGUAGE sql AS $$
        INSERT INTO case_unit_stats AS s (province_code, city_code, county_code, township_code, workplace_unit_code,
                                          cases, cases_open, cases_closed, amount_owed, amount_recovered, workers_affected)
        VALUES (c.province_code, c.city_code, c.county_code, c.township_code, c.workplace_unit_code, ${CONTRIBUTION('c', 'sign')})
        ON CONFLICT (${CASE_UNIT_STATS_KEY}) DO UPDATE SET
          cases = s.cases + EXCLUDED.cases,
          cases_open = s.cases_open + EXCLUDED.cases_open,
          cases_closed = s.cases_closed + EXCLUDED.cases_closed,
          amount_owed = s.amount_owed + EXCLUDED.amount_owed,
          amount_recovered = s.amount_recovered + EXCLUDED.amount_recovered,
          workers_affected = s.workers_affected + EXCLUDED.workers_affected
      $$`);
    await q.query(`
      CREATE FUNCTION case_unit_stats_follow() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_key text[];
        new_key text[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM case_unit_stats_add(NEW, 1);
          RETURN NULL;
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM case_unit_stats_add(OLD, -1);
          RETURN NULL;
        END IF;
        old_key := ARRAY[OLD.province_code, OLD.city_code, OLD.county_code, COALESCE(OLD.township_code, ''), OLD.workplace_unit_code];
        new_key := ARRAY[NEW.province_code, NEW.city_code, NEW.county_code, COALESCE(NEW.township_code, ''), NEW.workplace_unit_code];
        IF old_key = new_key THEN
          UPDATE case_unit_stats s SET
            cases_open = s.cases_open + (NEW.status NOT IN ('CLOSED', 'REJECTED'))::int - (OLD.status NOT IN ('CLOSED', 'REJECTED'))::int,
            cases_closed = s.cases_closed + (NEW.status = 'CLOSED')::int - (OLD.status = 'CLOSED')::int,
            amount_owed = s.amount_owed + NEW.amount_owed - OLD.amount_owed,
            amount_recovered = s.amount_recovered + NEW.amount_recovered - OLD.amount_recovered,
            workers_affected = s.workers_affected + NEW.workers_affected - OLD.workers_affected
          WHERE s.province_code = NEW.province_code AND s.city_code = NEW.city_code AND s.county_code = NEW.county_code
            AND COALESCE(s.township_code, '') = new_key[4] AND s.workplace_unit_code = NEW.workplace_unit_code;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'case_unit_stats has no row for case %', NEW.id;
          END IF;
        ELSIF old_key < new_key THEN
          PERFORM case_unit_stats_add(OLD, -1);
          PERFORM case_unit_stats_add(NEW, 1);
        ELSE
          PERFORM case_unit_stats_add(NEW, 1);
          PERFORM case_unit_stats_add(OLD, -1);
        END IF;
        RETURN NULL;
      END $$`);
    // Created before the rebuild: their lock keeps writers of case_file out until this commits.
    await q.query(`
      CREATE TRIGGER case_unit_stats_insert_delete AFTER INSERT OR DELETE ON case_file
      FOR EACH ROW EXECUTE FUNCTION case_unit_stats_follow()`);
    await q.query(`
      CREATE TRIGGER case_unit_stats_update
      AFTER UPDATE OF status, amount_owed, amount_recovered, workers_affected, province_code, city_code, county_code, township_code, workplace_unit_code
      ON case_file FOR EACH ROW
      WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.amount_owed IS DISTINCT FROM NEW.amount_owed
            OR OLD.amount_recovered IS DISTINCT FROM NEW.amount_recovered OR OLD.workers_affected IS DISTINCT FROM NEW.workers_affected
            OR OLD.province_code IS DISTINCT FROM NEW.province_code OR OLD.city_code IS DISTINCT FROM NEW.city_code
            OR OLD.county_code IS DISTINCT FROM NEW.county_code OR OLD.township_code IS DISTINCT FROM NEW.township_code
            OR OLD.workplace_unit_code IS DISTINCT FROM NEW.workplace_unit_code)
      EXECUTE FUNCTION case_unit_stats_follow()`);
    await q.query(`CREATE FUNCTION case_unit_stats_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM case_unit_stats; RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER case_unit_stats_truncate AFTER TRUNCATE ON case_file FOR EACH STATEMENT EXECUTE FUNCTION case_unit_stats_truncate()`);
    for (const sql of FILL_CASE_UNIT_STATS) await q.query(sql);

    await q.query(`
      CREATE INDEX case_file_running_due_idx ON case_file (province_code, city_code, county_code, township_code, active_due_at)
      INCLUDE (workplace_unit_code) WHERE active_due_at IS NOT NULL`);

    await q.query(`
      CREATE INDEX wage_claim_pending_routed_idx ON wage_claim (routed_unit_code varchar_pattern_ops)
      INCLUDE (workplace_unit_code, submitted_at) WHERE status = 'SUBMITTED'`);
    await q.query(`DROP INDEX wage_claim_pending_unit_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX wage_claim_pending_unit_idx ON wage_claim (routed_unit_code) WHERE status = 'SUBMITTED'`);
    await q.query(`DROP INDEX wage_claim_pending_routed_idx`);
    await q.query(`DROP INDEX case_file_running_due_idx`);
    await q.query(`DROP TRIGGER case_unit_stats_truncate ON case_file`);
    await q.query(`DROP TRIGGER case_unit_stats_update ON case_file`);
    await q.query(`DROP TRIGGER case_unit_stats_insert_delete ON case_file`);
    await q.query(`DROP FUNCTION case_unit_stats_truncate()`);
    await q.query(`DROP FUNCTION case_unit_stats_follow()`);
    await q.query(`DROP FUNCTION case_unit_stats_add(case_file, int)`);
    await q.query(`DROP TABLE case_unit_stats`);
  }
}
