/**
 * Bulk-load bench: on a fresh database per engine, times the migrations, the national tree
 * (province to township, 44,703 units) and all villages as GRID units (620,573), and reports rows/s,
 * CPU, peak RSS and the size on disk.
 *
 *   npx ts-node --transpile-only bench/load-units.ts [--engine pglite|postgres|both] [--keep]
 *
 * Each engine runs in a child process of its own, so that its peak RSS is its own. PostgreSQL
 * is reached at BENCH_PG_ADMIN_URL (default postgresql://postgres@127.0.0.1:5432/postgres), where a
 * database bench_units_* is created and dropped again; PGlite gets a new temporary DATA_DIR,
 * removed afterwards unless --keep is given.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app-config';
import { lockDataDir } from '../src/database/data-dir-lock';
import { databaseSetup } from '../src/database/data-source-options';
import { loadGrids, loadNationalTree } from '../src/modules/units/unit-tree.loader';
import {
  Engine,
  MiB,
  RssSampler,
  cpuDelta,
  createPgDatabase,
  dropPgDatabase,
  folderSize,
  loadAverage,
  machine,
  parseEngines,
  pgBackendCpu,
  pgDatabaseSize,
  procMemory,
  saveResult,
  secs,
  table,
  tempDataDir,
} from './lib';

const EXPECTED_TREE = 44_703; // 31 provinces + 342 cities + 2,978 counties + 41,352 townships
const EXPECTED_GRIDS = 620_573;

interface Phase {
  rows?: number;
  ms: number;
  /** CPU seconds of this process (for PGlite: all of the database work too). */
  cpuSelf: number;
  /** CPU seconds of the PostgreSQL backends serving the bench (postgres only). */
  cpuServer?: number;
  peakRss: number;
  loadBefore: string;
  loadAfter: string;
}

interface EngineResult {
  engine: Engine;
  phases: Record<'open' | 'migrations' | 'tree' | 'grids' | 'close', Phase>;
  migrationsApplied: number;
  counts: Record<string, number>;
  dbSize: number;
  folder?: { disk: number; apparent: number };
  peakRss: number;
  vmHwm: number;
  rssSamples: number;
}

async function runEngine(engine: Engine, keep: boolean): Promise<EngineResult> {
  const sampler = new RssSampler(200).start();
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'development',
    JWT_SECRET: randomBytes(48).toString('base64url'),
    PII_KEY: randomBytes(32).toString('hex'),
  };
  let dataDir: string | undefined;
  let pgName: string | undefined;
  if (engine === 'pglite') {
    dataDir = tempDataDir('units');
    env.DATA_DIR = dataDir;
  } else {
    const db = await createPgDatabase('units');
    pgName = db.name;
    env.DATABASE_URL = db.url;
  }
  const config = loadConfig(env);
  const release = config.embedded ? lockDataDir(config.dataDir) : () => undefined;
  const setup = databaseSetup(config);
  let ds: DataSource | undefined;
  try {
    const phase = async <T>(name: string, fn: () => Promise<T>): Promise<{ value: T; phase: Phase }> => {
      sampler.mark(name);
      const loadBefore = loadAverage();
      const serverBefore = pgName ? await pgBackendCpu(pgName) : undefined;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const value = await fn();
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const cpuServer = pgName && serverBefore ? cpuDelta(serverBefore, await pgBackendCpu(pgName)) : undefined;
      sampler.mark(`${name}:done`);
      const p: Phase = {
        ms,
        cpuSelf: (cpu.user + cpu.system) / 1e6,
        cpuServer,
        peakRss: sampler.peaks.get(name) ?? 0,
        loadBefore,
        loadAfter: loadAverage(),
      };
      const rate = typeof value === 'number' && ms > 0 ? `, ${Math.round(value / (ms / 1000))} rows/s` : '';
      console.error(
        `[${engine}] ${name}: ${secs(ms)} s${typeof value === 'number' ? `, ${value} rows` : ''}${rate}, ` +
          `cpu ${p.cpuSelf.toFixed(1)} s${cpuServer !== undefined ? ` + server ${cpuServer.toFixed(1)} s` : ''}, ` +
          `peak rss ${MiB(p.peakRss)}, load ${loadBefore} -> ${p.loadAfter}`,
      );
      return { value, phase: p };
    };

    const open = await phase('open', async () => {
      ds = await new DataSource(setup.options).initialize();
      await ds.query('SELECT 1');
    });
    const migrations = await phase('migrations', () => ds!.runMigrations({ transaction: 'each' }));
    const tree = await phase('tree', () => loadNationalTree(ds!));
    tree.phase.rows = tree.value;
    const grids = await phase('grids', () => loadGrids(ds!, 'all'));
    grids.phase.rows = grids.value;

    const levelRows: { level: string; n: string }[] = await ds!.query(`SELECT level::text, count(*) AS n FROM unit GROUP BY level ORDER BY level`);
    const counts = Object.fromEntries(levelRows.map((r) => [r.level, Number(r.n)]));
    const treeCount = (counts.PROVINCE ?? 0) + (counts.CITY ?? 0) + (counts.COUNTY ?? 0) + (counts.TOWNSHIP ?? 0);
    if (tree.value !== EXPECTED_TREE || treeCount !== EXPECTED_TREE) {
      throw new Error(`[${engine}] national tree: loaded ${tree.value}, counted ${treeCount}, expected ${EXPECTED_TREE}`);
    }
    if (grids.value !== EXPECTED_GRIDS || counts.GRID !== EXPECTED_GRIDS) {
      throw new Error(`[${engine}] grids: loaded ${grids.value}, counted ${counts.GRID}, expected ${EXPECTED_GRIDS}`);
    }
    const [{ size }] = await ds!.query(`SELECT pg_database_size(current_database())::bigint AS size`);
    const close = await phase('close', async () => {
      await ds!.destroy();
      ds = undefined;
      await setup.closeEngine();
    });
    sampler.stop();
    const result: EngineResult = {
      engine,
      phases: { open: open.phase, migrations: migrations.phase, tree: tree.phase, grids: grids.phase, close: close.phase },
      migrationsApplied: migrations.value.length,
      counts,
      dbSize: pgName ? await pgDatabaseSize(pgName) : Number(size),
      folder: dataDir ? folderSize(dataDir) : undefined,
      peakRss: sampler.peak,
      vmHwm: procMemory('self').hwm,
      rssSamples: sampler.samples,
    };
    return result;
  } finally {
    sampler.stop();
    if (ds?.isInitialized) await ds.destroy().catch(() => undefined);
    await setup.closeEngine().catch(() => undefined);
    release();
    if (pgName) await dropPgDatabase(pgName);
    if (dataDir) {
      if (keep) console.error(`[${engine}] kept ${dataDir}`);
      else rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

/** Runs one engine in a child process; its result comes back as the last line of stdout. */
function runChild(engine: Engine, keep: boolean): Promise<EngineResult> {
  return new Promise((resolve, reject) => {
    const args = ['-r', 'ts-node/register/transpile-only', join(__dirname, 'load-units.ts'), '--engine', engine, '--child'];
    if (keep) args.push('--keep');
    const child = spawn(process.execPath, args, { cwd: join(__dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line));
      else reject(new Error(`${engine} bench exited with ${code}`));
    });
  });
}

function report(results: EngineResult[]): void {
  const rows: (string | number)[][] = [];
  for (const r of results) {
    for (const name of ['migrations', 'tree', 'grids'] as const) {
      const p = r.phases[name];
      rows.push([
        r.engine,
        name === 'tree' ? 'national tree' : name === 'grids' ? 'all grids' : `migrations (${r.migrationsApplied})`,
        p.rows?.toLocaleString('en-US') ?? '',
        secs(p.ms),
        p.rows ? Math.round(p.rows / (p.ms / 1000)).toLocaleString('en-US') : '',
        p.cpuSelf.toFixed(1) + (p.cpuServer !== undefined ? ` + ${p.cpuServer.toFixed(1)}` : ''),
        MiB(p.peakRss),
        `${p.loadBefore.split(' ')[0]} / ${p.loadAfter.split(' ')[0]}`,
      ]);
    }
  }
  console.log(table(['engine', 'step', 'rows', 'seconds', 'rows/s', 'cpu s (node + server)', 'peak RSS', 'load 1m before/after'], rows));
  console.log();
  console.log(
    table(
      ['engine', 'open s', 'close s', 'peak RSS (sampled)', 'VmHWM', 'pg_database_size', 'folder on disk'],
      results.map((r) => [
        r.engine,
        secs(r.phases.open.ms),
        secs(r.phases.close.ms),
        MiB(r.peakRss),
        MiB(r.vmHwm),
        MiB(r.dbSize),
        r.folder ? `${MiB(r.folder.disk)} (apparent ${MiB(r.folder.apparent)})` : '',
      ]),
    ),
  );
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const engines = parseEngines(argv);
  const keep = argv.includes('--keep');
  if (argv.includes('--child')) {
    const result = await runEngine(engines[0], keep);
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }
  console.error(`machine: ${JSON.stringify(machine())}, load ${loadAverage()}`);
  const results: EngineResult[] = [];
  for (const engine of engines) results.push(await runChild(engine, keep));
  report(results);
  console.error(`saved ${saveResult('load-units', { at: new Date().toISOString(), machine: machine(), results })}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
