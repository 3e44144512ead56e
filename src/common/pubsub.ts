import { Inject, Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
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
    return new RedisPubSub({ publisher: new Redis(config.REDIS_URL, options), subscriber: new Redis(config.REDIS_URL, options) });
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
