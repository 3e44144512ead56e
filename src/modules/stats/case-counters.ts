import { SqlRunner } from '../../common/db/sql';

/**
 * The case counters behind the statistics (`case_unit_stats`, migration CaseUnitStats): what
 * they must hold, a check that they do, and a rebuild. The triggers on case_file keep them in
 * every writing transaction; the rebuild is for a bulk load that ran with the triggers disabled
 * (bench/generate-cases.ts), the check for tests and operators.
 */

/** The rows of case_unit_stats as they follow from case_file now. */
const FROM_CASES = `
  SELECT province_code, city_code, county_code, township_code, workplace_unit_code,
         count(*)::int AS cases,
         (count(*) FILTER (WHERE status NOT IN ('CLOSED', 'REJECTED')))::int AS cases_open,
         (count(*) FILTER (WHERE status = 'CLOSED'))::int AS cases_closed,
         sum(amount_owed) AS amount_owed,
         sum(amount_recovered) AS amount_recovered,
         sum(workers_affected)::bigint AS workers_affected
  FROM case_file
  GROUP BY province_code, city_code, county_code, township_code, workplace_unit_code`;

/** The rows where the counters and a fresh count of the cases differ; rows left at zero (their cases moved away) are no difference. */
const DRIFT = `
  WITH fresh AS (${FROM_CASES}),
  kept AS (
    SELECT province_code, city_code, county_code, township_code, workplace_unit_code,
           cases, cases_open, cases_closed, amount_owed, amount_recovered, workers_affected
    FROM case_unit_stats
    WHERE NOT (cases = 0 AND cases_open = 0 AND cases_closed = 0 AND amount_owed = 0 AND amount_recovered = 0 AND workers_affected = 0)
  )
  (SELECT 'counted, not kept' AS side, * FROM (SELECT * FROM fresh EXCEPT SELECT * FROM kept) a)
  UNION ALL
  (SELECT 'kept, not counted' AS side, * FROM (SELECT * FROM kept EXCEPT SELECT * FROM fresh) b)
  ORDER BY province_code, city_code, county_code, township_code, workplace_unit_code, side`;

/** A row that differs: as the cases count it, or as the counters keep it. */
export interface CounterDrift {
  side: 'counted, not kept' | 'kept, not counted';
  province_code: string;
  city_code: string;
  county_code: string;
  township_code: string | null;
  workplace_unit_code: string;
  cases: number;
  cases_open: number;
  cases_closed: number;
  amount_owed: string;
  amount_recovered: string;
  workers_affected: string;
}

/** Every difference between the counters and the cases, in one snapshot (none when they are exact). */
export function caseCounterDrift(db: SqlRunner): Promise<CounterDrift[]> {
  return db.query(DRIFT);
}

/**
 * Rebuilds the counters from the cases, inside the caller's transaction (LOCK TABLE refuses to run
 * outside one): the SHARE lock keeps writers of case_file out until it commits, so that no write
 * falls between the count and the commit.
 */
export async function rebuildCaseCounters(db: SqlRunner): Promise<void> {
  await db.query(`LOCK TABLE case_file IN SHARE MODE`);
  await db.query(`DELETE FROM case_unit_stats`);
  await db.query(
    `INSERT INTO case_unit_stats (province_code, city_code, county_code, township_code, workplace_unit_code,
                                  cases, cases_open, cases_closed, amount_owed, amount_recovered, workers_affected)
     ${FROM_CASES}
     ORDER BY province_code, city_code, county_code, township_code, workplace_unit_code`,
  );
}
