import { ApolloServerPlugin, BaseContext, HeaderMap } from '@apollo/server';
import type { ExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import { compileQuery, CompiledQuery, isCompiledQuery } from 'graphql-jit';

type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/**
 * Runs queries through graphql-jit: each document is compiled once into a function that walks
 * its own selection, instead of graphql-js interpreting the document on every request (measured
 * in bench/README.md). Mutations and subscriptions stay with graphql-js, as does a query whose
 * variables do not coerce (nothing ran: graphql-js answers it with Apollo's 400). Errors of a
 * query that ran are formatted as Apollo formats them, by the same `formatError`.
 */
export function compiledExecutionPlugin<C extends BaseContext>(formatError: FormatError, maxDocuments = 500): ApolloServerPlugin<C> {
  const compiled = new Map<string, CompiledQuery>();
  const compile = (key: string, make: () => CompiledQuery | ExecutionResult): CompiledQuery | null => {
    let query = compiled.get(key);
    if (!query) {
      const made = make();
      if (!isCompiledQuery(made)) return null;
      // Documents are cached by Apollo's validated documents already; this bounds the compiled ones.
      if (compiled.size >= maxDocuments) compiled.delete(compiled.keys().next().value!);
      compiled.set(key, (query = made));
    }
    return query;
  };
  return {
    async requestDidStart() {
      return {
        async responseForOperation({ operation, document, schema, queryHash, operationName, contextValue, request }) {
          if (operation.operation !== 'query') return null;
          const query = compile(`${queryHash}/${operationName ?? ''}`, () => compileQuery(schema, document, operationName ?? undefined) as CompiledQuery | ExecutionResult);
          if (!query) return null;
          const result = await query.query(undefined, contextValue, request.variables ?? {});
          // Variables that do not coerce: nothing ran, graphql-js answers with its request error.
          if (result.data === undefined) return null;
          const errors = result.errors?.map((e) => format(formatError, e));
          return {
            http: { status: undefined, headers: new HeaderMap() },
            body: { kind: 'single', singleResult: { data: result.data, ...(errors?.length ? { errors } : {}) } },
          };
        },
      };
    },
  };
}

/** As Apollo's own error normalisation does it: the code defaults to INTERNAL_SERVER_ERROR. */
function format(formatError: FormatError, error: GraphQLError): GraphQLFormattedError {
  try {
    return formatError({ ...error.toJSON(), extensions: { ...error.extensions, code: error.extensions?.code ?? 'INTERNAL_SERVER_ERROR' } }, error);
  } catch {
    return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
}
