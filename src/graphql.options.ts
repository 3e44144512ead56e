import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLError } from 'graphql';
import { AppConfig } from './config/app-config';
import { formatError } from './common/graphql/format-error';
import { LoaderRegistry, RequestContext } from './common/graphql/request-context';
import { DateTimeScalar } from './common/scalars';
import { publicCostRule } from './modules/public/public-cost.rule';

/**
 * Apollo options: code-first schema, per-request loaders, errors mapped once, depth / alias /
 * cost limits, no field suggestions, CSRF prevention, introspection off in production, and
 * graphql-ws subscriptions authenticated by the access token in the connection params.
 */
export function graphqlOptions(config: AppConfig): ApolloDriverConfig {
  const armor = new ApolloArmor({
    maxDepth: { n: config.GRAPHQL_MAX_DEPTH },
    maxAliases: { n: config.GRAPHQL_MAX_ALIASES },
    costLimit: { maxCost: config.GRAPHQL_MAX_COST },
    maxDirectives: { n: 20 },
    maxTokens: { n: 5000 },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  const development = config.NODE_ENV === 'development';
  const format = formatError(development);
  // An error raised while running the operation carries what was thrown; GraphQL's own request
  // errors (validation, variables) carry nothing and pass as they are.
  const formatWs = (errors: readonly GraphQLError[]) => errors.map((e) => (e.originalError ? format(e.toJSON(), e.originalError) : e.toJSON()));
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
    plugins: [
      ...armor.plugins,
      // No Apollo landing page (it loads a CDN): browsers get the bundled GraphiQL (src/web).
      ApolloServerPluginLandingPageDisabled(),
    ],
    validationRules: [...armor.validationRules, publicCostRule(config.PUBLIC_MAX_COST)],
    formatError: format,
    subscriptions: {
      'graphql-ws': {
        path: '/graphql',
        // graphql-ws does not go through Apollo's formatError: the errors it sends are mapped at the
        // same edge (an event's field errors here; a subscription that failed to start in onError).
        onNext: (_ctx, _id, _payload, _args, result) => (result.errors?.length ? { ...result, errors: formatWs(result.errors) } : undefined),
        // Not in Nest's type, but passed through to graphql-ws's useServer like the rest.
        ...({ onError: (_ctx: unknown, _id: string, _payload: unknown, errors: readonly GraphQLError[]) => formatWs(errors) } as object),
      },
    },
    context: (arg: any): RequestContext => {
      if (arg?.req) return { req: arg.req, loaders: new LoaderRegistry() };
      // graphql-ws: (ctx, message, args); the guard reads the token from the connection params.
      return { connectionParams: arg?.connectionParams ?? {}, loaders: new LoaderRegistry() };
    },
  };
}
