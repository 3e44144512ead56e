import { PiiCipher } from '../src/common/pii';
import { DatabaseInitializer } from '../src/database/database-initializer';
import { openDatabase } from './db';

/** `npm run seed:demo`: migrations, the national tree and the demo data set, on any database. */
async function main(): Promise<void> {
  const { ds, config, close } = await openDatabase();
  if (config.isProduction) throw new Error('The demo data set is never loaded with NODE_ENV=production');
  config.SEED_DEMO = true;
  const started = Date.now();
  await new DatabaseInitializer(ds, config, new PiiCipher(config.piiKey)).run();
  console.log(`demo data ready in ${Date.now() - started} ms`);
  await close();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
