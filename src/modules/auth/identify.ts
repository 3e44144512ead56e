import { AppError, ErrorCode } from '../../common/errors';
import { RequestContext } from '../access/request-context';
import { SessionService } from './session.service';
import { bearerToken } from './access.guard';

/**
 * Whether the request carries a valid access token, for limits that are larger for signed-in
 * callers (the query cost budget). Loads the caller into the context as the guard would, so the
 * guard does not look it up again; a missing, expired or revoked token is simply "anonymous"
 * here (the guard still refuses it where an operation needs a caller).
 */
export async function isSignedIn(sessions: SessionService, ctx: RequestContext): Promise<boolean> {
  if (ctx.user) return true;
  const token = bearerToken(ctx);
  if (!token) return false;
  try {
    ({ user: ctx.user, ability: ctx.ability } = await sessions.callerForAccessToken(token));
    return true;
  } catch (e) {
    if (e instanceof AppError && e.code === ErrorCode.UNAUTHENTICATED) return false;
    throw e;
  }
}
