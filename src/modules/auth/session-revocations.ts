import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PubSubEngine } from 'graphql-subscriptions';
import { DataSource } from 'typeorm';
import { BusStatus, PUB_SUB } from '../../common/pubsub';
import type { CurrentUser } from '../access/current-user';
import { Revocation, SessionCache } from './session-cache';

export type { Revocation } from './session-cache';

const CHANNEL = 'sessionRevoked';
/** Seconds between checks of live subscriptions against the database, should a signal be lost. */
const RECHECK_SECONDS = 30;

/** The message a subscription receives when its session ends: its resolver answers UNAUTHENTICATED, then it completes. */
export const SESSION_ENDED = Object.freeze({ sessionEnded: true as const });
export type SessionEnded = typeof SESSION_ENDED;
export const isSessionEnded = (message: unknown): message is SessionEnded => message === SESSION_ENDED;

/** The message a subscription receives when the event bus drops (Redis away): an error, then it completes; subscribe again later. */
export const STREAM_BROKEN = Object.freeze({ streamBroken: true as const });
export type StreamBroken = typeof STREAM_BROKEN;
export const isStreamBroken = (message: unknown): message is StreamBroken => message === STREAM_BROKEN;
export class EventStreamInterrupted extends Error {
  constructor() {
    super('the event stream was interrupted; subscribe again');
    this.name = 'EventStreamInterrupted';
  }
}

interface Watched {
  userId: string;
  sessionId: string | undefined;
  end: (why?: StreamBroken) => void;
}

/**
 * Ends the live subscriptions of a session when the session ends, and drops it from the session
 * cache, on every instance: the signal goes over the subscriptions' bus (Redis with REDIS_URL,
 * in-process otherwise). As a backstop for a lost signal (Redis down), live subscriptions are also
 * checked against the database every RECHECK_SECONDS (the cache is not trusted meanwhile, see
 * SessionCache).
 */
@Injectable()
export class SessionRevocations implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('Sessions');
  private readonly watched = new Set<Watched>();
  private subscription: number | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
    private readonly ds: DataSource,
    private readonly bus: BusStatus,
    private readonly cache: SessionCache,
  ) {}

  async onModuleInit(): Promise<void> {
    this.subscription = await this.pubSub.subscribe(CHANNEL, (r: Revocation) => this.received(r), {});
    this.timer = setInterval(() => void this.recheck(), RECHECK_SECONDS * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.subscription !== null) this.pubSub.unsubscribe(this.subscription);
    for (const w of [...this.watched]) w.end();
  }

  /** Tells every instance; called after the transaction that ended the session(s) has committed. */
  async announce(r: Revocation): Promise<void> {
    this.received(r);
    await this.pubSub.publish(CHANNEL, r).catch((e: Error) => this.log.warn(`revocation not broadcast (${e.message}); the periodic check will end the subscriptions`));
  }

  /** Number of live subscriptions watched (for tests and health). */
  get liveCount(): number {
    return this.watched.size;
  }

  /**
   * Wraps a subscription's source: when the caller's session ends it yields SESSION_ENDED once and
   * completes, releasing the source; when the event bus drops, STREAM_BROKEN. Refused at once
   * while the bus is down.
   */
  watch<T>(user: CurrentUser, source: () => AsyncIterator<T>): AsyncIterableIterator<T | SessionEnded | StreamBroken> {
    if (!this.bus.delivering) throw new EventStreamInterrupted();
    const inner = source();
    let ended: SessionEnded | StreamBroken | null = null;
    let finished = false;
    let signal!: () => void;
    const endedPromise = new Promise<null>((resolve) => (signal = () => resolve(null)));
    const entry: Watched = {
      userId: user.id,
      sessionId: user.sessionId,
      end: (why) => {
        ended ??= why ?? SESSION_ENDED;
        signal();
      },
    };
    this.watched.add(entry);
    const stopWatchingBus = this.bus.onInterrupted(() => entry.end(STREAM_BROKEN));
    const release = async () => {
      this.watched.delete(entry);
      stopWatchingBus();
      if (!finished) {
        finished = true;
        await inner.return?.();
      }
    };
    const iterator: AsyncIterableIterator<T | SessionEnded | StreamBroken> = {
      next: async () => {
        if (finished) return { done: true, value: undefined };
        const r = ended ? null : await Promise.race([inner.next(), endedPromise]);
        if (r === null) {
          await release();
          return { done: false, value: ended ?? SESSION_ENDED };
        }
        if (r.done) await release();
        return r;
      },
      return: async () => {
        await release();
        return { done: true, value: undefined };
      },
      throw: async (e: unknown) => {
        await release();
        throw e;
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  private received(r: Revocation): void {
    this.cache.revoke(r);
    this.endMatching(r);
  }

  private endMatching(r: Revocation): void {
    for (const w of [...this.watched]) {
      if ((r.sessionId && w.sessionId === r.sessionId) || (r.userId && w.userId === r.userId)) w.end();
    }
  }

  /** Ends the live subscriptions whose session the database no longer knows as live (run every RECHECK_SECONDS). */
  async recheck(): Promise<void> {
    const sessions = [...new Set([...this.watched].map((w) => w.sessionId).filter((s): s is string => !!s))];
    if (!sessions.length) return;
    try {
      const live: { id: string }[] = await this.ds.query(
        `SELECT s.id FROM auth_session s JOIN app_user u ON u.id = s.user_id
         WHERE s.id = ANY($1::uuid[]) AND s.revoked_at IS NULL AND u.deactivated_at IS NULL`,
        [sessions],
      );
      const alive = new Set(live.map((l) => l.id));
      for (const sessionId of sessions) if (!alive.has(sessionId)) this.cache.revoke({ sessionId });
      for (const w of [...this.watched]) if (w.sessionId && !alive.has(w.sessionId)) w.end();
    } catch (e) {
      this.log.warn(`live subscriptions not rechecked: ${(e as Error).message}`);
    }
  }
}
