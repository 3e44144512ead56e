/**
 * Fills the database bench_scale with a national-scale case load, in SQL:
 *
 *   npx ts-node --transpile-only bench/generate-cases.ts [--cases 2000000] [--batch 100000] [--employers 50000]
 *
 * 1. drops and creates bench_scale, then runs scripts/seed-demo.ts on it (migrations, the
 *    44,703-unit national tree, the working-day calendar, Nanyang's grids, the demo accounts with
 *    password Demo@2026 and whatever demo records it makes), with the fixed bench keys of scale-lib.ts;
 * 2. 50,000 employers (valid credit codes for 80% of them), registered in random townships;
 * 3. the cases: each township gets a Zipf weight 1/rank^1.1 over a seeded random order (the demo
 *    townships 411329305, 411329101 and one township of 410102 pinned to mid ranks), opened_at
 *    rises over the last 730 days in insert order (so the heap is in time order, as in life),
 *    statuses follow the age (mostly CLOSED; RECEIVED / FILED / ... for recent ones), 20% of
 *    cases get 1-2 links to a random county or township elsewhere, every 400th case a link to
 *    410102; case_visibility gets every ancestor-or-self of the handling path and of each linked
 *    unit's path (DISTINCT), as refreshVisibility would write them;
 * 4. case_number_seq is advanced past the generated numbers (so openCase keeps numbers unique), and
 *    the deadlines already past get their overdue_notice row (as a live server's minute sweep would
 *    have written them; otherwise the first sweep of the first bench server sends ~50,000 at once).
 *
 * Bulk-load technique: the indexes and constraints of case_file / case_link / case_visibility
 * (and the foreign keys pointing at case_file) are dropped before the load and re-created
 * afterwards from their own definitions (pg_get_constraintdef / pg_get_indexdef), so the final
 * schema is exactly the migrations'. Then VACUUM ANALYZE. Prints the time of each step, the row
 * counts, what the demo units see, and table / index sizes.
 */
import { spawnSync } from 'node:child_process';
import { makeCreditCode } from '../src/common/credit-code';
import { BACKFILL_WORKING_DAYS_TO_CLOSE, REBUILD_PUBLIC_RESULTS } from '../src/migrations/1765300000000-PublicResults';
import { rebuildCaseCounters } from '../src/modules/stats/case-counters';
import { MiB, argValue, loadAverage, machine, saveResult, table } from './lib';
import { BENCH_DB, BENCH_SECRETS, ROOT, adminQuery, benchClient, benchDbUrl, dropForLoad, printSizes, printSteps, relationSizes, stepTimer } from './scale-lib';

const ZIPF_S = 1.1;
const LINK_SHARE = 0.2;
const PINNED: Record<string, number> = { '411329305': 150, '411329101': 600 };
const ZHONGYUAN = '410102';
const ZHONGYUAN_TOWNSHIP_RANK = 300;
const LOAD_TABLES = ['case_file', 'case_link', 'case_visibility'];
/** The row triggers that keep case_unit_stats (migration CaseUnitStats). */
const CASE_COUNTER_TRIGGERS = ['case_unit_stats_insert_delete', 'case_unit_stats_update'];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const N = Number(argValue(argv, '--cases') ?? 2_000_000);
  const BATCH = Number(argValue(argv, '--batch') ?? 100_000);
  const EMPLOYERS = Number(argValue(argv, '--employers') ?? 50_000);
  const { steps, timed } = stepTimer();
  const t00 = performance.now();
  console.error(`machine ${JSON.stringify(machine())}, load ${loadAverage()}; ${N} cases in batches of ${BATCH}`);

  // 1. fresh database, seeded as the server would seed it
  await timed('create database', async () => {
    await adminQuery(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE ${BENCH_DB}`);
  });
  await timed('migrations + national tree + calendar + demo data (scripts/seed-demo.ts)', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', DATABASE_URL: benchDbUrl(), ...BENCH_SECRETS };
    for (const k of ['DATA_DIR', 'SEED_DEMO', 'RUN_MIGRATIONS', 'REDIS_URL', 'NODE_OPTIONS']) delete env[k];
    const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/seed-demo.ts'], { cwd: ROOT, env, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`scripts/seed-demo.ts exited with ${r.status}`);
  });

  const db = await benchClient();
  const q = async (sql: string, params: unknown[] = []): Promise<any[]> => (await db.query(sql, params)).rows;
  await q(`SET synchronous_commit = off`);
  await q(`SET maintenance_work_mem = '1GB'`);
  await q(`SET work_mem = '256MB'`);
  await q(`SELECT setseed(0.2026)`);
  try {
    // 2. employers
    const townships: { code: string; path: string }[] = await q(`SELECT code, path::text AS path FROM unit WHERE level = 'TOWNSHIP' ORDER BY code`);
    await timed(
      'employers',
      async () => {
        const rnd = mulberry32(2026);
        const names = ['华盛', '鑫源', '宏达', '中建', '天成', '恒泰', '金鼎', '瑞丰', '永安', '博远', '豫昌', '广厦', '东方', '新星', '汇通', '嘉禾', '润泽', '兴业', '长城', '远航'];
        const trades = ['建筑劳务', '建设工程', '装饰工程', '服装', '电子科技', '物流', '餐饮管理', '食品', '机械制造', '物业服务', '家具', '纺织', '保安服务', '市政工程', '商贸'];
        for (let start = 0; start < EMPLOYERS; start += 10_000) {
          const cols: (string | null)[][] = [[], [], [], [], []];
          for (let i = start; i < Math.min(EMPLOYERS, start + 10_000); i++) {
            const t = townships[Math.floor(rnd() * townships.length)];
            const name = `${names[i % names.length]}${trades[Math.floor(i / names.length) % trades.length]}${i + 1}号有限公司`;
            const org = String(i + 1).padStart(8, '0') + 'A';
            cols[0].push(name);
            cols[1].push(name.toLowerCase());
            cols[2].push(rnd() < 0.8 ? makeCreditCode(`91${t.code.slice(0, 6)}${org}`) : null);
            cols[3].push(t.code);
            cols[4].push(new Date(Date.now() - rnd() * 10 * 365 * 86_400_000).toISOString());
          }
          await q(
            `INSERT INTO employer (name, name_key, credit_code, registered_unit_code, created_at)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])`,
            cols,
          );
        }
        await q(`CREATE TEMP TABLE gen_employer AS SELECT row_number() OVER (ORDER BY id)::int AS idx, id, name FROM employer`);
        await q(`ALTER TABLE gen_employer ADD PRIMARY KEY (idx)`);
        return EMPLOYERS;
      },
      (n) => n,
    );

    // 3a. township weights (Zipf over a seeded random order, demo townships pinned)
    await timed('township weights', async () => {
      const rnd = mulberry32(41);
      const order = townships.map((t) => t.code);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      const zhongyuan = order.find((c) => c.startsWith(ZHONGYUAN))!;
      const pinned = new Map<number, string>(Object.entries({ ...PINNED, [zhongyuan]: ZHONGYUAN_TOWNSHIP_RANK }).map(([c, r]) => [r, c]));
      const rest = order.filter((c) => ![...pinned.values()].includes(c));
      const ranked: string[] = [];
      for (let rank = 1; rank <= order.length; rank++) ranked.push(pinned.get(rank) ?? rest.shift()!);
      const weights = ranked.map((_, i) => 1 / Math.pow(i + 1, ZIPF_S));
      const total = weights.reduce((a, b) => a + b, 0);
      let cum = 0;
      const cumHi = weights.map((w) => (cum += w / total));
      cumHi[cumHi.length - 1] = 1.0000001;
      const pathOf = new Map(townships.map((t) => [t.code, t.path]));
      await q(`CREATE TEMP TABLE gen_township (rank int PRIMARY KEY, code text NOT NULL, path text NOT NULL, cum_hi float8 NOT NULL, used int NOT NULL DEFAULT 0)`);
      await q(
        `INSERT INTO gen_township (rank, code, path, cum_hi) SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::float8[])`,
        [ranked.map((_, i) => i + 1), ranked, ranked.map((c) => pathOf.get(c)!), cumHi],
      );
      await q(`CREATE INDEX ON gen_township (cum_hi)`);
      // Numbers go on after any the demo data set already gave (case_number_seq), in every year.
      await q(`UPDATE gen_township t SET used = s.last FROM (SELECT unit_code, max(last) AS last FROM case_number_seq GROUP BY 1) s WHERE s.unit_code = t.code`);
      await q(`CREATE TEMP TABLE gen_linkable AS SELECT row_number() OVER (ORDER BY code)::int AS idx, code, path::text AS path FROM unit WHERE level IN ('COUNTY', 'TOWNSHIP')`);
      await q(`ALTER TABLE gen_linkable ADD PRIMARY KEY (idx)`);
      await q(`ANALYZE gen_township; ANALYZE gen_linkable; ANALYZE gen_employer`);
    });
    const [{ n: linkable }] = await q(`SELECT count(*)::int AS n FROM gen_linkable`);
    const [{ idx: zhongyuanIdx }] = await q(`SELECT idx FROM gen_linkable WHERE code = $1`, [ZHONGYUAN]);

    // 3b. drop indexes and constraints for the load, keeping their definitions
    const saved = await timed('drop indexes and constraints', () => dropForLoad(q, LOAD_TABLES));
    // The case counters' triggers would add one upsert per generated case: off for the load, the
    // counters rebuilt from the cases afterwards (src/modules/stats/case-counters.ts).
    for (const trigger of CASE_COUNTER_TRIGGERS) await q(`ALTER TABLE case_file DISABLE TRIGGER ${trigger}`);

    // 3c. the cases, batch by batch
    const [{ now }] = await q(`SELECT now() AS now`);
    let caseRows = 0;
    let linkRows = 0;
    let visRows = 0;
    await timed(
      'cases + links + visibility',
      async () => {
        for (let lo = 1; lo <= N; lo += BATCH) {
          const hi = Math.min(N, lo + BATCH - 1);
          const t0 = performance.now();
          await q(`DROP TABLE IF EXISTS gen_batch, gen_links`);
          await q(batchSql, [lo, hi, N, now, EMPLOYERS, linkable, LINK_SHARE]);
          await q(`UPDATE gen_township t SET used = t.used + c.n FROM (SELECT code, count(*)::int AS n FROM gen_batch GROUP BY code) c WHERE t.code = c.code`);
          const cases = await db.query(insertCasesSql);
          await q(linksSql, [zhongyuanIdx]);
          const links = await db.query(
            `INSERT INTO case_link (case_id, unit_code, reason, linked_at) SELECT case_id, unit_code, reason, linked_at FROM gen_links`,
          );
          const vis = await db.query(visibilitySql);
          caseRows += cases.rowCount ?? 0;
          linkRows += links.rowCount ?? 0;
          visRows += vis.rowCount ?? 0;
          console.error(
            `  cases ${lo}-${hi}: ${cases.rowCount} cases, ${links.rowCount} links, ${vis.rowCount} visibility rows in ${((performance.now() - t0) / 1000).toFixed(1)} s (load ${loadAverage()})`,
          );
        }
        console.error(`  inserted ${caseRows} cases, ${linkRows} links, ${visRows} visibility rows`);
        return caseRows;
      },
      (n) => n,
    );
    await q(`DROP TABLE IF EXISTS gen_batch, gen_links`);
    await timed('case_number_seq', async () => {
      await q(`INSERT INTO case_number_seq (unit_code, year, last)
               SELECT t.code, y, t.used FROM gen_township t, generate_series(2024, 2027) y WHERE t.used > 0
               ON CONFLICT (unit_code, year) DO UPDATE SET last = GREATEST(case_number_seq.last, EXCLUDED.last)`);
    });

    // A live server sweeps overdue deadlines every minute, so every deadline already past has had
    // its notice: mark them, or the first sweep of the first bench server would send them all at once.
    await timed('overdue_notice for past deadlines', async () => {
      const [{ exists }] = await q(`SELECT to_regclass('overdue_notice') IS NOT NULL AS exists`);
      if (!exists) return 0;
      const r = await db.query(
        `INSERT INTO overdue_notice (kind, item_id, due_at, sent_at)
         SELECT 'CASE', id, active_due_at, active_due_at FROM case_file WHERE active_due_at < now()
         UNION ALL
         SELECT 'PAYMENT_ORDER', id, rectification_due_at, rectification_due_at FROM case_file
         WHERE status <> 'CLOSED' AND rectification_due_at < now() AND amount_recovered < COALESCE(rectification_amount, amount_owed)
         ON CONFLICT DO NOTHING`,
      );
      return r.rowCount ?? 0;
    }, (n) => n);

    // 3d. working days from receipt to closing, as closeCase writes them (before the indexes, which cover the column)
    await timed('working days to close (closed cases)', async () => (await db.query(BACKFILL_WORKING_DAYS_TO_CLOSE)).rowCount ?? 0, (n) => n);
    await timed('public results per unit and year (public_result_year)', async () => {
      for (const sql of REBUILD_PUBLIC_RESULTS) await db.query(sql);
    });
    await timed('case counters per township and workplace (case_unit_stats)', async () => {
      await q('BEGIN');
      await rebuildCaseCounters(db);
      for (const trigger of CASE_COUNTER_TRIGGERS) await q(`ALTER TABLE case_file ENABLE TRIGGER ${trigger}`);
      await q('COMMIT');
    });

    // 3e. constraints and indexes back, one by one
    for (const s of saved) await timed(`  re-create ${s.name}`, () => q(s.sql));
    steps.push({ step: 're-create all indexes and constraints', seconds: steps.filter((s) => s.step.startsWith('  re-create')).reduce((a, s) => a + s.seconds, 0) });
    await timed('VACUUM ANALYZE', async () => {
      for (const t of [...LOAD_TABLES, 'employer', 'case_number_seq', 'case_unit_stats']) await q(`VACUUM (ANALYZE) ${t}`);
    });
    const totalSeconds = (performance.now() - t00) / 1000;

    // 4. report
    const counts = (
      await q(`SELECT (SELECT count(*) FROM case_file)::int AS cases, (SELECT count(*) FROM case_link)::int AS links,
                      (SELECT count(*) FROM case_visibility)::int AS visibility, (SELECT count(*) FROM employer)::int AS employers,
                      (SELECT count(DISTINCT handling_unit_code) FROM case_file)::int AS townships_with_cases`)
    )[0];
    const status = await q(`SELECT status::text, count(*)::int AS n FROM case_file GROUP BY 1 ORDER BY 2 DESC`);
    const units = ['411329305', '411329101', '410102', '411329', '4113', '41', '4101', '11'];
    const seen = await q(
      `SELECT u.code, u.name, u.level::text,
              (SELECT count(*) FROM case_visibility v WHERE v.unit_code = u.code)::int AS visible,
              (SELECT count(*) FROM case_file c WHERE c.handling_path <@ u.path)::int AS handled_in_subtree,
              (SELECT count(*) FROM case_link l WHERE l.unit_code = u.code)::int AS linked_directly
       FROM unit u WHERE u.code = ANY($1) ORDER BY length(u.code) DESC, u.code`,
      [units],
    );
    const top = await q(`SELECT rank, code, used FROM gen_township ORDER BY rank LIMIT 3`);
    const sizes = await relationSizes(q, [...LOAD_TABLES, 'employer']);
    const [{ dbsize }] = await q(`SELECT pg_database_size(current_database())::bigint AS dbsize`);

    printSteps(steps, totalSeconds);
    console.log();
    console.log(table(['cases', 'links', 'visibility rows', 'employers', 'townships with cases'], [[counts.cases, counts.links, counts.visibility, counts.employers, counts.townships_with_cases].map((n) => n.toLocaleString('en-US'))]));
    console.log(`top townships: ${top.map((t) => `#${t.rank} ${t.code} ${t.used.toLocaleString('en-US')}`).join(', ')}`);
    console.log();
    console.log(table(['status', 'cases'], status.map((s) => [s.status, s.n.toLocaleString('en-US')])));
    console.log();
    console.log(
      table(
        ['unit', 'name', 'level', 'visible cases (case_visibility rows)', 'handled in subtree', 'linked directly'],
        seen.map((s) => [s.code, s.name, s.level, s.visible.toLocaleString('en-US'), s.handled_in_subtree.toLocaleString('en-US'), s.linked_directly.toLocaleString('en-US')]),
      ),
    );
    console.log();
    printSizes(sizes);
    console.log(`pg_database_size(${BENCH_DB}) = ${MiB(Number(dbsize))}`);
    console.error(
      `saved ${saveResult('generate-cases', { at: new Date().toISOString(), machine: machine(), N, BATCH, EMPLOYERS, totalSeconds, steps, counts, status, seen, top, sizes, dbsize })}`,
    );
  } finally {
    await db.end();
  }
}

/**
 * One batch of cases [lo, hi] into gen_batch: township by the Zipf weights ($7 = link share),
 * opened_at rising with i over 730 days before $4, status by age, employer by index.
 */
const batchSql = `
CREATE TEMP TABLE gen_batch AS
WITH draw AS (
  SELECT i, random() AS u, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6,
         1 + floor(random() * $5)::int AS emp_idx,
         $4::timestamptz - interval '730 days' + (i - random()) * (interval '730 days' / $3::int) AS opened_at
  FROM generate_series($1::int, $2::int) AS i
), placed AS (
  SELECT d.*, t.code, t.path, t.used + row_number() OVER (PARTITION BY t.code ORDER BY d.i) AS seq,
         extract(epoch FROM $4::timestamptz - d.opened_at) / 86400 AS age
  FROM draw d CROSS JOIN LATERAL (SELECT code, path, used FROM gen_township WHERE cum_hi > d.u ORDER BY cum_hi LIMIT 1) t
), s AS (
  SELECT p.*, e.id AS employer_id, e.name AS employer_name,
    (CASE
      WHEN age < 7   THEN CASE WHEN r1 < 0.70 THEN 'RECEIVED' WHEN r1 < 0.95 THEN 'FILED' ELSE 'REJECTED' END
      WHEN age < 60  THEN CASE WHEN r1 < 0.45 THEN 'FILED' WHEN r1 < 0.60 THEN 'RECTIFICATION_ORDERED' WHEN r1 < 0.65 THEN 'PENALTY_DECIDED'
                               WHEN r1 < 0.95 THEN 'CLOSED' ELSE 'REJECTED' END
      WHEN age < 120 THEN CASE WHEN r1 < 0.10 THEN 'FILED' WHEN r1 < 0.15 THEN 'RECTIFICATION_ORDERED' WHEN r1 < 0.17 THEN 'PENALTY_DECIDED'
                               WHEN r1 < 0.18 THEN 'TRANSFERRED_TO_POLICE' WHEN r1 < 0.95 THEN 'CLOSED' ELSE 'REJECTED' END
      ELSE CASE WHEN r1 < 0.01 THEN 'FILED' WHEN r1 < 0.02 THEN 'TRANSFERRED_TO_POLICE' WHEN r1 < 0.95 THEN 'CLOSED' ELSE 'REJECTED' END
    END)::case_status AS status,
    (CASE WHEN r2 < 0.50 THEN 'COMPLAINT' WHEN r2 < 0.75 THEN 'WAGE_CLAIM' WHEN r2 < 0.85 THEN 'REPORT' WHEN r2 < 0.95 THEN 'INSPECTION' ELSE 'SUPERVISION' END)::case_source AS source,
    round((2000 + r3 * r3 * 498000)::numeric, 2) AS amount_owed,
    1 + floor(r4 * r4 * r4 * 80)::int AS workers
  FROM placed p JOIN gen_employer e ON e.idx = p.emp_idx
), f AS (
  SELECT s.*,
    CASE WHEN status IN ('RECEIVED', 'REJECTED') THEN NULL ELSE opened_at + (1 + r5 * 4) * interval '1 day' END AS filed_at,
    CASE WHEN status IN ('CLOSED', 'REJECTED') THEN opened_at + least(age * r5, 3 + 80 * r5) * interval '1 day' END AS closed_at,
    CASE WHEN status = 'CLOSED' THEN (CASE WHEN r4 < 0.70 THEN 'PAID_IN_FULL' WHEN r4 < 0.82 THEN 'PARTIALLY_PAID' WHEN r4 < 0.94 THEN 'NO_VIOLATION'
                                           WHEN r4 < 0.97 THEN 'TRANSFERRED' ELSE 'WITHDRAWN' END)::case_outcome END AS outcome,
    CASE WHEN r6 < $7 THEN (CASE WHEN r5 < 0.6 THEN 1 ELSE 2 END) ELSE 0 END AS n_links,
    1 + floor(random() * $6)::int AS link1, 1 + floor(random() * $6)::int AS link2,
    (ARRAY['EMPLOYER_REGISTERED', 'PROJECT_SITE', 'WORKER_ORIGIN', 'ASSISTANCE'])[1 + floor(random() * 4)::int]::link_reason AS reason
  FROM s
)
SELECT gen_random_uuid() AS id, f.*,
  code || '-' || to_char(opened_at AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || lpad(seq::text, 6, '0') AS number
FROM f`;

const insertCasesSql = `
INSERT INTO case_file (id, number, title, description, status, source, handling_unit_code, handling_path,
  province_code, city_code, county_code, township_code, workplace_unit_code, employer_id, workers_affected,
  amount_owed, amount_recovered, workers_paid, rectification_due_at, rectification_amount, penalty_fine, fully_paid_at,
  opened_at, opened_by, acceptance_due_at, filed_at, handling_due_at, active_due_at, deadline_provisional, extended,
  transferred_in, outcome, closed_at, search_text, version)
SELECT id, number, title, '（压测数据）' || title || '，涉及劳动者 ' || workers || ' 人。', status, source, code, path::ltree,
  split_part(path, '.', 1), split_part(path, '.', 2), split_part(path, '.', 3), split_part(path, '.', 4), code, employer_id, workers,
  amount_owed,
  CASE outcome WHEN 'PAID_IN_FULL' THEN amount_owed WHEN 'PARTIALLY_PAID' THEN round(amount_owed * 0.6, 2) ELSE 0 END,
  CASE outcome WHEN 'PAID_IN_FULL' THEN workers WHEN 'PARTIALLY_PAID' THEN workers / 2 ELSE 0 END,
  CASE WHEN status = 'RECTIFICATION_ORDERED' THEN filed_at + interval '15 days' END,
  CASE WHEN status = 'RECTIFICATION_ORDERED' THEN amount_owed END,
  CASE WHEN status = 'PENALTY_DECIDED' THEN round(amount_owed * 0.5, 2) END,
  CASE WHEN outcome = 'PAID_IN_FULL' THEN closed_at - interval '1 day' END,
  opened_at, NULL, opened_at + interval '7 days', filed_at, filed_at + interval '84 days',
  CASE WHEN status = 'RECEIVED' THEN opened_at + interval '7 days'
       WHEN status IN ('FILED', 'RECTIFICATION_ORDERED', 'PENALTY_DECIDED') THEN filed_at + interval '84 days' END,
  false, status = 'FILED' AND age > 90, false, outcome, closed_at,
  lower(number || ' ' || title || ' ' || employer_name), 1
FROM (SELECT b.*, employer_name || CASE source WHEN 'WAGE_CLAIM' THEN '拖欠农民工工资' WHEN 'INSPECTION' THEN '未按时足额支付工资（日常巡查）'
                                            ELSE '拖欠工资' END AS title FROM gen_batch b) x
ORDER BY i`;

/** Links of the batch: 1-2 random counties or townships outside the handling line; every 400th case to 410102 ($1 = its index). */
const linksSql = `
CREATE TEMP TABLE gen_links AS
SELECT DISTINCT ON (b.id, l.code) b.id AS case_id, l.code AS unit_code, l.path, b.reason, b.opened_at + interval '1 day' * b.r2 AS linked_at
FROM gen_batch b
CROSS JOIN LATERAL (VALUES (1, CASE WHEN b.i % 400 = 0 THEN $1::int ELSE b.link1 END), (2, b.link2)) AS pick(n, idx)
JOIN gen_linkable l ON l.idx = pick.idx
WHERE (pick.n <= b.n_links OR (pick.n = 1 AND b.i % 400 = 0))
  AND b.code NOT LIKE l.code || '%'`;

const visibilitySql = `
INSERT INTO case_visibility (unit_code, sort_at, record_id)
SELECT DISTINCT code, opened_at, id FROM (
  SELECT unnest(string_to_array(b.path, '.')) AS code, b.opened_at, b.id FROM gen_batch b
  UNION ALL
  SELECT unnest(string_to_array(l.path, '.')), b.opened_at, b.id FROM gen_links l JOIN gen_batch b ON b.id = l.case_id
) anc`;

/** A small seeded PRNG, so that the township order and employers are the same every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
