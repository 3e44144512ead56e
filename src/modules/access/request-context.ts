import DataLoader from 'dataloader';
import type { Request } from 'express';
import type { AppAbility } from './ability.factory';
import type { CurrentUser } from './current-user';

/** Per-request DataLoaders, created on first use by the service that owns the relation. */
export class LoaderRegistry {
  /** Each key's loader, of the key and value types its `create` gave it. */
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(key: string, create: () => DataLoader<K, V>): DataLoader<K, V> {
    let loader = this.loaders.get(key) as DataLoader<K, V> | undefined;
    if (!loader) this.loaders.set(key, (loader = create()) as DataLoader<unknown, unknown>);
    return loader;
  }
}

/** The GraphQL context of one HTTP request or one subscription operation. */
export interface RequestContext {
  req?: Request;
  /** graphql-ws connection params, for subscriptions. */
  connectionParams?: Record<string, unknown>;
  user?: CurrentUser;
  ability?: AppAbility;
  loaders: LoaderRegistry;
}

/** The authenticated caller of a guarded operation (the guard has run). */
export function callerOf(ctx: RequestContext): { user: CurrentUser; ability: AppAbility } {
  if (!ctx.user || !ctx.ability) throw new Error('callerOf used on an operation without authentication');
  return { user: ctx.user, ability: ctx.ability };
}
