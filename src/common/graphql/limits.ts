import { ApolloServerPlugin, BaseContext, HeaderMap } from '@apollo/server';
import { Logger } from '@nestjs/common';
import { GraphQLError, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { ErrorCode } from '../errors';
import { measureOperation, type OperationCost } from './cost';

const logger = new Logger('GraphQL');

/**
 * Refuses an operation whose cost (cost.ts, with the variables it is sent with) passes the
 * caller's budget, before anything runs: GRAPHQL_VALIDATION_FAILED, HTTP 400. The caller is
 * identified only when the cost passes the anonymous budget, so cheap queries cost no look-up;
 * an operation that selects a field declared with `FieldCost(n, { anonymousBudget: true })` (the
 * public results) gets the anonymous budget whoever asks.
 */
export function costLimitPlugin<C extends BaseContext>(
  limits: { authenticated: number; anonymous: number },
  signedIn: (ctx: C) => Promise<boolean>,
): ApolloServerPlugin<C> {
  // Apollo hands the same parsed document for the same query text: the cost of an operation
  // without variables is measured once per document.
  const fixed = new WeakMap<DocumentNode, Map<string, OperationCost>>();
  const measure = (input: Parameters<typeof measureOperation>[0], operation: OperationDefinitionNode | undefined): OperationCost => {
    if (!operation || operation.variableDefinitions?.length) return measureOperation(input);
    let byName = fixed.get(input.document);
    if (!byName) fixed.set(input.document, (byName = new Map()));
    const name = input.operationName ?? '';
    let cost = byName.get(name);
    if (!cost) byName.set(name, (cost = measureOperation(input)));
    return cost;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation, operationName, contextValue, schema }) {
          const { cost, anonymousBudget } = measure({ schema, document, operationName, variables: request.variables }, operation);
          if (cost <= limits.anonymous) return;
          const held = anonymousBudget.length > 0;
          const known = !held && (await signedIn(contextValue));
          const limit = known ? limits.authenticated : limits.anonymous;
          if (cost <= limit) return;
          const who = held ? ` of an operation that reads ${anonymousBudget.join(', ')}, for any caller` : known ? '' : ' for a caller without a valid access token';
          throw new GraphQLError(`Query cost ${cost} exceeds the limit of ${limit}${who}: ask for smaller pages or fewer nested lists`, {
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED', cost, limit, http: { status: 400, headers: new HeaderMap() } },
          });
        },
      };
    },
  };
}

/** An answer with a TOO_MANY_REQUESTS error is HTTP 429 with Retry-After, as rate limits are elsewhere. */
export function tooManyRequestsPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const limited = response.body.singleResult.errors?.find((e) => e.extensions?.code === ErrorCode.TOO_MANY_REQUESTS);
          if (!limited) return;
          response.http.status = 429;
          response.http.headers.set('retry-after', String(limited.extensions?.retryAfter ?? 60));
        },
      };
    },
  };
}

/**
 * Apollo's stringifyResult with a cap: an answer over `maxBytes` becomes one clean error
 * (RESPONSE_TOO_LARGE) instead of megabytes sent or a body cut short.
 */
export function cappedStringify(maxBytes: number) {
  return (value: unknown): string => {
    const text = JSON.stringify(value) + '\n';
    // A UTF-16 unit is at most 3 bytes of UTF-8: most answers need no byte count at all.
    if (text.length * 3 <= maxBytes) return text;
    const bytes = Buffer.byteLength(text);
    if (bytes <= maxBytes) return text;
    logger.warn(`response of ${bytes} bytes refused (limit ${maxBytes})`);
    const error = {
      message: `The response would be ${bytes} bytes, over the limit of ${maxBytes}: ask for less (fewer fields, smaller pages)`,
      extensions: { code: 'RESPONSE_TOO_LARGE' },
    };
    return JSON.stringify({ errors: [error] }) + '\n';
  };
}
