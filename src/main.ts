import 'reflect-metadata';
import cluster from 'node:cluster';
import { runCluster } from './cluster';
import { ConfigError, loadConfig } from './config/app-config';
import { DataDirLockedError, lockDataDir } from './database/data-dir-lock';
import { createApp, startupLogger } from './bootstrap';
import { closeOnSignals } from './common/shutdown-grace';
import { buildWebInBackground, webBuildReason } from './web/web-build';

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
