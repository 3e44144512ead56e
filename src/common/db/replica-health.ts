import { Logger } from '@nestjs/common';
import type { ConnectionPool, PoolClient } from './replica-pools';
import type { SqlRunner } from './sql';

/** How often the replicas are checked. */
export const REPLICA_CHECK_MS = 1000;
/** Primary positions kept while the replicas are behind (older ones only matter for a longer window). */
const MAX_SAMPLES = 3600;

/** A WAL position (`16/B374D848`) as a number. */
export function parseLsn(lsn: string): bigint {
  const [high, low] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) | BigInt(`0x${low}`);
}

/** One statement on a pool, through a connection of its own. */
function onPool(pool: ConnectionPool, sql: string): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) =>
    pool.connect((err, client?: PoolClient, release?: (err?: unknown) => void) => {
      if (err || !client) return reject(err ?? new Error('no connection'));
      client.query(sql).then(
        (r) => (release!(), resolve(r.rows)),
        (e: Error) => (release!(e), reject(e)),
      );
    }),
  );
}

/**
 * How far behind the replicas are, without trusting the age of the last replayed transaction
 * (on an idle primary it is old though nothing is missing). A check reads the primary's WAL
 * position, noting the local time just before, then how far each replica has replayed. The newest
 * such sample that every replica has replayed is `caughtUpTo`: every commit that had completed
 * before that time is on every replica. Checks run when reads ask, at most once a
 * REPLICA_CHECK_MS, in the background: a read is routed by the last check, never waits for one.
 * A replica that fails its check, or a read, counts as away until a check passes again.
 */
export class ReplicaHealth {
  private samples: { at: number; lsn: bigint }[] = [];
  private caughtUpTo = Number.NEGATIVE_INFINITY;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private failure: string | null = 'not checked yet';
  private running: Promise<void> | null = null;
  private reported = false;
  private stopped = false;
  private readonly log = new Logger('Replicas');

  constructor(
    private readonly primary: SqlRunner,
    private readonly pools: ConnectionPool[],
    /** The longest a replica may be behind and still serve (the read-your-writes window). */
    private readonly windowMs: number,
  ) {}

  /**
   * Whether the replicas answered the last check and hold every commit older than the window;
   * starts a check when the last one is older than REPLICA_CHECK_MS.
   */
  serving(): boolean {
    if (!this.stopped && Date.now() - this.checkedAt >= REPLICA_CHECK_MS) void this.check();
    return this.usable();
  }

  /** A read failed for want of a replica: none serves until a check passes. */
  failed(err: unknown): void {
    this.failure = (err as Error)?.message ?? String(err);
    this.report();
  }

  /** One check now (a check still running is joined, not doubled). */
  check(): Promise<void> {
    this.running ??= this.measure().finally(() => (this.running = null));
    return this.running;
  }

  /** No more checks (the server is shutting down). */
  stop(): void {
    this.stopped = true;
  }

  private usable(): boolean {
    return this.failure === null && Date.now() - this.caughtUpTo < this.windowMs;
  }

  private async measure(): Promise<void> {
    const at = (this.checkedAt = Date.now());
    try {
      const [{ lsn }]: { lsn: string }[] = await this.primary.query(`SELECT pg_current_wal_lsn()::text AS lsn`);
      this.samples.push({ at, lsn: parseLsn(lsn) });
      const replayed = await Promise.all(this.pools.map((pool) => this.replayed(pool)));
      const least = replayed.reduce((x, y) => (y < x ? y : x));
      let done = 0;
      while (done < this.samples.length && this.samples[done].lsn <= least) done++;
      if (done) this.caughtUpTo = this.samples[done - 1].at;
      this.samples.splice(0, Math.max(done, this.samples.length - MAX_SAMPLES));
      this.failure = null;
    } catch (err) {
      this.failure = (err as Error).message;
    }
    this.report();
  }

  private async replayed(pool: ConnectionPool): Promise<bigint> {
    const [row] = await onPool(pool, `SELECT pg_last_wal_replay_lsn()::text AS lsn`);
    if (typeof row?.lsn !== 'string') throw new Error('a replica is not a standby (it replays no WAL)');
    return parseLsn(row.lsn);
  }

  /** Logs each change between serving and not serving, once. */
  private report(): void {
    const serving = this.usable();
    if (serving === this.reported || this.stopped) return;
    this.reported = serving;
    if (serving) this.log.log('replicas serve supervision reads');
    else this.log.warn(`supervision reads go to the primary: ${this.failure ?? `a replica is more than ${this.windowMs / 1000} s behind`}`);
  }
}
