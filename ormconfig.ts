import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/app-config';
import { databaseSetup } from './src/database/data-source-options';

/** The DataSource for the TypeORM CLI (`npm run migration:run|revert|generate`). */
export default new DataSource(databaseSetup(loadConfig()).options);
