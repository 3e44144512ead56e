import { MigrationInterface, QueryRunner } from 'typeorm';

const CLOSED_MEASURES = 'amount_recovered, workers_paid, handling_due_at, working_days_to_close';
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
const ANSWERED = `status IN ('ACCEPTED', 'REJECTED', 'RESOLVED')`;

/**
 * The public results (四公开 · 结果) per province, city, county and township, and the unit's
 * supervision phone (亮明身份 · 监督电话):
 * - `case_file.working_days_to_close`: working days from receipt to closing on the official
 *   calendar, written by closeCase; existing closed cases are back-filled here from calendar_day
 *   (a day's running count of working days, so one join per case instead of a loop);
 * - closed cases by level and closing time, covering the published measures (an index-only range
 *   scan per unit and year, grouped by the next level's column);
 * - answered claims by routed township's ancestors: codes are prefixes of their descendants'
 *   codes, so the expression `left(routed_unit_code, n)` is the ancestor at each level;
 * - `unit_supervision_phone`: the phone for complaints about a unit's handling, looked up from the
 *   unit itself up to its province (the nearest configured ancestor wins).
 */
export class PublicResults1765300000000 implements MigrationInterface {
  name = 'PublicResults1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_file ADD COLUMN working_days_to_close int`);
    await q.query(BACKFILL_WORKING_DAYS_TO_CLOSE);

    await q.query(`CREATE INDEX case_file_closed_country ON case_file (closed_at) INCLUDE (province_code, ${CLOSED_MEASURES}) WHERE status = 'CLOSED'`);
    await q.query(`CREATE INDEX case_file_closed_province ON case_file (province_code, closed_at) INCLUDE (city_code, ${CLOSED_MEASURES}) WHERE status = 'CLOSED'`);
    await q.query(`CREATE INDEX case_file_closed_city ON case_file (city_code, closed_at) INCLUDE (county_code, ${CLOSED_MEASURES}) WHERE status = 'CLOSED'`);
    await q.query(`CREATE INDEX case_file_closed_county ON case_file (county_code, closed_at) INCLUDE (township_code, ${CLOSED_MEASURES}) WHERE status = 'CLOSED'`);
    await q.query(`CREATE INDEX case_file_closed_township ON case_file (township_code, closed_at) INCLUDE (${CLOSED_MEASURES}) WHERE status = 'CLOSED'`);

    await q.query(`CREATE INDEX wage_claim_answered_country ON wage_claim (decided_at) INCLUDE (routed_unit_code, response_due_at) WHERE ${ANSWERED}`);
    for (const n of [2, 4, 6]) {
      await q.query(
        `CREATE INDEX wage_claim_answered_${n} ON wage_claim ((left(routed_unit_code, ${n})), decided_at) INCLUDE (routed_unit_code, response_due_at) WHERE ${ANSWERED}`,
      );
    }
    await q.query(`CREATE INDEX wage_claim_answered_township ON wage_claim (routed_unit_code, decided_at) INCLUDE (response_due_at) WHERE ${ANSWERED}`);

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
    for (const i of ['country', '2', '4', '6', 'township']) await q.query(`DROP INDEX wage_claim_answered_${i}`);
    for (const i of ['country', 'province', 'city', 'county', 'township']) await q.query(`DROP INDEX case_file_closed_${i}`);
    await q.query(`ALTER TABLE case_file DROP COLUMN working_days_to_close`);
  }
}
