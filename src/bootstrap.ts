import { INestApplication, Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { DatabaseInitializer } from './database/database-initializer';
import { serveWeb } from './web/web-assets';

/** Builds the application (the API and the web pages), brings the database up to date, and listens. Used by main and tests. */
export async function createApp(config: AppConfig, opts: { logger?: LogLevel[] | false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: opts.logger ?? (config.NODE_ENV === 'test' ? ['error'] : ['log', 'warn', 'error']),
    abortOnError: false,
  });
  app.enableShutdownHooks();
  // Before init, so that a browser's GET /graphql reaches GraphiQL before Apollo.
  const web = serveWeb(app, config);
  if (!web.built && config.NODE_ENV !== 'test') startupLogger.warn('web/dist is missing: run `npm run web:build` to serve the console');
  await app.init();
  await app.get(DatabaseInitializer).run();
  await app.listen(config.PORT, '0.0.0.0');
  return app;
}

export const startupLogger = new Logger('Server');
