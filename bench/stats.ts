/**
 * Statistics and warnings at scale (bench_scale, filled by generate-cases.ts and generate-claims.ts):
 * for a province, a city and a county supervisor, `concurrency` closed-loop clients for a fixed
 * time each, of
 *
 *   { childUnitStats(unitCode: X) { unit { code name } casesOpen casesOverdue casesClosed claimsPending amountOwed amountRecovered workersAffected } }
 *   { unitStats(unitCode: X) { … the same fields } }
 *   { warnings(unitCode: "4113") { level reasons unit { code } employer { name } } }      (sup.nanyang)
 *
 * against a production server started as a child process (NODE_ENV=production,
 * OVERDUE_SWEEP_SECONDS=0), and beside each the raw SQL floor through `pg` with the same
 * concurrency: the exact statements StatsService / WarningsService and the resolvers' loaders send
 * for that request once warm (captured in-process: StatsService and WarningsService run on a
 * DataSource of bench_scale with node-postgres' Client.query spied), in sequence as the server sends
 * them, and the two big statements alone (cases aggregate, pending-claims aggregate; the warning
 * list). Writes EXPLAIN (ANALYZE, BUFFERS) of every captured statement to
 * bench/results/stats-explain.txt and prints the visibility-map state of case_file.
 *
 *   npx ts-node --transpile-only bench/stats.ts [--seconds 10] [--warmup 2] [--concurrency 8] [--units 41,4113,411329]
 *       [--what child,unit,warnings] [--no-graphql] [--explain-only] [--profile] [--node-args "--max-semi-space-size=32"]
 *
 * With --profile the server runs in-process in a child (inproc-server.ts): each GraphQL run also
 * reports the SQL round trips per request (and the top statements) and writes a CPU profile.
 */
import 'reflect-metadata';
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Clock } from '../src/common/clock';
import { loadConfig } from '../src/config/app-config';
import { databaseSetup } from '../src/database/data-source-options';
import { defineAbilityFor } from '../src/modules/access/ability.factory';
import { CurrentUser } from '../src/modules/access/current-user';
import { Role } from '../src/modules/access/role.enum';
import { StatsService } from '../src/modules/stats/stats.service';
import { UnitsService } from '../src/modules/units/units.service';
import { LoaderRegistry } from '../src/modules/access/request-context';
import { WarningsService } from '../src/modules/supervision/warnings.service';
import { startInProcessServer, summarizeProfile } from './inproc-server';
import { MiB, RESULTS_DIR, argValue, loadAverage, machine, saveResult, table } from './lib';
import { BENCH_SECRETS, CpuMeter, CpuReport, LoadResult, Pool, benchDbUrl, cpuMsPerReq, gql, login, ms, pct, runLoad, startServer } from './scale-lib';
import { UnitLevel } from '../src/modules/access/unit-level';

const USERS = [
  { username: 'sup.henan', unit: '41', level: UnitLevel.PROVINCE, path: ['41'] },
  { username: 'sup.nanyang', unit: '4113', level: UnitLevel.CITY, path: ['41', '4113'] },
  { username: 'sup.xinye', unit: '411329', level: UnitLevel.COUNTY, path: ['41', '4113', '411329'] },
];
const WARNINGS_USER = 'sup.nanyang';
const WARNINGS_UNIT = '4113';

const FIELDS = `unit { code name } casesOpen casesOverdue casesClosed claimsPending amountOwed amountRecovered workersAffected`;
const CHILD = (code: string) => `{ childUnitStats(unitCode: "${code}") { ${FIELDS} } }`;
const UNIT = (code: string) => `{ unitStats(unitCode: "${code}") { ${FIELDS} } }`;
const WARNINGS = (code: string) => `{ warnings(unitCode: "${code}") { level reasons unit { code } employer { name } } }`;

interface Stmt {
  sql: string;
  params: unknown[];
}
interface Row {
  user: string;
  unit: string;
  what: string;
  how: string;
  load: LoadResult;
  cpu: CpuReport;
  sqlPerRequest?: number;
  topSql?: [string, number][];
  profile?: string;
}

/**
 * Runs `fn` on a bench_scale DataSource and returns every statement sent meanwhile: through
 * node-postgres' Client.query, so that TypeORM's queries and the named prepared statements
 * (`prepared` in src/common/db/sql.ts) are both seen.
 */
async function capture(fn: () => Promise<unknown>): Promise<Stmt[]> {
  const captured: Stmt[] = [];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require('pg');
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (config: string | { text?: string; values?: unknown[] }, values?: unknown, ...rest: unknown[]) {
    const sql = typeof config === 'string' ? config : config?.text;
    const params = typeof config === 'string' ? values : config?.values;
    if (sql) captured.push({ sql, params: Array.isArray(params) ? params : [] });
    return original.call(this, config, values, ...rest);
  };
  try {
    await fn();
  } finally {
    pg.Client.prototype.query = original;
  }
  return captured;
}

/** The statements of each measured request, as the server sends them (the session look-up aside). */
async function capturedRequests(users: typeof USERS): Promise<Map<string, Stmt[]>> {
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: benchDbUrl(), ...BENCH_SECRETS });
  const ds = await new DataSource({ ...databaseSetup(config).options, logging: false }).initialize();
  const units = new UnitsService(ds);
  const stats = new StatsService(ds, new Clock(), units);
  const warnings = new WarningsService(ds);
  const out = new Map<string, Stmt[]>();
  const caller = (u: (typeof USERS)[number]): CurrentUser => ({
    id: '00000000-0000-0000-0000-000000000000',
    role: Role.SUPERVISOR,
    displayName: u.username,
    unitCode: u.unit,
    unitLevel: u.level,
    unitPath: u.path,
  });
  // Each request once before it is captured: the server keeps every unit it has read (UnitsService),
  // so a warm server sends no unit look-up for the rows' and warnings' `unit`.
  const steady = async (fn: () => Promise<unknown>) => (await fn(), capture(fn));
  try {
    for (const u of users) {
      out.set(`${u.unit} child`, await steady(() => stats.childUnitStats(defineAbilityFor(caller(u)), u.unit)));
      out.set(`${u.unit} unit`, await steady(() => stats.unitStats(defineAbilityFor(caller(u)), u.unit)));
    }
    const wu = USERS.find((u) => u.username === WARNINGS_USER)!;
    // The list joins each warning's employer; its unit comes from the request's unit loader.
    out.set(`${WARNINGS_UNIT} warnings`, await steady(() => warnings.open(defineAbilityFor(caller(wu)), WARNINGS_UNIT, units.byCode(new LoaderRegistry()))));
  } finally {
    await ds.destroy();
  }
  return out;
}

const oneLine = (sql: string) => sql.replace(/\s+/g, ' ').trim();
const freshParams = (params: unknown[]) => params.map((p) => (p instanceof Date ? new Date() : p));
// TypeORM quotes the names it writes ("case_file" "c"); the counters statement is written by hand.
const isCases = (s: Stmt) => /FROM "?case_(file|unit_stats)"? "?[cs]"?\b/.test(s.sql);
const isClaims = (s: Stmt) => /FROM "?wage_claim"? "?w"?\b/.test(s.sql);
const isWarnings = (s: Stmt) => /FROM "?warning"? "?w"?/.test(s.sql);

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const seconds = Number(argValue(argv, '--seconds') ?? 10);
  const warmup = Number(argValue(argv, '--warmup') ?? 2);
  const concurrency = Number(argValue(argv, '--concurrency') ?? 8);
  const onlyUnits = argValue(argv, '--units')?.split(',');
  const what = (argValue(argv, '--what') ?? 'child,unit,warnings').split(',');
  const graphql = !argv.includes('--no-graphql');
  const explainOnly = argv.includes('--explain-only');
  const profile = argv.includes('--profile');
  const users = USERS.filter((u) => !onlyUnits || onlyUnits.includes(u.unit));
  const opts = { concurrency, durationMs: seconds * 1000, warmupMs: warmup * 1000 };
  const commit = execSync('git log -1 --format="%h %cI %s"', { encoding: 'utf8' }).trim();
  const dirty = execSync('git status --short src', { encoding: 'utf8' }).trim();
  console.error(`machine ${JSON.stringify(machine())}, load ${loadAverage()}; commit ${commit}${dirty ? ` (+ uncommitted in src: ${dirty.split('\n').length} files)` : ''}`);

  const pool = new Pool({ connectionString: benchDbUrl(), max: concurrency });
  const q = async (sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows;

  // The state the index-only scans depend on.
  const vm = await q(
    `SELECT c.relname, c.relpages, c.relallvisible, round(100.0 * c.relallvisible / greatest(c.relpages, 1), 1) AS pct_all_visible,
            s.n_live_tup, s.n_dead_tup, s.n_mod_since_analyze, s.n_ins_since_vacuum, s.last_vacuum, s.last_autovacuum, s.last_analyze, s.last_autoanalyze
     FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.relname IN ('case_file', 'wage_claim', 'warning') ORDER BY 1`,
  );
  console.log(table(Object.keys(vm[0]), vm.map((r) => Object.values(r).map((v) => (v instanceof Date ? v.toISOString() : String(v ?? ''))))));

  const requests = await capturedRequests(users);
  const explains: string[] = [];
  for (const [key, stmts] of requests) {
    for (const s of stmts) {
      const plan = await q(`EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`, freshParams(s.params));
      explains.push(`-- ${key}: ${oneLine(s.sql)}\n-- params ${JSON.stringify(s.params).slice(0, 300)}\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
    }
  }
  const explainFile = join(RESULTS_DIR, 'stats-explain.txt');
  writeFileSync(explainFile, `-- ${new Date().toISOString()} commit ${commit}\n\n` + explains.join('\n\n') + '\n');
  console.error(`plans written to ${explainFile}`);
  for (const [key, stmts] of requests) {
    for (const s of stmts) {
      const plan = await q(`EXPLAIN (ANALYZE, FORMAT JSON) ${s.sql}`, freshParams(s.params));
      const t = plan[0]['QUERY PLAN'][0]['Execution Time'] as number;
      console.error(`  ${key}: ${t.toFixed(1)} ms  ${oneLine(s.sql).slice(0, 120)}`);
    }
  }
  if (explainOnly) {
    await pool.end();
    return;
  }

  process.env.OVERDUE_SWEEP_SECONDS = '0';
  const inproc = graphql && profile ? await startInProcessServer() : undefined;
  const nodeArgs = argValue(argv, '--node-args')?.split(' ').filter(Boolean) ?? [];
  const server = inproc ?? (graphql ? await startServer({ OVERDUE_SWEEP_SECONDS: '0' }, nodeArgs) : undefined);
  const rows: Row[] = [];
  const measure = async (user: string, unit: string, whatLabel: string, how: string, fn: () => Promise<unknown>, pid: number | 'self') => {
    const meter = new CpuMeter(pid);
    const profiled = inproc && pid !== 'self';
    const load = await runLoad(`${user} ${whatLabel} ${how}`, opts, fn, async () => {
      if (profiled) await inproc.startProfile();
      await meter.start();
    });
    const cpu = await meter.finish();
    const row: Row = { user, unit, what: whatLabel, how, load, cpu };
    if (profiled) {
      row.profile = join(RESULTS_DIR, `stats-${whatLabel.replace(/\W+/g, '-')}.cpuprofile`);
      const sql = await inproc.stopProfile(row.profile);
      const n = load.ok + load.errors;
      row.sqlPerRequest = sql.total / n;
      row.topSql = sql.counts.slice(0, 8).map(([s, c]) => [s, c / n]);
    }
    rows.push(row);
    log(row);
  };
  const sequence = (stmts: Stmt[]) => async () => {
    for (const s of stmts) await pool.query(s.sql, freshParams(s.params));
  };
  try {
    const tokens = new Map<string, string>();
    if (server) for (const u of new Set([...users.map((u) => u.username), WARNINGS_USER])) tokens.set(u, await login(server.port, u));
    for (const u of users) {
      for (const [kind, label, query] of [
        ['child', `childUnitStats("${u.unit}")`, CHILD(u.unit)],
        ['unit', `unitStats("${u.unit}")`, UNIT(u.unit)],
      ] as const) {
        if (!what.includes(kind)) continue;
        const stmts = requests.get(`${u.unit} ${kind}`)!;
        if (server) {
          const token = tokens.get(u.username)!;
          const data = await gql(server.port, query, {}, token);
          const list = kind === 'child' ? data.childUnitStats : [data.unitStats];
          const sum = (f: string) => list.reduce((a: number, r: any) => a + r[f], 0);
          console.error(`${u.username} ${label}: ${list.length} rows, open ${sum('casesOpen')}, overdue ${sum('casesOverdue')}, closed ${sum('casesClosed')}, pending claims ${sum('claimsPending')}`);
          await measure(u.username, u.unit, label, 'GraphQL', () => gql(server.port, query, {}, token), server.pid);
        }
        await measure(u.username, u.unit, label, `SQL floor: the ${stmts.length} statements in sequence`, sequence(stmts), 'self');
        // (An empty list would spin without yielding: the load's timers would never fire.)
        for (const [alone, pick] of [['cases aggregate', isCases], ['pending-claims aggregate', isClaims]] as const) {
          const some = stmts.filter(pick);
          if (some.length) await measure(u.username, u.unit, label, `SQL floor: ${alone} alone`, sequence(some), 'self');
          else console.error(`${label}: no ${alone} statement captured`);
        }
      }
    }
    if (what.includes('warnings')) {
      const stmts = requests.get(`${WARNINGS_UNIT} warnings`)!;
      const label = `warnings("${WARNINGS_UNIT}")`;
      if (server) {
        const token = tokens.get(WARNINGS_USER)!;
        const data = await gql(server.port, WARNINGS(WARNINGS_UNIT), {}, token);
        console.error(`${WARNINGS_USER} ${label}: ${data.warnings.length} warnings`);
        await measure(WARNINGS_USER, WARNINGS_UNIT, label, 'GraphQL', () => gql(server.port, WARNINGS(WARNINGS_UNIT), {}, token), server.pid);
      }
      await measure(WARNINGS_USER, WARNINGS_UNIT, label, `SQL floor: the ${stmts.length} statement(s) (the list, then any loaders in parallel)`, async () => {
        const [list, ...rest] = stmts;
        await pool.query(list.sql, list.params);
        await Promise.all(rest.map((s) => pool.query(s.sql, s.params)));
      }, 'self');
      await measure(WARNINGS_USER, WARNINGS_UNIT, label, 'SQL floor: the list alone', sequence(stmts.filter(isWarnings)), 'self');
    }
  } finally {
    if (server) console.error(`server stopped (exit ${await server.stop()})`);
    await pool.end();
  }

  console.log(
    table(
      ['user', 'query', 'how', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'n', 'errors', 'CPU% server / pg / loadgen / other', 'CPU ms per req: server / pg', 'server VmRSS peak', 'load 1m'],
      rows.map((r) => [
        r.user,
        r.what,
        r.how,
        r.load.rps.toFixed(r.load.rps < 10 ? 1 : 0),
        ms(r.load.p50),
        ms(r.load.p90),
        ms(r.load.p99),
        ms(r.load.max),
        r.load.ok,
        r.load.errors,
        `${r.how === 'GraphQL' ? pct(r.cpu.serverPct) : '-'} / ${pct(r.cpu.pgPct)} / ${pct(r.cpu.loadGenPct)} / ${pct(r.cpu.otherPct)}`,
        `${r.how === 'GraphQL' ? cpuMsPerReq(r.cpu.serverPct, r.load.rps) : '-'} / ${cpuMsPerReq(r.cpu.pgPct, r.load.rps)}`,
        r.how === 'GraphQL' ? MiB(r.cpu.serverRssPeak) : '',
        r.cpu.load.split(' ')[0],
      ]),
    ),
  );
  for (const r of rows.filter((r) => r.topSql)) {
    console.log(`\n${r.user} ${r.what}: ${r.sqlPerRequest!.toFixed(1)} SQL round trips per request; profile ${r.profile}`);
    console.log(table(['statement (first 110 chars)', 'per request'], r.topSql!.map(([s, n]) => [s, n.toFixed(2)])));
    console.log(summarizeProfile(r.profile!).split('\n').slice(0, 40).join('\n'));
  }
  console.error(`saved ${saveResult(profile ? 'stats-profile' : 'stats', { at: new Date().toISOString(), commit, dirty, machine: machine(), opts, visibilityMap: vm, rows, requests: Object.fromEntries(requests) })}`);
}

function log(r: Row): void {
  console.error(
    `${r.user} ${r.what} ${r.how}: ${r.load.ok} ok / ${r.load.errors} errors in ${r.load.seconds.toFixed(1)} s = ${r.load.rps.toFixed(1)}/s, ` +
      `p50 ${ms(r.load.p50)} p99 ${ms(r.load.p99)} ms; cpu server ${pct(r.cpu.serverPct)} pg ${pct(r.cpu.pgPct)} loadgen ${pct(r.cpu.loadGenPct)} other ${pct(r.cpu.otherPct)}; ` +
      `load ${r.cpu.load}${r.load.firstError ? `; first error: ${r.load.firstError}` : ''}`,
  );
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
