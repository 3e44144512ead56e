import { loadGrids } from '../src/modules/units/unit-tree.loader';
import { openDatabase } from './db';

/** `npm run seed:grids -- <unit code|all>`: villages/communities as GRID units. */
async function main(): Promise<void> {
  const scope = process.argv[2];
  if (!scope) throw new Error('usage: npm run seed:grids -- <unit code, e.g. 41, or all>');
  const { ds, close } = await openDatabase();
  const started = Date.now();
  const n = await loadGrids(ds, scope);
  console.log(`loaded ${n} new grid units under ${scope} in ${Date.now() - started} ms`);
  await close();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
