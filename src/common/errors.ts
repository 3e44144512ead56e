/** The error codes of the public contract, carried in `extensions.code`. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  /** A client over its rate limit (HTTP 429); `extensions.retryAfter` says in how many seconds to try again. */
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  /** A statement ran past the database's statement timeout: narrow the request (filters, smaller pages). */
  TIMEOUT = 'TIMEOUT',
}

/**
 * An expected failure with a contract code. Modules throw these (through their `*.errors.ts`
 * helpers); the API edge maps them once to `extensions.code`. Anything else is an internal error.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** For BAD_USER_INPUT: the input field(s) at fault. */
    readonly fields?: string[],
    /** For TOO_MANY_REQUESTS: seconds until the client may try again. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badInput = (field: string | string[], message: string) =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, Array.isArray(field) ? field : [field]);
export const notFound = (what: string) => new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
export const conflict = (message: string) => new AppError(ErrorCode.CONFLICT, message);
export const forbidden = (message: string) => new AppError(ErrorCode.FORBIDDEN, message);
export const tooManyRequests = (retryAfter: number) =>
  new AppError(ErrorCode.TOO_MANY_REQUESTS, `Too many requests: try again in ${retryAfter} s`, undefined, retryAfter);
export const unauthenticated = (message = 'Authentication required') => new AppError(ErrorCode.UNAUTHENTICATED, message);

/** A text input that must not be blank: trimmed, else BAD_USER_INPUT naming `field`; optionally capped. */
export function requiredText(text: string | null | undefined, field: string, maxLength?: number): string {
  const t = (text ?? '').trim();
  if (!t) throw badInput(field, `${field} is required`);
  if (maxLength !== undefined && t.length > maxLength) throw badInput(field, `${field} must be at most ${maxLength} characters`);
  return t;
}
