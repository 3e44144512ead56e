import type { ServerResponse } from 'node:http';
import { finished } from 'node:stream';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { ReplicaHealth } from './replica-health';
import { replicaPools } from './replica-pools';

/** What routing needs of a request: who calls, and the response whose end releases a replica connection. */
export interface ReadCaller {
  user?: { id: string };
  req?: { res?: ServerResponse };
}

/** Errors that say the replica could not answer (so the primary is asked), not that the query was wrong. */
const UNAVAILABLE_SQLSTATE = /^(08|57P0[1-3]|53300|40001$)/; // connection, shutdown, too many connections, conflict with recovery
const UNAVAILABLE_NODE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);
const UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|connection error/i;

export function replicaUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; driverError?: { code?: unknown } };
  const code = String(e?.driverError?.code ?? e?.code ?? '');
  return UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_NODE.has(code) || UNAVAILABLE_MESSAGE.test(String(e?.message ?? ''));
}

/**
 * Read-your-writes marks: "this caller changed something less than the window ago". Kept in
 * memory, and with REDIS_URL also as a Redis key with that TTL, so that every instance sees the
 * mark another one set. While Redis cannot be asked, a caller counts as marked (the primary).
 */
class WriteMarks {
  private readonly here = new Map<string, number>();
  private readonly log = new Logger('Replicas');
  private redisAway = false;

  constructor(
    private readonly windowMs: number,
    private readonly redis: Redis | null,
  ) {}

  async mark(userId: string): Promise<void> {
    const now = Date.now();
    if (this.here.size > 10_000) for (const [id, until] of this.here) if (until <= now) this.here.delete(id);
    this.here.set(userId, now + this.windowMs);
    if (!this.redis) return;
    await this.redis.set(key(userId), '1', 'PX', this.windowMs).then(
      () => this.redisBack(),
      (e: Error) => this.redisLost(e),
    );
  }

  async has(userId: string): Promise<boolean> {
    const until = this.here.get(userId);
    if (until !== undefined && until > Date.now()) return true;
    if (until !== undefined) this.here.delete(userId);
    if (!this.redis) return false;
    return this.redis.exists(key(userId)).then(
      (n) => (this.redisBack(), n === 1),
      (e: Error) => (this.redisLost(e), true),
    );
  }

  close(): void {
    this.redis?.disconnect();
  }

  private redisLost(e: Error): void {
    if (!this.redisAway) this.log.warn(`Redis unreachable (${e.message}): read-your-writes marks hold per instance, others read from the primary`);
    this.redisAway = true;
  }

  private redisBack(): void {
    if (this.redisAway) this.log.log('Redis reachable again: read-your-writes marks are shared again');
    this.redisAway = false;
  }
}

const key = (userId: string) => `read-your-writes:${userId}`;

/**
 * Where a supervision read runs (case lists, statistics, warnings): on a streaming replica
 * (DATABASE_REPLICA_URLS, TypeORM's replication 'slave' pools) or on the primary. A replica
 * serves when it answers, holds every commit older than the read-your-writes window, and the
 * caller has not run a mutation within that window; a read that finds the replica gone is run
 * again on the primary. Without replicas every read is the primary's, as before. Commands never
 * come here: they and their reads run in transactions on the primary.
 */
@Injectable()
export class ReadRouter implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly health: ReplicaHealth | null = null;
  private readonly marks: WriteMarks | null = null;
  private readonly runners = new WeakMap<ServerResponse, QueryRunner>();

  constructor(
    private readonly ds: DataSource,
    config: AppConfig,
  ) {
    const pools = replicaPools(ds);
    if (!pools.length) return;
    const windowMs = config.REPLICA_READ_YOUR_WRITES_SECONDS * 1000;
    this.health = new ReplicaHealth(ds, pools, windowMs);
    const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false }) : null;
    redis?.on('error', () => undefined); // reported once per outage by WriteMarks
    this.marks = new WriteMarks(windowMs, redis);
  }

  /** Whether replicas are configured (without them, every read is the primary's and nothing is marked). */
  get routing(): boolean {
    return this.health !== null;
  }

  /** Whether a replica would serve a caller without a recent write now. */
  get replicaServing(): boolean {
    return this.health?.serving() ?? false;
  }

  /**
   * Runs `work` on a replica when one may serve this caller now, else on the primary. A request
   * holds one replica connection, until its response is sent: a connection's totalCount and
   * hasPreviousPage are counted lazily, after `work` has returned, and the root fields of one
   * request queue on it rather than take a connection each.
   */
  async read<T>(caller: ReadCaller, work: (db: EntityManager) => Promise<T>): Promise<T> {
    const res = caller.req?.res;
    if (!this.health || !res || !(await this.replicaMayServe(caller.user?.id))) return work(this.ds.manager);
    try {
      return await work(this.replicaOf(res).manager);
    } catch (err) {
      if (!replicaUnavailable(err)) throw err;
      this.health.failed(err);
      return work(this.ds.manager);
    }
  }

  /** After a caller's mutation: for the window, that caller's reads go to the primary. */
  async wrote(userId: string): Promise<void> {
    await this.marks?.mark(userId);
  }

  /** The request's replica query runner, released once its response has been sent. */
  private replicaOf(res: ServerResponse): QueryRunner {
    let runner = this.runners.get(res);
    if (!runner) {
      const created = (runner = this.ds.createQueryRunner('slave'));
      this.runners.set(res, created);
      finished(res, () => void created.release());
    }
    return runner;
  }

  private async replicaMayServe(userId: string | undefined): Promise<boolean> {
    if (!this.health!.serving()) return false;
    return !userId || !(await this.marks!.has(userId));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.health?.check();
  }

  beforeApplicationShutdown(): void {
    this.health?.stop();
  }

  onApplicationShutdown(): void {
    this.marks?.close();
  }
}
