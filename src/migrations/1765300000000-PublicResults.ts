import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Working days from receipt to closing for every closed case that lacks it (the migration, and the
 * bench generator after its bulk load): a running count of working days per calendar day
 * (calendar_day's holidays and make-up workdays, else Monday to Friday), so that each case is two
 * look-ups; the same count as WorkingDayCalendar.workingDaysBetween.
 */
export const BACKFILL_WORKING_DAYS_TO_CLOSE = `
      WITH bounds AS (
        SELECT min((opened_at AT TIME ZONE 'Asia/Shanghai')::date) AS a, max((closed_at AT TIME ZONE 'Asia/Shanghai')::date) AS b
        FROM case_file WHERE status = 'CLOSED'
      ),
      days AS (
        SELECT d::date AS day,
               sum(CASE WHEN k.kind = 'WORKDAY' THEN 1 WHEN k.kind = 'HOLIDAY' THEN 0
                        WHEN extract(isodow FROM d) < 6 THEN 1 ELSE 0 END) OVER (ORDER BY d) AS n
        FROM bounds, generate_series(bounds.a, bounds.b, interval '1 day') d
        LEFT JOIN calendar_day k ON k.day = d::date
      )
      UPDATE case_file c SET working_days_to_close = e.n - s.n
      FROM days s, days e
      WHERE c.status = 'CLOSED' AND c.working_days_to_close IS NULL
        AND s.day = (c.opened_at AT TIME ZONE 'Asia/Shanghai')::date
        AND e.day = (c.closed_at AT TIME ZONE 'Asia/Shanghai')::date`;
/**
 * Rebuilds the yearly results from the cases and claims (the migration, and the bench generators
 * after a bulk load): one row per year and unit (the handling township, or the county for a case it
 * handles itself; the routed township for claims), closed cases by the Shanghai year of closing,
 * claims by the year of their answer.
 */
export const REBUILD_PUBLIC_RESULTS = [
  `DELETE FROM public_result_year`,
  `INSERT INTO public_result_year (year, unit_code, province_code, city_code, county_code, township_code,
                                   cases_closed, amount_recovered, workers_paid, closed_on_time, days_to_close_sum, days_to_close_count,
                                   claims_answered, claims_answered_in_time)
   SELECT year, unit_code, province_code, city_code, county_code, township_code,
          sum(closed), sum(recovered), sum(paid), sum(on_time), sum(days_sum), sum(days_n), sum(answered), sum(in_time)
   FROM (
     SELECT extract(year FROM closed_at AT TIME ZONE 'Asia/Shanghai')::int AS year, COALESCE(township_code, county_code) AS unit_code,
            province_code, city_code, county_code, township_code,
            count(*) AS closed, sum(amount_recovered) AS recovered, sum(workers_paid) AS paid,
            count(*) FILTER (WHERE closed_at <= handling_due_at) AS on_time,
            COALESCE(sum(working_days_to_close), 0) AS days_sum, count(working_days_to_close) AS days_n, 0 AS answered, 0 AS in_time
     FROM case_file WHERE status = 'CLOSED' GROUP BY 1, 2, 3, 4, 5, 6
     UNION ALL
     SELECT extract(year FROM decided_at AT TIME ZONE 'Asia/Shanghai')::int, routed_unit_code,
            left(routed_unit_code, 2), left(routed_unit_code, 4), left(routed_unit_code, 6), routed_unit_code,
            0, 0, 0, 0, 0, 0, count(*), count(*) FILTER (WHERE decided_at <= response_due_at)
     FROM wage_claim WHERE status IN ('ACCEPTED', 'REJECTED', 'RESOLVED') AND decided_at IS NOT NULL GROUP BY 1, 2
   ) parts
   GROUP BY 1, 2, 3, 4, 5, 6`,
];

/**
 * The public results (四公开 · 结果) per province, city, county and township, and the unit's
 * supervision phone (亮明身份 · 监督电话):
 * - `case_file.working_days_to_close`: working days from receipt to closing on the official
 *   calendar, written by closeCase; existing closed cases are back-filled here from calendar_day;
 * - `public_result_year`: the published sums per year and unit (handling township, or county;
 *   claims by routed township), written in the transaction that closes a case or answers a claim
 *   (both happen once: a closed case never changes again, an answer is never taken back). A
 *   province's year is then the sum of its ~2,600 rows, not of its hundreds of thousands of cases
 *   (an index-only aggregate over the closed cases took 600 ms at 2M cases). Rows are per unit
 *   and year, so closings in different townships never wait on one another.
 * - a trigram index on unit names for the claim form's workplace search;
 * - `unit_supervision_phone`: the phone for complaints about a unit's handling, looked up from the
 *   unit itself up to its province (the nearest configured ancestor wins).
 */
export class PublicResults1765300000000 implements MigrationInterface {
  name = 'PublicResults1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_file ADD COLUMN working_days_to_close int`);
    await q.query(BACKFILL_WORKING_DAYS_TO_CLOSE);
    await q.query(`
      CREATE TABLE public_result_year (
        year                    int           NOT NULL,
        unit_code               varchar(12)   NOT NULL,
        province_code           varchar(12)   NOT NULL,
        city_code               varchar(12)   NOT NULL,
        county_code             varchar(12)   NOT NULL,
        township_code           varchar(12),
        cases_closed            int           NOT NULL DEFAULT 0,
        amount_recovered        numeric(16,2) NOT NULL DEFAULT 0,
        workers_paid            int           NOT NULL DEFAULT 0,
        closed_on_time          int           NOT NULL DEFAULT 0,
        days_to_close_sum       bigint        NOT NULL DEFAULT 0,
        days_to_close_count     int           NOT NULL DEFAULT 0,
        claims_answered         int           NOT NULL DEFAULT 0,
        claims_answered_in_time int           NOT NULL DEFAULT 0,
        PRIMARY KEY (year, unit_code)
      )`);
    for (const level of ['province', 'city', 'county', 'township']) {
      await q.query(`CREATE INDEX public_result_year_${level} ON public_result_year (year, ${level}_code)`);
    }
    for (const sql of REBUILD_PUBLIC_RESULTS) await q.query(sql);

    // The claim form's workplace search by part of a name (searchUnits).
    await q.query(`CREATE INDEX unit_name_trgm ON unit USING gin (name gin_trgm_ops)`);
    await q.query(`
      CREATE TABLE unit_supervision_phone (
        unit_code  varchar(12) PRIMARY KEY REFERENCES unit (code),
        phone      text        NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by uuid        REFERENCES app_user (id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE unit_supervision_phone`);
    await q.query(`DROP INDEX unit_name_trgm`);
    await q.query(`DROP TABLE public_result_year`);
    await q.query(`ALTER TABLE case_file DROP COLUMN working_days_to_close`);
  }
}
