import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { from, lastValueFrom, Observable } from 'rxjs';
import { ReadRouter } from './read-router';

/**
 * Read-your-writes: when a signed-in caller's root mutation has finished (committed, or failed,
 * e.g. a CONFLICT after which the client reads again), the caller is marked before the answer
 * leaves, so that its next supervision reads go to the primary (ReadRouter).
 */
@Injectable()
export class ReadYourWritesInterceptor implements NestInterceptor {
  constructor(private readonly router: ReadRouter) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.router.routing || context.getType<string>() !== 'graphql') return next.handle();
    const gql = GqlExecutionContext.create(context);
    const userId = gql.getContext<{ user?: { id: string } }>().user?.id;
    if (gql.getInfo<GraphQLResolveInfo>()?.parentType?.name !== 'Mutation' || !userId) return next.handle();
    return from(
      (async () => {
        try {
          return await lastValueFrom(next.handle(), { defaultValue: undefined });
        } finally {
          await this.router.wrote(userId);
        }
      })(),
    );
  }
}
