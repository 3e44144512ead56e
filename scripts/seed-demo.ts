import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config/app-config';
import { lockDataDir } from '../src/database/data-dir-lock';
import { DatabaseInitializer } from '../src/database/database-initializer';

/**
 * `npm run seed:demo`: migrations, the national tree and the demo data set (accounts and records,
 * made through the real services), on any database. Loading it twice changes nothing.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.isProduction) throw new Error('The demo data set is never loaded with NODE_ENV=production');
  if (config.embedded) lockDataDir(config.dataDir);
  config.SEED_DEMO = true;
  config.OVERDUE_SWEEP_SECONDS = 0;
  const started = Date.now();
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  await app.init();
  await app.get(DatabaseInitializer).run();
  await app.close();
  console.log(`demo data ready in ${Date.now() - started} ms`);
}

main().catch((err) => {
  console.error(err instanceof Error ? `${err.message}\n${err.stack}` : err);
  process.exit(1);
});
