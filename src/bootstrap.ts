import cluster from 'node:cluster';
import { INestApplication, Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { ApolloDriver } from '@nestjs/apollo';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json } from 'express';
import { AppModule } from './app.module';
import { graphqlHttpEdge, HTTP_BODY_LIMIT, installProcessGuards } from './common/http/http-edge';
import { serveGraphqlDirectly } from './common/http/graphql-direct';
import { AppConfig } from './config/app-config';
import { httpContext } from './graphql.options';
import { DatabaseInitializer } from './database/database-initializer';
import { serveWeb } from './web/web-assets';

/** Builds the application (the API and the web pages), brings the database up to date, and listens. Used by main and tests. */
export async function createApp(config: AppConfig, opts: { logger?: LogLevel[] | false } = {}): Promise<INestApplication> {
  installProcessGuards();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: opts.logger ?? (config.NODE_ENV === 'test' ? ['error'] : ['log', 'warn', 'error']),
    abortOnError: false,
    // One parser, JSON only, registered below after the GraphQL edge's method and type checks.
    bodyParser: false,
  });
  if (config.trustProxy !== undefined) app.set('trust proxy', config.trustProxy);
  // No ETag on API answers (a hash of every GraphQL body, for POSTs no cache revalidates); the
  // web pages and files set their own caching (src/web/web-assets.ts).
  app.set('etag', false);
  app.disable('x-powered-by');
  // Which worker of WORKERS=N answered (the cluster's worker id; a restarted worker gets a new one).
  const everyAnswer: Record<string, string> = cluster.isWorker ? { 'x-worker': String(cluster.worker!.id) } : {};
  if (cluster.isWorker) {
    app.use((_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => {
      for (const [name, value] of Object.entries(everyAnswer)) res.setHeader(name, value);
      next();
    });
  }
  app.use('/graphql', graphqlHttpEdge);
  app.use(json({ limit: HTTP_BODY_LIMIT }));
  // Before init, so that a browser's GET /graphql reaches GraphiQL before Apollo.
  serveWeb(app, config);
  await app.init();
  const apollo = app.get(GraphQLModule<ApolloDriver>).graphQlAdapter.instance;
  serveGraphqlDirectly(app.getHttpServer(), app.getHttpAdapter().getInstance(), apollo, httpContext, everyAnswer);
  await app.get(DatabaseInitializer).run();
  await app.listen(config.PORT, '0.0.0.0');
  return app;
}

export const startupLogger = new Logger('Server');
