import { performance } from 'node:perf_hooks';
import { Inject, Injectable, Logger, OnApplicationShutdown, Provider } from '@nestjs/common';
import { PubSub, PubSubEngine } from 'graphql-subscriptions';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';

export const PUB_SUB = 'PUB_SUB';

/**
 * The event bus for subscriptions: in-process by default; with REDIS_URL, Redis-backed so that
 * every server instance behind a load balancer delivers every event.
 */
export const PubSubProvider: Provider = {
  provide: PUB_SUB,
  inject: [AppConfig],
  useFactory: (config: AppConfig): PubSubEngine => {
    if (!config.REDIS_URL) return new PubSub();
    const options = { maxRetriesPerRequest: null, lazyConnect: false };
    // While Redis is away a publish fails at once instead of queueing (a mutation never waits on it);
    // the subscriber reconnects by itself and subscribes its channels again.
    const publisher = new Redis(config.REDIS_URL, { ...options, enableOfflineQueue: false });
    const subscriber = new Redis(config.REDIS_URL, options);
    const log = new Logger('EventBus');
    for (const r of [publisher, subscriber]) r.on('error', (e: Error) => log.warn(`Redis: ${e.message}`));
    return new RedisPubSub({ publisher, subscriber });
  },
};

/** Closes Redis connections on shutdown. */
export async function closePubSub(pubSub: PubSubEngine): Promise<void> {
  if (pubSub instanceof RedisPubSub) await pubSub.close();
}

/** Registered beside PubSubProvider: quits the Redis connections when the application closes. */
@Injectable()
export class PubSubShutdown implements OnApplicationShutdown {
  constructor(@Inject(PUB_SUB) private readonly pubSub: PubSubEngine) {}

  onApplicationShutdown(): Promise<void> {
    return closePubSub(this.pubSub);
  }
}

/** How often the subscriber connection is asked for a round trip (PING) while up. */
const HEARTBEAT_MS = 250;
/** The bus is trusted while a PING sent at most this long ago has been answered. */
const TRUSTED_WITHIN_MS = 750;

/**
 * Whether the event bus delivers: always with the in-process bus; with Redis, while the
 * subscriber connection is up. Live subscriptions end with an error when it drops (their events
 * would silently stop otherwise), and new ones are refused until it is back.
 *
 * For state that is only correct while every message arrives (the session cache), two more
 * answers: `epoch` counts the connection losses (messages may have been missed across one), and
 * `trusted` says that every message published more than TRUSTED_WITHIN_MS ago has been received:
 * a PING on the subscriber connection, sent within that time, has been answered, and Redis
 * answers it after the messages it queued to this connection before it. A connection that hangs
 * without closing stops being trusted within TRUSTED_WITHIN_MS.
 */
@Injectable()
export class BusStatus implements OnApplicationShutdown {
  private readonly listeners = new Set<() => void>();
  private up = true;
  private losses = 0;
  /** When the newest answered PING was sent (performance.now()). */
  private confirmedAt = performance.now();
  private readonly heartbeat?: NodeJS.Timeout;
  private readonly subscriber?: Redis;

  constructor(@Inject(PUB_SUB) pubSub: PubSubEngine) {
    if (!(pubSub instanceof RedisPubSub)) return;
    const subscriber = pubSub.getSubscriber() as Redis;
    this.subscriber = subscriber;
    // Up until the connection is lost (a first connection still under way queues its subscriptions).
    // Back once a PING sent after 'ready' is answered: ioredis subscribes the channels again first,
    // so by then Redis has them.
    subscriber.on('ready', () => this.ping(() => (this.up = true)));
    subscriber.on('close', () => {
      this.losses++;
      if (!this.up) return;
      this.up = false;
      for (const l of [...this.listeners]) l();
    });
    this.heartbeat = setInterval(() => this.ping(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get delivering(): boolean {
    return this.up;
  }

  /** Incremented whenever the connection was lost: what was learnt from the bus before may be out of date. */
  get epoch(): number {
    return this.losses;
  }

  /** Whether everything published more than TRUSTED_WITHIN_MS ago has been received (always, in-process). */
  get trusted(): boolean {
    if (!this.subscriber) return true;
    return this.up && performance.now() - this.confirmedAt <= TRUSTED_WITHIN_MS;
  }

  /** Calls `listener` when the bus stops delivering; returns the function that removes it. */
  onInterrupted(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onApplicationShutdown(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
  }

  private ping(then?: () => void): void {
    const subscriber = this.subscriber!;
    if (subscriber.status !== 'ready') return;
    const sentAt = performance.now();
    const epoch = this.losses;
    subscriber.ping().then(
      () => {
        // Sent on a connection lost meanwhile (ioredis resends unanswered commands): proves nothing.
        if (this.losses !== epoch) return;
        if (sentAt > this.confirmedAt) this.confirmedAt = sentAt;
        then?.();
      },
      () => undefined,
    );
  }
}
