import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLError, GraphQLSchema } from 'graphql';
import type { WebSocket } from 'ws';
import { AppConfig } from './config/app-config';
import { costLimitPlugin, cappedStringify, tooManyRequestsPlugin } from './common/graphql/limits';
import { formatError, withoutSuggestions } from './common/graphql/format-error';
import { LoaderRegistry, RequestContext } from './modules/access/request-context';
import { DateTimeScalar } from './common/scalars';
import { compiledExecutionPlugin } from './common/graphql/compiled-execution';
import { subscriptionSockets } from './common/shutdown-grace';

/** Descriptions of the root types, which code-first resolvers cannot declare. */
const ROOT_DESCRIPTIONS = {
  query:
    '查询: the reads. Each field says who may call it (Public, any signed-in account, or the roles named); a record outside the caller\'s jurisdiction reads as null with NOT_FOUND.',
  mutation: '命令: the named commands. Each runs in one transaction with its audit row; a failed or refused one changes nothing.',
  subscription: '订阅 over graphql-ws at /graphql, the access token in the connection params.',
};

function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  const roots = { query: schema.getQueryType(), mutation: schema.getMutationType(), subscription: schema.getSubscriptionType() };
  for (const [kind, type] of Object.entries(roots)) if (type) type.description = ROOT_DESCRIPTIONS[kind as keyof typeof roots];
  return schema;
}

/** The context of an operation sent over HTTP (through Express or serveGraphqlDirectly). */
export function httpContext(arg: { req: NonNullable<RequestContext['req']> }): RequestContext {
  return { req: arg.req, loaders: new LoaderRegistry() };
}

export interface GraphqlDeps {
  /** Whether the request carries a valid access token (loads the caller into the context). */
  signedIn: (ctx: RequestContext) => Promise<boolean>;
  /** Wraps the root fields' resolvers in their audit scopes (AuditLog.auditRootFields). */
  auditRootFields?: (schema: GraphQLSchema) => GraphQLSchema;
}

/**
 * Apollo options: code-first schema, per-request loaders, errors mapped once, depth / alias
 * limits, a cost limit that counts lists at their size (smaller for anonymous callers), a cap on
 * the response size, no suggestions, CSRF prevention, introspection off in production, and
 * graphql-ws subscriptions authenticated by the access token in the connection params.
 */
export function graphqlOptions(config: AppConfig, deps: GraphqlDeps = { signedIn: async () => false }): ApolloDriverConfig {
  const armor = new ApolloArmor({
    maxDepth: { n: config.GRAPHQL_MAX_DEPTH },
    maxAliases: { n: config.GRAPHQL_MAX_ALIASES },
    // Replaced by costLimitPlugin, which sees list sizes, variables and the caller.
    costLimit: { enabled: false },
    maxDirectives: { n: 20 },
    // Counted by graphql-js's own parser (parseOptions below): armor's plugin threw every syntax
    // error from a hook, which Apollo answers as HTTP 500.
    maxTokens: { enabled: false },
    // Suggestions are cut from every message by formatError, enum values and coercion included.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  const development = config.NODE_ENV === 'development';
  const format = formatError(development);
  // An error raised while running the operation carries what was thrown; GraphQL's own request
  // errors (validation, variables) carry nothing and pass as they are.
  const plain = (e: GraphQLError) => (development ? e.toJSON() : { ...e.toJSON(), message: withoutSuggestions(e.message) });
  const formatWs = (errors: readonly GraphQLError[]) => errors.map((e) => (e.originalError ? format(e.toJSON(), e.originalError) : plain(e)));
  return {
    autoSchemaFile: true,
    sortSchema: false,
    path: '/graphql',
    playground: false,
    introspection: !config.isProduction,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    // Money and Date are used as explicit field types; a JS Date is always our DateTime.
    buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: DateTimeScalar }] },
    transformSchema: (schema) => (deps.auditRootFields ?? ((s: GraphQLSchema) => s))(describeRootTypes(schema)),
    plugins: [
      ...armor.plugins,
      costLimitPlugin({ authenticated: config.GRAPHQL_MAX_COST, anonymous: config.GRAPHQL_MAX_COST_ANONYMOUS }, deps.signedIn),
      tooManyRequestsPlugin(),
      ...(config.GRAPHQL_JIT ? [compiledExecutionPlugin(format)] : []),
      // No Apollo landing page (it loads a CDN): browsers get the bundled GraphiQL (src/web).
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP cache hints (every answer depends on its caller): without this, Apollo wraps every
      // field's resolver to compute them, a cost on each field of each row.
      ApolloServerPluginCacheControlDisabled(),
    ],
    validationRules: armor.validationRules,
    formatError: format,
    parseOptions: { maxTokens: 5000 },
    // No automatic persisted queries: anonymous clients could fill the server's cache with documents.
    persistedQueries: false,
    // Nest would reset every answer with data to HTTP 200, the rate limit's 429 included.
    preserveHttpStatusForExecutionErrors: false,
    stringifyResult: cappedStringify(config.GRAPHQL_MAX_RESPONSE_BYTES),
    subscriptions: {
      'graphql-ws': {
        path: '/graphql',
        // graphql-ws does not go through Apollo's formatError: the errors it sends are mapped at the
        // same edge (an event's field errors here; a subscription that failed to start in onError).
        onConnect: (ctx) => {
          subscriptionSockets.add((ctx.extra as { socket: WebSocket }).socket);
        },
        onClose: (ctx) => {
          subscriptionSockets.delete((ctx.extra as { socket: WebSocket }).socket);
        },
        onNext: (_ctx, _id, _payload, _args, result) => (result.errors?.length ? { ...result, errors: formatWs(result.errors) } : undefined),
        // Not in Nest's type, but passed through to graphql-ws's useServer like the rest.
        ...({ onError: (_ctx: unknown, _id: string, _payload: unknown, errors: readonly GraphQLError[]) => formatWs(errors) } as object),
      },
    },
    // Apollo passes { req, res }; graphql-ws its own context, whose connectionParams are the client's.
    context: (arg: { req?: RequestContext['req']; connectionParams?: RequestContext['connectionParams'] } | undefined): RequestContext => {
      if (arg?.req) return httpContext({ req: arg.req });
      // graphql-ws: (ctx, message, args); the guard reads the token from the connection params.
      return { connectionParams: arg?.connectionParams ?? {}, loaders: new LoaderRegistry() };
    },
  };
}
