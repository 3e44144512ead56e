import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config/app-config';

/** `npm run schema:print`: writes the code-first schema to schema.graphql (committed). */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, DATA_DIR: process.env.DATA_DIR ?? '.data/schema-print', RUN_MIGRATIONS: 'false' });
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: ['error'] });
  await app.init();
  const { schema } = app.get(GraphQLSchemaHost);
  writeFileSync('schema.graphql', printSchema(schema) + '\n');
  await app.close();
  console.log('wrote schema.graphql');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
