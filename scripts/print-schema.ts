import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config/app-config';

/**
 * `npm run schema:print`: writes the code-first schema to schema.graphql (committed), sorted by
 * name, so that moving a resolver between files or modules does not reorder the printed schema.
 */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, DATA_DIR: process.env.DATA_DIR ?? '.data/schema-print', RUN_MIGRATIONS: 'false' });
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: ['error'] });
  await app.init();
  const { schema } = app.get(GraphQLSchemaHost);
  writeFileSync('schema.graphql', printSchema(lexicographicSortSchema(schema)) + '\n');
  await app.close();
  console.log('wrote schema.graphql');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
