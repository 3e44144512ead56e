import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import { Observable } from 'rxjs';
import type { SessionStore } from './session';

function isUnauthenticated(result: ApolloLink.Result): boolean {
  return !!result.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
}

/**
 * Puts a fresh access token on every request; when the server still answers UNAUTHENTICATED
 * (token revoked, clock skew), refreshes once and retries once before giving up.
 */
function authLink(session: SessionStore): ApolloLink {
  return new ApolloLink((operation, forward) => {
    return new Observable<ApolloLink.Result>((observer) => {
      let inner: { unsubscribe(): void } | undefined;
      let closed = false;
      const run = (token: string | null, retried: boolean) => {
        if (closed) return;
        operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({
          headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        }));
        inner = forward(operation).subscribe({
          next: (result) => {
            if (!retried && token && isUnauthenticated(result)) {
              inner?.unsubscribe();
              session.refresh().then((s) => {
                if (s) return run(s.accessToken, true);
                observer.next(result);
                observer.complete();
              });
              return;
            }
            observer.next(result);
          },
          error: (err) => observer.error(err),
          complete: () => {
            if (!closed) observer.complete();
          },
        });
      };
      session.accessToken().then(
        (t) => run(t, false),
        (err) => observer.error(err),
      );
      return () => {
        closed = true;
        inner?.unsubscribe();
      };
    });
  });
}

/**
 * One Apollo client per page: queries and mutations over HTTP POST to /graphql, subscriptions
 * over graphql-ws on the same path and origin, both with the session's access token.
 */
export function createApolloClient(session: SessionStore): ApolloClient {
  const http = new HttpLink({ uri: '/graphql' });
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  const ws = new GraphQLWsLink(
    createClient({
      url: wsUrl,
      lazy: true,
      retryAttempts: Infinity,
      shouldRetry: () => true,
      connectionParams: async () => {
        const token = await session.accessToken();
        return token ? { authorization: `Bearer ${token}` } : {};
      },
    }),
  );
  const transport = ApolloLink.split(
    ({ query }) => {
      const def = getMainDefinition(query);
      return def.kind === 'OperationDefinition' && def.operation === 'subscription';
    },
    ws,
    ApolloLink.from([authLink(session), http]),
  );
  return new ApolloClient({
    link: transport,
    cache: new InMemoryCache({
      typePolicies: {
        Unit: { keyFields: ['code'] },
      },
    }),
    defaultOptions: {
      watchQuery: { fetchPolicy: 'cache-and-network' },
    },
  });
}
