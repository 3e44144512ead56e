/**
 * Adds a national-scale wage-claim load and open early warnings to bench_scale (made by
 * generate-cases.ts), in SQL:
 *
 *   npx ts-node --transpile-only bench/generate-claims.ts [--claims 5000000] [--batch 250000] [--workers 20000] [--warnings 30000] [--replace]
 *
 * 1. 20,000 worker accounts in app_user (role WORKER, login_key 'bench:<n>', no unit, a password
 *    hash nobody can log in with);
 * 2. the claims, batch by batch (INSERT … SELECT generate_series): each routed to a township drawn
 *    with the weight of its cases (the Zipf spread of generate-cases.ts, read back from case_file);
 *    the workplace is one of the township's grids for 70% of claims where the township has grids
 *    (Nanyang's), else the township; submitted_at rises over the last 730 days in insert order (heap
 *    in time order); response_due_at = submitted_at + 7 days; status by age (85% SUBMITTED in the
 *    last 7 days, 5% at 7 to 60 days, 1% older: about 2% pending overall; the rest mostly ACCEPTED /
 *    RESOLVED, some REJECTED / WITHDRAWN); 85% name a registered employer (its name, name_key and
 *    credit code), 15% a 个体包工头 without a code; numbers WC-<year>-<8 digits> continue
 *    wage_claim_number_seq, which is advanced past them. Who sees a claim follows from its routed
 *    township's code (CLAIM_VISIBILITY: no rows to write). case_id stays NULL (accepted claims are
 *    not attached to generated cases) and there are no wage_claim_update rows;
 * 3. overdue_notice rows for the pending claims already past response_due_at (as a live server's
 *    minute sweep would have written them; otherwise the first sweep sends them all at once);
 * 4. open warnings on employers that have none: 5% anchored in Nanyang 4113, 10% in the rest of
 *    Henan 41, 85% elsewhere, each on a township drawn by case weight within its region (on one of
 *    its grids half the time when it has grids); level 60% YELLOW, 30% ORANGE, 10% RED with reasons
 *    in the RiskService's words; employer.risk_level follows. Their ids go to the table
 *    bench_generated_warning so that --replace can remove them.
 *
 * Bulk load as generate-cases.ts: the indexes and constraints of wage_claim (and the foreign keys
 * pointing at it) are dropped for the load and re-created from their own
 * definitions. Then VACUUM (ANALYZE) of the new tables (case_file is left alone: see stats.ts).
 * --replace first deletes what an earlier run generated (the bench workers' claims and
 * bench_generated_warning; the worker accounts are kept and reused). Prints step timings, counts, what the demo units see, and sizes.
 */
import { REBUILD_PUBLIC_RESULTS } from '../src/migrations/1765300000000-PublicResults';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MiB, RESULTS_DIR, argValue, loadAverage, machine, saveResult, table } from './lib';
import { BENCH_DB, benchClient, dropForLoad, printSizes, printSteps, relationSizes, stepTimer } from './scale-lib';

const LOAD_TABLES = ['wage_claim'];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const N = Number(argValue(argv, '--claims') ?? 5_000_000);
  const BATCH = Number(argValue(argv, '--batch') ?? 250_000);
  const WORKERS = Number(argValue(argv, '--workers') ?? 20_000);
  const WARNINGS = Number(argValue(argv, '--warnings') ?? 30_000);
  const replace = argv.includes('--replace');
  const { steps, timed } = stepTimer();
  const t00 = performance.now();
  console.error(`machine ${JSON.stringify(machine())}, load ${loadAverage()}; ${N} claims in batches of ${BATCH}, ${WORKERS} workers, ${WARNINGS} warnings`);

  const db = await benchClient();
  const q = async (sql: string, params: unknown[] = []): Promise<any[]> => (await db.query(sql, params)).rows;
  await q(`SET synchronous_commit = off`);
  await q(`SET maintenance_work_mem = '1GB'`);
  await q(`SET work_mem = '256MB'`);
  await q(`SELECT setseed(0.2027)`);
  let saved: { name: string; sql: string }[] = [];
  let restored = true;
  try {
    const [{ cases }] = await q(`SELECT count(*)::int AS cases FROM case_file`);
    if (cases < 1000) throw new Error(`bench_scale has ${cases} cases: run generate-cases.ts first`);
    await q(`CREATE TABLE IF NOT EXISTS bench_generated_warning (id uuid PRIMARY KEY)`);
    const [{ n: already }] = await q(
      `SELECT count(*)::int AS n FROM wage_claim WHERE claimant_id IN (SELECT id FROM app_user WHERE login_key LIKE 'bench:%')`,
    );
    if (already && !replace) throw new Error(`bench_scale already has ${already} generated claims: pass --replace to regenerate`);
    if (replace) {
      // The worker accounts stay: deleting app_user rows checks a dozen unindexed foreign keys
      // (case_file.opened_by, ...) with a scan each.
      await timed('--replace: delete the earlier run', async () => {
        await q(`DELETE FROM warning WHERE id IN (SELECT id FROM bench_generated_warning)`);
        await q(`TRUNCATE bench_generated_warning`);
        await q(`DELETE FROM overdue_notice WHERE kind = 'WAGE_CLAIM' AND item_id IN (SELECT w.id FROM wage_claim w JOIN app_user u ON u.id = w.claimant_id WHERE u.login_key LIKE 'bench:%')`);
        await q(`DELETE FROM wage_claim WHERE claimant_id IN (SELECT id FROM app_user WHERE login_key LIKE 'bench:%')`);
      });
    }

    // 1. workers
    await timed(
      'worker accounts',
      async () => {
        const r = await db.query(
          `INSERT INTO app_user (login_key, display_name, role, password_hash, created_at)
           SELECT 'bench:' || n, '压测工人' || n, 'WORKER', 'bench-no-login', now() - interval '800 days' + n * interval '1 minute'
           FROM generate_series(1, $1::int) n
           ON CONFLICT (login_key) DO NOTHING`,
          [WORKERS],
        );
        await q(
          `CREATE TEMP TABLE gen_worker AS SELECT row_number() OVER (ORDER BY login_key)::int AS idx, id FROM app_user
           WHERE login_key LIKE 'bench:%' AND substr(login_key, 7)::int <= $1`,
          [WORKERS],
        );
        await q(`ALTER TABLE gen_worker ADD PRIMARY KEY (idx)`);
        return r.rowCount ?? 0;
      },
      (n) => n,
    );

    // 2a. township weights from the cases, grids per township, employers
    await timed('township weights (from case_file), grids, employers', async () => {
      await q(`
        CREATE TEMP TABLE gen_ctownship AS
        WITH w AS (SELECT township_code AS code, count(*)::float8 AS n FROM case_file WHERE township_code IS NOT NULL GROUP BY 1),
             g AS (SELECT parent_code AS code, array_agg(code ORDER BY code) AS grids FROM unit WHERE level = 'GRID' GROUP BY 1)
        SELECT w.code, u.path::text AS path, COALESCE(g.grids, '{}') AS grids, COALESCE(cardinality(g.grids), 0) AS n_grids, w.n,
               sum(w.n) OVER (ORDER BY w.code) / sum(w.n) OVER () AS cum_hi
        FROM w JOIN unit u ON u.code = w.code LEFT JOIN g ON g.code = w.code`);
      await q(`UPDATE gen_ctownship SET cum_hi = 1.0000001 WHERE cum_hi >= 0.9999999`);
      await q(`CREATE INDEX ON gen_ctownship (cum_hi)`);
      await q(`CREATE TEMP TABLE gen_employer AS SELECT row_number() OVER (ORDER BY id)::int AS idx, id, name, name_key, credit_code FROM employer`);
      await q(`ALTER TABLE gen_employer ADD PRIMARY KEY (idx)`);
      await q(`ANALYZE gen_ctownship; ANALYZE gen_employer; ANALYZE gen_worker`);
    });
    const [{ n: employers }] = await q(`SELECT count(*)::int AS n FROM gen_employer`);
    const [{ base }] = await q(`SELECT nextval('wage_claim_number_seq')::bigint AS base`);

    // 2b. drop indexes and constraints for the load, keeping their definitions
    saved = await timed('drop indexes and constraints', () => dropForLoad(q, LOAD_TABLES));
    restored = false;
    writeFileSync(join(RESULTS_DIR, 'generate-claims-dropped.sql'), saved.map((s) => `${s.sql};`).join('\n') + '\n');

    // 2c. the claims, batch by batch
    const [{ now }] = await q(`SELECT now() AS now`);
    let claimRows = 0;
    await timed(
      'claims',
      async () => {
        for (let lo = 1; lo <= N; lo += BATCH) {
          const hi = Math.min(N, lo + BATCH - 1);
          const t0 = performance.now();
          await q(`DROP TABLE IF EXISTS gen_cbatch`);
          await q(batchSql, [lo, hi, N, now, WORKERS, employers]);
          const claims = await db.query(insertClaimsSql, [Number(base) - 1]);
          claimRows += claims.rowCount ?? 0;
          console.error(`  claims ${lo}-${hi}: ${claims.rowCount} claims in ${((performance.now() - t0) / 1000).toFixed(1)} s (load ${loadAverage()})`);
        }
        console.error(`  inserted ${claimRows} claims`);
        return claimRows;
      },
      (n) => n,
    );
    await q(`DROP TABLE IF EXISTS gen_cbatch`);
    await q(`SELECT setval('wage_claim_number_seq', $1::bigint)`, [Number(base) + N]);

    // 2d. constraints and indexes back, one by one
    for (const s of saved) await timed(`  re-create ${s.name}`, () => q(s.sql));
    restored = true;
    steps.push({ step: 're-create all indexes and constraints', seconds: steps.filter((s) => s.step.startsWith('  re-create')).reduce((a, s) => a + s.seconds, 0) });

    // 3. what a live sweep would already have announced
    await timed(
      'overdue_notice for pending claims past their due date',
      async () =>
        (
          await db.query(
            `INSERT INTO overdue_notice (kind, item_id, due_at, sent_at)
             SELECT 'WAGE_CLAIM', id, response_due_at, response_due_at FROM wage_claim WHERE status = 'SUBMITTED' AND response_due_at < now()
             ON CONFLICT DO NOTHING`,
          )
        ).rowCount ?? 0,
      (n) => n,
    );

    // 4. open warnings
    await timed(
      'warnings',
      async () => {
        await q(`
          CREATE TEMP TABLE gen_wtownship AS
          SELECT t.*, r.region,
                 sum(t.n) OVER (PARTITION BY r.region ORDER BY t.code) / sum(t.n) OVER (PARTITION BY r.region) AS wcum
          FROM gen_ctownship t
          CROSS JOIN LATERAL (SELECT CASE WHEN t.code LIKE '4113%' THEN 1 WHEN t.code LIKE '41%' THEN 2 ELSE 3 END AS region) r`);
        await q(`UPDATE gen_wtownship SET wcum = 1.0000001 WHERE wcum >= 0.9999999`);
        await q(`CREATE INDEX ON gen_wtownship (region, wcum)`);
        await q(`ANALYZE gen_wtownship`);
        const r = await db.query(warningsSql, [WARNINGS, now]);
        await q(`UPDATE employer e SET risk_level = w.level FROM warning w JOIN bench_generated_warning g ON g.id = w.id WHERE e.id = w.employer_id`);
        return r.rowCount ?? 0;
      },
      (n) => n,
    );

    await timed('public results per unit and year (answered claims included)', async () => {
      for (const sql of REBUILD_PUBLIC_RESULTS) await q(sql);
    });
    await timed('VACUUM (ANALYZE) of the new rows', async () => {
      for (const t of [...LOAD_TABLES, 'app_user', 'warning', 'employer', 'overdue_notice', 'bench_generated_warning']) await q(`VACUUM (ANALYZE) ${t}`);
    });
    const totalSeconds = (performance.now() - t00) / 1000;

    // 5. report
    const [counts] = await q(
      `SELECT (SELECT count(*) FROM wage_claim)::int AS claims,
              (SELECT count(*) FROM wage_claim WHERE status = 'SUBMITTED')::int AS pending,
              (SELECT count(*) FROM wage_claim WHERE status = 'SUBMITTED' AND response_due_at < now())::int AS pending_overdue,
              (SELECT count(*) FROM app_user WHERE role = 'WORKER')::int AS workers,
              (SELECT count(*) FROM warning WHERE resolved_at IS NULL)::int AS open_warnings,
              (SELECT count(DISTINCT routed_unit_code) FROM wage_claim)::int AS townships_with_claims`,
    );
    const status = await q(`SELECT status::text, count(*)::int AS n FROM wage_claim GROUP BY 1 ORDER BY 2 DESC`);
    const levels = await q(`SELECT level::text, count(*)::int AS n FROM warning WHERE resolved_at IS NULL GROUP BY 1 ORDER BY 2 DESC`);
    const units = ['411329305', '411329', '4113', '41', '4101', '11'];
    const seen = await q(
      `SELECT u.code, u.name, u.level::text,
              (SELECT count(*) FROM wage_claim w WHERE left(w.routed_unit_code, length(u.code)) = u.code)::int AS claims,
              (SELECT count(*) FROM wage_claim w JOIN unit x ON x.code = w.routed_unit_code WHERE w.status = 'SUBMITTED' AND x.path <@ u.path)::int AS pending,
              (SELECT count(*) FROM case_file c WHERE c.handling_path <@ u.path)::int AS cases,
              (SELECT count(*) FROM warning w WHERE w.resolved_at IS NULL AND w.unit_path <@ u.path)::int AS open_warnings
       FROM unit u WHERE u.code = ANY($1) ORDER BY length(u.code) DESC, u.code`,
      [units],
    );
    const sizes = await relationSizes(q, [...LOAD_TABLES, 'warning']);
    const [{ dbsize }] = await q(`SELECT pg_database_size(current_database())::bigint AS dbsize`);

    printSteps(steps, totalSeconds);
    console.log();
    console.log(table(Object.keys(counts), [Object.values(counts).map((n) => Number(n).toLocaleString('en-US'))]));
    console.log();
    console.log(table(['claim status', 'claims'], status.map((s) => [s.status, s.n.toLocaleString('en-US')])));
    console.log();
    console.log(table(['warning level', 'open'], levels.map((s) => [s.level, s.n.toLocaleString('en-US')])));
    console.log();
    console.log(
      table(
        ['unit', 'name', 'level', 'visible claims', 'pending claims in subtree', 'cases handled in subtree', 'open warnings in subtree'],
        seen.map((s) => [s.code, s.name, s.level, ...[s.claims, s.pending, s.cases, s.open_warnings].map((n: number) => n.toLocaleString('en-US'))]),
      ),
    );
    console.log();
    printSizes(sizes);
    console.log(`pg_database_size(${BENCH_DB}) = ${MiB(Number(dbsize))}`);
    console.error(
      `saved ${saveResult('generate-claims', { at: new Date().toISOString(), machine: machine(), N, BATCH, WORKERS, WARNINGS, totalSeconds, steps, counts, status, levels, seen, sizes, dbsize })}`,
    );
  } finally {
    if (!restored) {
      // A failure mid-load must not leave the schema without its keys and indexes.
      console.error('restoring the dropped indexes and constraints');
      for (const s of saved) {
        try {
          await q(s.sql);
        } catch (err) {
          console.error(`  ${s.name}: ${(err as Error).message}`);
        }
      }
    }
    await db.end();
  }
}

/**
 * One batch of claims [lo, hi] into gen_cbatch: township by case weight, workplace grid or
 * township, submitted_at rising with i over 730 days before $4, worker and employer by index.
 */
const batchSql = `
CREATE TEMP TABLE gen_cbatch AS
WITH draw AS (
  SELECT i, random() AS u, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6,
         1 + floor(random() * $5)::int AS worker_idx,
         1 + floor(random() * $6)::int AS emp_idx,
         $4::timestamptz - interval '730 days' + (i - random()) * (interval '730 days' / $3::int) AS submitted_at
  FROM generate_series($1::int, $2::int) AS i
)
SELECT gen_random_uuid() AS id, d.*, t.code AS township, t.path,
       CASE WHEN t.n_grids > 0 AND d.r6 < 0.7 THEN t.grids[1 + floor(d.r6 / 0.7 * t.n_grids)::int] ELSE t.code END AS workplace,
       extract(epoch FROM $4::timestamptz - d.submitted_at) / 86400 AS age
FROM draw d CROSS JOIN LATERAL (SELECT code, path, grids, n_grids FROM gen_ctownship WHERE cum_hi > d.u ORDER BY cum_hi LIMIT 1) t`;

/** The batch into wage_claim, in insert order; $1 = the number sequence's value before the load. */
const insertClaimsSql = `
INSERT INTO wage_claim (id, number, status, claimant_id, idempotency_key, input_hash, employer_name, employer_name_key,
  employer_credit_code, project_name, workplace_unit_code, routed_unit_code, amount_owed, period_from, period_to,
  workers_affected, description, submitted_at, response_due_at, response_due_provisional, case_id, decided_at, decided_by,
  reject_reason, version)
SELECT id, 'WC-' || to_char(submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || lpad(($1::bigint + i)::text, 8, '0'),
  status, worker_id, 'bench-' || i, encode(sha256(('bench-claim-' || i)::bytea), 'hex'),
  employer_name, name_key, credit_code,
  CASE WHEN r2 < 0.4 THEN employer_name || '承建项目' || (i % 97 + 1) || '号楼' END,
  workplace, township,
  round((800 + r4 * r4 * 120000)::numeric, 2),
  period_to - (30 + floor(r5 * 300))::int, period_to,
  1 + floor(r5 * r5 * r5 * 30)::int,
  '（压测数据）' || employer_name || '拖欠工资，' || (1 + floor(r5 * 10)::int) || '个月未发。',
  submitted_at, submitted_at + interval '7 days', false, NULL,
  CASE WHEN status IN ('ACCEPTED', 'REJECTED', 'RESOLVED') THEN submitted_at + (0.2 + r3 * 6) * interval '1 day' END,
  NULL,
  CASE WHEN status = 'REJECTED' THEN '不属于劳动保障监察受理范围，请通过劳动争议仲裁解决。' END,
  CASE WHEN status = 'SUBMITTED' THEN 1 ELSE 2 END
FROM (
  SELECT b.*, w.id AS worker_id,
    CASE WHEN b.r2 < 0.85 THEN e.name ELSE '个体包工头' || (ARRAY['张', '王', '李', '赵', '刘', '陈', '杨', '黄'])[1 + (b.i % 8)] || '某' || (b.i % 5000) END AS employer_name,
    CASE WHEN b.r2 < 0.85 THEN e.name_key ELSE '个体包工头' || (ARRAY['张', '王', '李', '赵', '刘', '陈', '杨', '黄'])[1 + (b.i % 8)] || '某' || (b.i % 5000) END AS name_key,
    CASE WHEN b.r2 < 0.85 THEN e.credit_code END AS credit_code,
    (b.submitted_at AT TIME ZONE 'Asia/Shanghai')::date - floor(b.r3 * 30)::int AS period_to,
    (CASE
      WHEN age < 7  THEN CASE WHEN r1 < 0.85 THEN 'SUBMITTED' WHEN r1 < 0.95 THEN 'ACCEPTED' WHEN r1 < 0.98 THEN 'REJECTED' ELSE 'WITHDRAWN' END
      WHEN age < 60 THEN CASE WHEN r1 < 0.05 THEN 'SUBMITTED' WHEN r1 < 0.65 THEN 'ACCEPTED' WHEN r1 < 0.80 THEN 'RESOLVED' WHEN r1 < 0.95 THEN 'REJECTED' ELSE 'WITHDRAWN' END
      ELSE CASE WHEN r1 < 0.01 THEN 'SUBMITTED' WHEN r1 < 0.35 THEN 'ACCEPTED' WHEN r1 < 0.85 THEN 'RESOLVED' WHEN r1 < 0.97 THEN 'REJECTED' ELSE 'WITHDRAWN' END
    END)::claim_status AS status
  FROM gen_cbatch b JOIN gen_worker w ON w.idx = b.worker_idx JOIN gen_employer e ON e.idx = b.emp_idx
) x
ORDER BY i`;

/**
 * $1 open warnings on employers without one: region 1 (Nanyang 4113) 5%, 2 (rest of Henan) 10%,
 * 3 (elsewhere) 85%; township by case weight within the region, one of its grids half the time.
 */
const warningsSql = `
WITH pick AS (
  SELECT e.id AS employer_id, row_number() OVER (ORDER BY random()) AS k
  FROM employer e WHERE NOT EXISTS (SELECT 1 FROM warning w WHERE w.employer_id = e.id AND w.resolved_at IS NULL)
), drawn AS (
  SELECT p.employer_id, random() AS u, random() AS r1, random() AS r2, random() AS r3, random() AS r4,
         CASE WHEN p.k <= $1::int * 0.05 THEN 1 WHEN p.k <= $1::int * 0.15 THEN 2 ELSE 3 END AS region
  FROM pick p WHERE p.k <= $1::int
), placed AS (
  SELECT d.*, CASE WHEN t.n_grids > 0 AND d.r4 < 0.5 THEN t.grids[1 + floor(d.r4 / 0.5 * t.n_grids)::int] ELSE t.code END AS unit_code,
         (CASE WHEN d.r1 < 0.6 THEN 'YELLOW' WHEN d.r1 < 0.9 THEN 'ORANGE' ELSE 'RED' END)::risk_level AS level,
         $2::timestamptz - d.r2 * interval '180 days' AS raised_at
  FROM drawn d CROSS JOIN LATERAL (SELECT code, grids, n_grids FROM gen_wtownship WHERE region = d.region AND wcum > d.u ORDER BY wcum LIMIT 1) t
), ins AS (
  INSERT INTO warning (employer_id, unit_code, unit_path, level, reasons, raised_at, updated_at, resolved_at)
  SELECT p.employer_id, p.unit_code, u.path, p.level,
    CASE p.level
      WHEN 'YELLOW' THEN CASE WHEN p.r3 < 0.7 THEN ARRAY['90天内被反映欠薪' || (3 + floor(p.r3 * 9))::int || '次']
                              ELSE ARRAY['网格巡查发现违法（' || to_char(p.raised_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') || '）'] END
      WHEN 'ORANGE' THEN ARRAY['90天内被反映欠薪' || (10 + floor(p.r3 * 30))::int || '次，共' || to_char(50000 + p.r3 * 900000, 'FM9999990.00') || '元']
      ELSE ARRAY['责令支付逾期未履行（期限 ' || to_char((p.raised_at - interval '1 day') AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') || '）',
                 '90天内被反映欠薪' || (3 + floor(p.r3 * 20))::int || '次']
    END,
    p.raised_at, p.raised_at + p.r3 * ($2::timestamptz - p.raised_at), NULL
  FROM placed p JOIN unit u ON u.code = p.unit_code
  RETURNING id
)
INSERT INTO bench_generated_warning (id) SELECT id FROM ins`;

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
