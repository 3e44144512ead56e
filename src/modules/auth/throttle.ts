import { ExecutionContext, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModuleOptions, ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';
import type { AppConfig } from '../../config/app-config';
import { ACCESS_KEY, AccessRule } from '../access/access.decorator';
import { tooManyRequests } from '../../common/errors';
import { RequestContext } from '../access/request-context';

/** Operations that take a password or create an account: their own, smaller budget per client. */
export const CREDENTIAL_OPERATIONS = new Set(['login', 'registerWorker']);

const isPublic = (context: ExecutionContext) =>
  (Reflect.getMetadata(ACCESS_KEY, context.getHandler()) as AccessRule | undefined)?.kind === 'public';
const fieldName = (context: ExecutionContext) => GqlExecutionContext.create(context).getInfo<{ fieldName: string }>()?.fieldName;

/**
 * Rate limits per client (its IP address, or the one X-Forwarded-For names behind TRUST_PROXY):
 * every public operation counts against `public`, login and registerWorker also against `login`.
 * Each root field is one hit, so aliases count. Counters live in Redis when REDIS_URL is set, so
 * that every instance counts the same client together.
 */
export function throttlerOptions(config: AppConfig): ThrottlerModuleOptions {
  const ttl = config.RATE_LIMIT_WINDOW_SECONDS * 1000;
  const limits: Record<string, number> = { public: config.RATE_LIMIT_PUBLIC, login: config.RATE_LIMIT_LOGIN };
  return {
    throttlers: [
      { name: 'public', ttl, limit: limits.public, skipIf: (c) => !isPublic(c) },
      { name: 'login', ttl, limit: limits.login, skipIf: (c) => !CREDENTIAL_OPERATIONS.has(fieldName(c) ?? '') },
    ],
    // One counter per budget and client, whichever public operation it asks for. The setting is
    // part of the key: instances configured alike share counters in Redis, and a changed limit
    // (or a test app with its own) starts its own instead of inheriting another's hits.
    generateKey: (_context, tracker, name) => `throttle:${name}:${limits[name]}/${ttl}:${tracker}`,
    storage: config.REDIS_URL ? new FallbackThrottlerStorage(config.REDIS_URL) : undefined,
  };
}

/** @nestjs/throttler's guard, for GraphQL operations (HTTP routes are only /health). */
@Injectable()
export class GqlThrottlerGuard extends ThrottlerGuard {
  protected async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true;
    // A subscription's operation arrives over an authenticated WebSocket, not as a request.
    return !GqlExecutionContext.create(context).getContext<RequestContext>().req;
  }

  // The base class declares its request and response as Record<string, any>.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  protected getRequestResponse(context: ExecutionContext): { req: Record<string, any>; res: Record<string, any> } {
    const req = GqlExecutionContext.create(context).getContext<RequestContext>().req!;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { req: req as unknown as Record<string, any>, res: req.res as unknown as Record<string, any> };
  }

  protected async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw tooManyRequests(Math.max(1, detail.timeToBlockExpire));
  }
}

/**
 * Redis counters, and in-process ones while Redis cannot be reached: a Redis outage must not
 * turn every login into an error (the limits then hold per instance until Redis is back).
 */
export class FallbackThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly log = new Logger('Throttler');
  private readonly redis: Redis;
  private readonly shared: ThrottlerStorageRedisService;
  private readonly local = new ThrottlerStorageService();
  private degraded = false;

  constructor(url: string) {
    // Fail fast while disconnected instead of queueing: the fallback answers meanwhile.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
    this.redis.on('error', () => undefined); // reported once per outage below
    this.shared = new ThrottlerStorageRedisService(this.redis);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, name: string): Promise<ThrottlerStorageRecord> {
    try {
      const record = await this.shared.increment(key, ttl, limit, blockDuration, name);
      if (this.degraded) this.log.log('Redis reachable again: rate limits are shared again');
      this.degraded = false;
      return record;
    } catch (e) {
      if (!this.degraded) this.log.warn(`Redis unreachable (${(e as Error).name}): rate limits count per instance meanwhile`);
      this.degraded = true;
      return this.local.increment(key, ttl, limit, blockDuration, name);
    }
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
    this.local.onApplicationShutdown();
  }
}
