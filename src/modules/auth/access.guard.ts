import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { forbidden, unauthenticated } from '../../common/errors';
import { RequestContext } from '../access/request-context';
import { SessionService } from './session.service';
import { ACCESS_KEY, AccessRule } from '../access/access.decorator';

/**
 * The global guard: identifies the caller from the bearer token (HTTP header or graphql-ws
 * connection params), builds the request's CASL ability, and enforces the operation's declared
 * access rule. An operation that declares none is refused: guards are opt-out, never opt-in.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true; // REST: only /health, public
    const rule = this.reflector.get<AccessRule | undefined>(ACCESS_KEY, context.getHandler());
    if (!rule) throw forbidden('This operation declares no access rule');
    const ctx = GqlExecutionContext.create(context).getContext<RequestContext>();
    if (rule.kind === 'public') return true;
    if (!ctx.user) {
      const token = bearerToken(ctx);
      if (!token) throw unauthenticated();
      ({ user: ctx.user, ability: ctx.ability } = await this.sessions.callerForAccessToken(token));
    }
    if (rule.kind === 'roles' && !rule.roles.includes(ctx.user.role)) {
      throw forbidden(`This operation is for ${rule.roles.join(', ')}`);
    }
    return true;
  }
}

export function bearerToken(ctx: RequestContext): string | null {
  const header = ctx.req?.headers?.authorization ?? (ctx.connectionParams?.authorization as string | undefined) ??
    (ctx.connectionParams?.Authorization as string | undefined);
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(String(header));
  return m ? m[1] : null;
}
