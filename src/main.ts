import 'reflect-metadata';
import cluster from 'node:cluster';
import { setFlagsFromString } from 'node:v8';
import { runCluster } from './cluster';
import { ConfigError, loadConfig } from './config/app-config';
import { DataDirLockedError, lockDataDir } from './database/data-dir-lock';
import { createApp, startupLogger } from './bootstrap';
import { closeOnSignals } from './common/shutdown-grace';
import { buildWebInBackground, webBuildReason } from './web/web-build';

/**
 * After each full garbage collection V8 lets the old generation grow up to 4× its live objects
 * before the next one: under the case-page load the server's memory swung up to 300 MB for a
 * live heap under 50 MB. Growing it by at most HEAP_GROWTH_PERCENT holds the peak under that
 * load at about 185 MB for no CPU we could measure; 20 % held 160 MB but cost 40 % more CPU per
 * request (bench/README.md, "Memory"). V8 reads this flag whenever it sets the next limit, so it
 * takes effect at run time; a value given on the command line or in NODE_OPTIONS wins.
 */
const HEAP_GROWTH_PERCENT = 70;
if (!`${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`.includes('--heap-growing-percent')) {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWTH_PERCENT}`);
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.WORKERS > 1 && cluster.isPrimary) {
    // The primary serves nothing itself: it forks the workers, restarts them, drains them on SIGTERM.
    runCluster(config);
    const stale = webBuildReason();
    if (stale) buildWebInBackground(stale, startupLogger);
    return;
  }
  if (config.embedded) lockDataDir(config.dataDir);
  const started = Date.now();
  const app = await createApp(config);
  // SIGTERM: stop accepting, let in-flight requests finish, then close the app (the database last), exit 0.
  closeOnSignals(app, config);
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('0.0.0.0', 'localhost');
  startupLogger.log(
    `${cluster.isWorker ? `worker ${cluster.worker!.id} (pid ${process.pid}) ` : ''}ready in ${Date.now() - started} ms on ${config.embedded ? `the embedded database in ${config.dataDir}` : 'PostgreSQL'}`,
  );
  if (cluster.isWorker) return;
  startupLogger.log(`console (控制台): ${url}/   API: ${url}/graphql${config.isProduction ? '' : ' (GraphiQL in a browser)'}`);
  const stale = webBuildReason();
  if (stale) buildWebInBackground(stale, startupLogger);
  if (!config.isProduction) startupLogger.log('demo login: username "lead.fanji" (or any account in shared/demo-data.md), password "Demo@2026"');
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    console.error(err.message);
  } else {
    console.error(`Start-up failed: ${err?.name}: ${err?.message}`);
  }
  process.exit(1);
});
