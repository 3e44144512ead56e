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

/**
 * Whether the event bus delivers: always with the in-process bus; with Redis, while the
 * subscriber connection is up. Live subscriptions end with an error when it drops (their events
 * would silently stop otherwise), and new ones are refused until it is back.
 */
@Injectable()
export class BusStatus {
  private readonly listeners = new Set<() => void>();
  private up = true;

  constructor(@Inject(PUB_SUB) pubSub: PubSubEngine) {
    if (!(pubSub instanceof RedisPubSub)) return;
    const subscriber = pubSub.getSubscriber();
    // Up until the connection is lost (a first connection still under way queues its subscriptions).
    subscriber.on('ready', () => (this.up = true));
    subscriber.on('close', () => {
      if (!this.up) return;
      this.up = false;
      for (const l of [...this.listeners]) l();
    });
  }

  get delivering(): boolean {
    return this.up;
  }

  /** Calls `listener` when the bus stops delivering; returns the function that removes it. */
  onInterrupted(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
