import cluster, { Worker } from 'node:cluster';
import { Logger } from '@nestjs/common';
import type { AppConfig } from './config/app-config';

/** First delay before a dead worker is started again; it doubles with each quick death, up to MAX. */
const RESTART_MIN_MS = 1000;
const RESTART_MAX_MS = 30_000;
/** A worker that ran this long before dying is restarted after RESTART_MIN_MS again. */
const STEADY_MS = 60_000;

/**
 * The primary of `WORKERS=N` (N > 1): forks N workers, each a whole server listening on PORT
 * (node:cluster shares the port and hands connections out in turn). What must cross processes
 * goes through PostgreSQL and Redis, which loadConfig requires for N > 1: subscriptions,
 * session revocations, rate limits; migrations and demo data run under an advisory lock, the
 * overdue sweep under its own. A worker that dies is started again after a delay that doubles
 * while deaths follow each other quickly. SIGTERM or SIGINT: every worker gets SIGTERM and
 * drains (SHUTDOWN_GRACE_SECONDS each); the primary exits when all have, 0 if all exited 0.
 */
export function runCluster(config: AppConfig, log = new Logger('Cluster')): void {
  const workers = new Map<number, Worker>(); // by slot, 1..N
  const restarts = new Map<number, NodeJS.Timeout>();
  const delays = new Map<number, number>();
  let listening = 0;
  let stopping = false;
  let failed = false;

  const fork = (slot: number): void => {
    const startedAt = Date.now();
    const worker = cluster.fork();
    workers.set(slot, worker);
    worker.once('listening', () => {
      if (++listening === config.WORKERS) log.log(`${config.WORKERS} workers listening: console (控制台) http://localhost:${config.PORT}/`);
    });
    worker.once('exit', (code, signal) => {
      workers.delete(slot);
      if (stopping) {
        if (code !== 0) failed = true;
        if (!workers.size) process.exit(failed ? 1 : 0);
        return;
      }
      const quick = Date.now() - startedAt < STEADY_MS;
      const delay = quick ? Math.min((delays.get(slot) ?? RESTART_MIN_MS / 2) * 2, RESTART_MAX_MS) : RESTART_MIN_MS;
      delays.set(slot, delay);
      log.error(`worker ${slot} (pid ${worker.process.pid}) exited (${signal ?? `code ${code}`}); starting it again in ${delay / 1000} s`);
      restarts.set(
        slot,
        setTimeout(() => {
          restarts.delete(slot);
          fork(slot);
        }, delay),
      );
    });
  };

  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    for (const timer of restarts.values()) clearTimeout(timer);
    log.log(`${signal}: draining ${workers.size} worker(s)`);
    if (!workers.size) process.exit(0);
    for (const w of workers.values()) w.process.kill('SIGTERM');
    // Each worker bounds its own drain; this only covers a worker that cannot even do that.
    setTimeout(() => {
      log.error(`workers still running ${config.SHUTDOWN_GRACE_SECONDS + 5} s after ${signal}: killing them`);
      for (const w of workers.values()) w.process.kill('SIGKILL');
      process.exit(1);
    }, (config.SHUTDOWN_GRACE_SECONDS + 5) * 1000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  log.log(`starting ${config.WORKERS} workers (pid ${process.pid} is the primary)`);
  for (let slot = 1; slot <= config.WORKERS; slot++) fork(slot);
}
