/**
 * The case list at scale (bench_scale, filled by generate-cases.ts): for a township, a county, a
 * city, a province and a linked district, 16 concurrent clients for a fixed time each, of
 *
 *   { cases(first: 20) { totalCount edges { node { id number title status openedAt handlingUnit { name } } } } }
 *
 * and of the same without totalCount, against a production server started as a child process
 * (`node -r ts-node/register/transpile-only src/main.ts`, NODE_ENV=production); beside it the raw
 * SQL floor through `pg` (16 pooled clients): the page query (case_visibility joined to case_file,
 * ORDER BY sort_at DESC, record_id DESC LIMIT 21) and a plain count of the unit's visibility rows.
 * The exact SQL that CaseQueriesService.list sends is captured in-process (same query builder,
 * TypeORM's query runner spied) and EXPLAIN (ANALYZE, BUFFERS) is printed for the province user.
 * Reports req/s, p50/p90/p99, CPU% of server / PostgreSQL backends / load generator / the rest of
 * the machine, and the server's VmRSS.
 *
 *   npx ts-node --transpile-only bench/cases-list.ts [--seconds 10] [--warmup 2] [--concurrency 16] [--users a,b] [--profile]
 *
 * With --profile the server runs in-process in a child (inproc-server.ts): each GraphQL run also
 * reports the SQL round trips per request (and the top statements), and writes a CPU profile.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app-config';
import { databaseSetup } from '../src/database/data-source-options';
import { defineAbilityFor } from '../src/modules/access/ability.factory';
import { Role } from '../src/modules/access/role.enum';
import { CaseQueriesService } from '../src/modules/cases/case-queries.service';
import { startInProcessServer, summarizeProfile } from './inproc-server';
import { MiB, RESULTS_DIR, argValue, loadAverage, machine, saveResult, table } from './lib';
import { BENCH_SECRETS, CpuMeter, CpuReport, LoadResult, Pool, benchDbUrl, cpuMsPerReq, gql, login, ms, pct, runLoad, startServer } from './scale-lib';
import { UnitLevel } from '../src/modules/access/unit-level';

const USERS = [
  { username: 'lead.fanji', unit: '411329305', level: 'TOWNSHIP', role: Role.SQUAD_LEADER },
  { username: 'sup.xinye', unit: '411329', level: 'COUNTY', role: Role.SUPERVISOR },
  { username: 'sup.nanyang', unit: '4113', level: 'CITY', role: Role.SUPERVISOR },
  { username: 'sup.henan', unit: '41', level: 'PROVINCE', role: Role.SUPERVISOR },
  { username: 'insp.zhongyuan', unit: '410102', level: 'COUNTY (linked)', role: Role.INSPECTOR },
];

const WITH_COUNT = `{ cases(first: 20) { totalCount edges { node { id number title status openedAt handlingUnit { name } } } } }`;
const NO_COUNT = `{ cases(first: 20) { edges { node { id number title status openedAt handlingUnit { name } } } } }`;

const FLOOR_PAGE = `
SELECT c.*, u.name AS handling_unit_name
FROM case_visibility vis
JOIN case_file c ON c.id = vis.record_id
JOIN unit u ON u.code = c.handling_unit_code
WHERE vis.unit_code = $1
ORDER BY vis.sort_at DESC, vis.record_id DESC
LIMIT 21`;
const FLOOR_COUNT = `SELECT count(*) FROM case_visibility WHERE unit_code = $1`;

interface Row {
  user: string;
  unit: string;
  level: string;
  visible: number;
  what: string;
  load: LoadResult;
  cpu: CpuReport;
  sqlPerRequest?: number;
  topSql?: [string, number][];
  profile?: string;
}

/** The SQL CaseQueriesService.list sends for a user (count, then page), captured from TypeORM. */
async function capturedListSql(unit: string, role: Role): Promise<{ sql: string; params: unknown[] }[]> {
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: benchDbUrl(), ...BENCH_SECRETS });
  const ds = await new DataSource({ ...databaseSetup(config).options, logging: false }).initialize();
  const captured: { sql: string; params: unknown[] }[] = [];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PostgresQueryRunner } = require('typeorm/driver/postgres/PostgresQueryRunner');
  const original = PostgresQueryRunner.prototype.query;
  PostgresQueryRunner.prototype.query = function (sql: string, params?: unknown[], ...rest: unknown[]) {
    captured.push({ sql, params: params ?? [] });
    return original.call(this, sql, params, ...rest);
  };
  try {
    const user = { id: '00000000-0000-0000-0000-000000000000', role, displayName: 'bench', unitCode: unit, unitLevel: UnitLevel.PROVINCE, unitPath: [unit] };
    await new CaseQueriesService(ds).list(defineAbilityFor(user), { first: 20 }, new Date());
  } finally {
    PostgresQueryRunner.prototype.query = original;
    await ds.destroy();
  }
  return captured;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const seconds = Number(argValue(argv, '--seconds') ?? 10);
  const warmup = Number(argValue(argv, '--warmup') ?? 2);
  const concurrency = Number(argValue(argv, '--concurrency') ?? 16);
  const only = argValue(argv, '--users')?.split(',');
  const profile = argv.includes('--profile');
  const users = USERS.filter((u) => !only || only.includes(u.username));
  const opts = { concurrency, durationMs: seconds * 1000, warmupMs: warmup * 1000 };
  console.error(`machine ${JSON.stringify(machine())}, load ${loadAverage()}`);

  // The exact SQL of the list, and its plan for the province user.
  const province = USERS.find((u) => u.level === 'PROVINCE')!;
  const sqls = await capturedListSql(province.unit, province.role);
  const pool = new Pool({ connectionString: benchDbUrl(), max: concurrency });
  const explains: string[] = [];
  for (const { sql, params } of sqls) {
    const plan = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
    explains.push(`-- ${sql.replace(/\s+/g, ' ')}\n-- params ${JSON.stringify(params)}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
  for (const [label, sql] of [['floor page', FLOOR_PAGE], ['floor count', FLOOR_COUNT]] as const) {
    const plan = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, [province.unit]);
    explains.push(`-- ${label}: ${sql.replace(/\s+/g, ' ').trim()}\n-- params ["${province.unit}"]\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
  const explainFile = join(RESULTS_DIR, 'cases-list-explain.txt');
  writeFileSync(explainFile, explains.join('\n\n') + '\n');
  console.error(`plans for ${province.username} written to ${explainFile}`);

  const inproc = profile ? await startInProcessServer() : undefined;
  const server = inproc ?? (await startServer());
  const rows: Row[] = [];
  try {
    for (const u of users) {
      const token = await login(server.port, u.username);
      const first = await gql(server.port, WITH_COUNT, {}, token);
      const visible = first.cases.totalCount as number;
      if (!first.cases.edges.length) throw new Error(`${u.username} sees no cases: run generate-cases.ts first`);
      const [{ count: floorCount }] = (await pool.query(FLOOR_COUNT, [u.unit])).rows;
      if (Number(floorCount) !== visible) console.error(`!! ${u.username}: totalCount ${visible} but ${floorCount} visibility rows`);
      for (const [what, query] of [['GraphQL with totalCount', WITH_COUNT], ['GraphQL without totalCount', NO_COUNT]] as const) {
        const meter = new CpuMeter(server.pid);
        const load = await runLoad(`${u.username} ${what}`, opts, () => gql(server.port, query, {}, token), async () => {
          await inproc?.startProfile();
          await meter.start();
        });
        const cpu = await meter.finish();
        const row: Row = { user: u.username, unit: u.unit, level: u.level, visible, what, load, cpu };
        if (inproc) {
          row.profile = join(RESULTS_DIR, `cases-list-${u.username}-${what.includes('without') ? 'nocount' : 'count'}.cpuprofile`);
          const sql = await inproc.stopProfile(row.profile);
          const n = load.ok + load.errors;
          row.sqlPerRequest = sql.total / n;
          row.topSql = sql.counts.slice(0, 8).map(([s, c]) => [s, c / n]);
        }
        rows.push(row);
        log(rows[rows.length - 1]);
      }
      for (const [what, sql] of [['SQL floor: page (LIMIT 21)', FLOOR_PAGE], ['SQL floor: count(*) of visibility rows', FLOOR_COUNT]] as const) {
        const meter = new CpuMeter('self');
        const load = await runLoad(`${u.username} ${what}`, opts, () => pool.query(sql, [u.unit]), () => meter.start());
        const cpu = await meter.finish();
        rows.push({ user: u.username, unit: u.unit, level: u.level, visible, what, load, cpu });
        log(rows[rows.length - 1]);
      }
    }
  } finally {
    const code = await server.stop();
    console.error(`server stopped (exit ${code})`);
    await pool.end();
  }

  console.log(
    table(
      ['user', 'unit', 'visible cases', 'query', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'errors', 'CPU% server / pg / loadgen / other', 'CPU ms per req: server / pg', 'server VmRSS peak', 'load 1m'],
      rows.map((r) => [
        r.user,
        `${r.unit} ${r.level}`,
        r.visible.toLocaleString('en-US'),
        r.what,
        r.load.rps.toFixed(0),
        ms(r.load.p50),
        ms(r.load.p90),
        ms(r.load.p99),
        r.load.errors,
        `${r.what.startsWith('SQL') ? '-' : pct(r.cpu.serverPct)} / ${pct(r.cpu.pgPct)} / ${pct(r.cpu.loadGenPct)} / ${pct(r.cpu.otherPct)}`,
        `${r.what.startsWith('SQL') ? '-' : cpuMsPerReq(r.cpu.serverPct, r.load.rps)} / ${cpuMsPerReq(r.cpu.pgPct, r.load.rps)}`,
        r.what.startsWith('SQL') ? '' : MiB(r.cpu.serverRssPeak),
        r.cpu.load.split(' ')[0],
      ]),
    ),
  );
  for (const r of rows.filter((r) => r.topSql)) {
    console.log(`\n${r.user} ${r.what}: ${r.sqlPerRequest!.toFixed(1)} SQL round trips per request; profile ${r.profile}`);
    console.log(table(['statement (first 110 chars)', 'per request'], r.topSql!.map(([s, n]) => [s, n.toFixed(2)])));
    console.log(summarizeProfile(r.profile!).split('\n').slice(0, 14).join('\n'));
  }
  console.error(`saved ${saveResult(profile ? 'cases-list-profile' : 'cases-list', { at: new Date().toISOString(), machine: machine(), opts, rows, sql: sqls })}`);
}

function log(r: Row): void {
  console.error(
    `${r.user} ${r.what}: ${r.load.ok} ok / ${r.load.errors} errors in ${r.load.seconds.toFixed(1)} s = ${r.load.rps.toFixed(0)}/s, ` +
      `p50 ${ms(r.load.p50)} p99 ${ms(r.load.p99)} ms; cpu server ${pct(r.cpu.serverPct)} pg ${pct(r.cpu.pgPct)} loadgen ${pct(r.cpu.loadGenPct)} other ${pct(r.cpu.otherPct)}; ` +
      `rss ${MiB(r.cpu.serverRssPeak)}; load ${r.cpu.load}${r.load.firstError ? `; first error: ${r.load.firstError}` : ''}`,
  );
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
