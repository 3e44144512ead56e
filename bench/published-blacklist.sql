-- The published blacklist's queries (src/modules/grid/published-blacklist.service.ts) over a
-- national-scale list: 300,000 entries (60,000 LISTED and running, 60,000 LISTED and expired,
-- 30,000 PROPOSED, 150,000 REMOVED) and two parties per listed entry. Run with
--   psql -h 127.0.0.1 -U postgres -d <a migrated database> -f bench/published-blacklist.sql
-- It works on copies of blacklist_entry / blacklist_party with the same indexes (LIKE ...
-- INCLUDING ALL; no foreign keys, so no cases or employers are needed) and drops them at the end.
\timing off
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_bl_party, bench_bl;
CREATE TABLE bench_bl (LIKE blacklist_entry INCLUDING ALL);
CREATE TABLE bench_bl_party (LIKE blacklist_party INCLUDING ALL);

INSERT INTO bench_bl (employer_id, case_id, status, reason, proposed_at, proposed_by, objection_due_at, basis, facts, legal_basis,
                      employer_name, employer_credit_code, listed_at, expires_at, listing_unit_code)
SELECT gen_random_uuid(), gen_random_uuid(),
       (CASE WHEN i <= 120000 THEN 'LISTED' WHEN i <= 150000 THEN 'PROPOSED' ELSE 'REMOVED' END)::blacklist_status,
       '经责令限期支付逾期未支付', now() - (i % 2000) * interval '1 day', gen_random_uuid(), now(), 'THRESHOLD',
       '拖欠农民工工资，数额达到认定拒不支付劳动报酬罪数额标准', '第五条第（一）项',
       (ARRAY['南阳','郑州','洛阳','新野','宛城','开封','许昌','信阳'])[1 + i % 8] || md5(i::text) || (ARRAY['建筑工程','劳务','装饰','市政'])[1 + i % 4] || '有限公司',
       '91' || upper(substr(md5('c' || i), 1, 16)),
       -- running listings: listed within the last 3 years; expired ones: 3 to 6 years ago
       CASE WHEN i <= 60000 THEN now() - (i % 1090) * interval '1 day' - i * interval '1 second'
            WHEN i <= 120000 THEN now() - interval '3 years' - (i % 1000) * interval '1 day' END,
       CASE WHEN i <= 60000 THEN now() - (i % 1090) * interval '1 day' - i * interval '1 second' + interval '3 years'
            WHEN i <= 120000 THEN now() - (i % 1000) * interval '1 day' - interval '1 second' END,
       '411329'
  FROM generate_series(1, 300000) AS i;
INSERT INTO bench_bl_party (entry_id, role, name, id_card_enc, id_card_hash, added_at, added_by)
SELECT b.id, r.role::blacklist_party_role, '张' || substr(md5(b.id::text || r.role), 1, 2), 'v1.x.y.z', md5(b.id::text || r.role) || md5(r.role), now(), gen_random_uuid()
  FROM bench_bl b CROSS JOIN (VALUES ('LEGAL_REPRESENTATIVE'), ('RESPONSIBLE_MANAGER')) AS r(role)
 WHERE b.status = 'LISTED';
VACUUM ANALYZE bench_bl;
VACUUM ANALYZE bench_bl_party;

\echo '--- first page (20), no search'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON)
SELECT b.id, b.employer_name, b.employer_credit_code, b.listed_at, b.expires_at FROM bench_bl b
 WHERE b.status = 'LISTED' AND b.expires_at > now() ORDER BY b.listed_at DESC, b.id DESC LIMIT 21;

\echo '--- a page deep in the list (after a cursor two years back)'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON)
SELECT b.id FROM bench_bl b
 WHERE b.status = 'LISTED' AND b.expires_at > now() AND (b.listed_at, b.id) < (now() - interval '2 years', 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid)
 ORDER BY b.listed_at DESC, b.id DESC LIMIT 21;

\echo '--- search: a rare part of a name'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON)
SELECT b.id FROM bench_bl b
 WHERE b.status = 'LISTED' AND b.expires_at > now() AND (b.employer_name ILIKE '%' || substr(md5('4242'), 1, 8) || '%' OR b.employer_credit_code = upper(substr(md5('4242'), 1, 8)))
 ORDER BY b.listed_at DESC, b.id DESC LIMIT 21;

\echo '--- search: a common word (a quarter of all names)'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON)
SELECT b.id FROM bench_bl b
 WHERE b.status = 'LISTED' AND b.expires_at > now() AND (b.employer_name ILIKE '%装饰%' OR b.employer_credit_code = '装饰')
 ORDER BY b.listed_at DESC, b.id DESC LIMIT 21;

\echo '--- search: a full credit code'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON)
SELECT b.id FROM bench_bl b
 WHERE b.status = 'LISTED' AND b.expires_at > now() AND (b.employer_name ILIKE '%' || '91' || upper(substr(md5('c4242'), 1, 16)) || '%' OR b.employer_credit_code = '91' || upper(substr(md5('c4242'), 1, 16)))
 ORDER BY b.listed_at DESC, b.id DESC LIMIT 21;

\echo '--- totalCount, no search (only when asked for)'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON)
SELECT COUNT(*) FROM bench_bl b WHERE b.status = 'LISTED' AND b.expires_at > now();

\echo '--- the parties of one page'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON)
SELECT entry_id, role, name FROM bench_bl_party
 WHERE entry_id = ANY (ARRAY(SELECT id FROM bench_bl WHERE status = 'LISTED' ORDER BY listed_at DESC, id DESC LIMIT 20))
 ORDER BY role, added_at, id;

DROP TABLE bench_bl_party, bench_bl;
