import { unwrapResolverError } from '@apollo/server/errors';
import { Logger } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';
import { AppError } from '../errors';

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

/**
 * The API edge for errors: an AppError becomes its contract code (with the fields at fault);
 * request errors keep theirs; anything else is INTERNAL_SERVER_ERROR with no internals, logged
 * by name and message only (never variables, which may carry personal data).
 */
export function formatError(development: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (original instanceof AppError) {
      return { ...base, message: original.message, extensions: { code: original.code, ...(original.fields ? { fields: original.fields } : {}) } };
    }
    const code = formatted.extensions?.code as string | undefined;
    if (code && REQUEST_CODES.has(code)) return { ...base, extensions: { code } };
    if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') return { ...base, extensions: { code } };
    const err = original instanceof Error ? original : new Error(String(original));
    logger.error(`${err.name}: ${err.message}`, development ? err.stack : undefined);
    return {
      message: development ? err.message : 'Internal server error',
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', ...(development ? { stacktrace: err.stack?.split('\n') } : {}) },
    };
  };
}
