import { unwrapResolverError } from '@apollo/server/errors';
import { Logger } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AppError, ErrorCode } from '../errors';

/** Codes that GraphQL itself or Apollo produce for a bad request, passed through as they are. */
const REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

const logger = new Logger('GraphQL');

/** PostgreSQL's query_canceled (57014), which a statement_timeout raises. */
function isStatementTimeout(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  return e?.code === '57014' || e?.driverError?.code === '57014';
}

/**
 * The input fields named by a variable-coercion error, e.g. `Variable "$i" got invalid value
 * "1.005" at "i.amountOwed"` names `amountOwed`; `Variable "$amount" got invalid value` names
 * `amount`.
 */
export function variableFields(message: string): string[] {
  const fields = new Set<string>();
  for (const m of message.matchAll(/Variable "\$(\w+)" got invalid value(?:.*? at "([^"]+)")?/g)) {
    const path = m[2] ? m[2].split('.').slice(1).join('.').replace(/\[\d+\]/g, '') : '';
    fields.add(path || m[1]);
  }
  return [...fields];
}

/**
 * Cuts GraphQL's suggestions ("Did you mean "name"?", "Did you mean the enum value "FILED"?"),
 * in validation and variable-coercion messages alike: outside development the schema is not
 * offered for guessing (introspection is off in production too).
 */
export function withoutSuggestions(message: string): string {
  return message.replace(/\s*Did you mean [^?]*\?/g, '');
}

/**
 * The API edge for errors: an AppError becomes its contract code (with the fields at fault);
 * request errors keep theirs; anything else is INTERNAL_SERVER_ERROR with no internals, logged
 * by name and message only (never variables, which may carry personal data).
 */
export function formatError(development: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const message = development ? formatted.message : withoutSuggestions(formatted.message);
    const base = { message, locations: formatted.locations, path: formatted.path };
    if (original instanceof AppError) {
      const extra = { ...(original.fields ? { fields: original.fields } : {}), ...(original.retryAfter !== undefined ? { retryAfter: original.retryAfter } : {}) };
      return { ...base, message: original.message, extensions: { code: original.code, ...extra } };
    }
    if (isStatementTimeout(original)) {
      logger.warn(`statement timeout at ${formatted.path?.join('.') ?? 'the operation'}`);
      return { ...base, message: 'The request took longer than the server allows; narrow it (filters, a smaller page)', extensions: { code: ErrorCode.TIMEOUT } };
    }
    const code = formatted.extensions?.code as string | undefined;
    if (code === 'BAD_USER_INPUT') {
      const fields = variableFields(message);
      return { ...base, extensions: { code, ...(fields.length ? { fields } : {}) } };
    }
    if (code && REQUEST_CODES.has(code)) return { ...base, extensions: { code } };
    if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') return { ...base, extensions: { code } };
    // Apollo's own refusals of a request carry no code and were not thrown by a resolver.
    if (!code && error instanceof GraphQLError && !error.originalError && !formatted.path) return { ...base, extensions: { code: 'BAD_REQUEST' } };
    const err = original instanceof Error ? original : new Error(String(original));
    logger.error(`${err.name}: ${err.message}`, development ? err.stack : undefined);
    return {
      message: development ? err.message : 'Internal server error',
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', ...(development ? { stacktrace: err.stack?.split('\n') } : {}) },
    };
  };
}
