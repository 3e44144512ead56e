import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from '../migrations';
import { SqlLogger } from './sql-logger';
import { pgTypes } from './timestamptz';

export interface DatabaseSetup {
  options: DataSourceOptions;
  /** Shuts the embedded engine down after the DataSource is destroyed (no-op on a server). */
  closeEngine: () => Promise<void>;
}

/**
 * The one description of the database: a PostgreSQL server when DATABASE_URL is set, otherwise
 * the embedded PGlite under DATA_DIR reached through PGlite's node-postgres adapter, so TypeORM
 * keeps its ordinary postgres driver and the same migrations run on both.
 */
export function databaseSetup(config: AppConfig): DatabaseSetup {
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    logger: new SqlLogger(),
    maxQueryExecutionTime: 5000,
  };
  if (config.DATABASE_URL) {
    const replicas = config.replicaUrls;
    return {
      // statement_timeout is sent at connect: every pooled session refuses a statement running past it
      // (a request's SQL; migrations lift it for their own session, see DatabaseInitializer). A request
      // waits at most DB_POOL_WAIT_MS for a connection, then fails cleanly (docs/SECURITY.md).
      options: {
        ...common,
        // With replicas TypeORM keeps one pool per server (DB_POOL_SIZE each). defaultMode 'master'
        // keeps every query on the primary unless a 'slave' query runner is asked for: only
        // ReadRouter does, for supervision reads (docs/ARCHITECTURE.md, "Read replicas").
        ...(replicas.length
          ? { replication: { master: { url: config.DATABASE_URL }, slaves: replicas.map((url) => ({ url })), defaultMode: 'master' as const } }
          : { url: config.DATABASE_URL }),
        poolSize: config.DB_POOL_SIZE,
        // types: timestamptz read by position (src/database/timestamptz.ts), the rest as node-postgres reads them.
        extra: { idleTimeoutMillis: 30000, connectionTimeoutMillis: config.DB_POOL_WAIT_MS, types: pgTypes, ...statementTimeout(config) },
      },
      closeEngine: async () => undefined,
    };
  }
  // PGlite runs each statement synchronously inside the WebAssembly engine, with no timer signal
  // to interrupt it: statement_timeout is accepted there but never fires (docs/SECURITY.md).
  // Required lazily: a server on DATABASE_URL never loads the WebAssembly build. The instance
  // comes from the main entry: the adapter's own bundled copy looks for its WebAssembly files in
  // a folder the package does not ship. The constructor is lazy; the pool holds one session.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { PGlite } = require('@electric-sql/pglite');
  const { createPgConfig } = require('@electric-sql/pglite/node-postgres');
  const { ltree } = require('@electric-sql/pglite/contrib/ltree');
  const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm');
  /* eslint-enable @typescript-eslint/no-require-imports */
  // A smaller WAL: after loading all 620k grids the folder is 421 MiB instead of 805 (bench/README.md).
  const startParams = [...PGlite.defaultStartParams, '-c', 'max_wal_size=128MB', '-c', 'min_wal_size=32MB'];
  const pglite = new PGlite(join(config.dataDir, 'pg'), { extensions: { ltree, pg_trgm }, startParams });
  return {
    options: { ...common, extra: { ...createPgConfig(pglite), max: 1, idleTimeoutMillis: 0 } },
    closeEngine: async () => {
      if (!pglite.closed) await pglite.close();
    },
  };
}

function statementTimeout(config: AppConfig): { statement_timeout?: number } {
  return config.DB_STATEMENT_TIMEOUT_MS > 0 ? { statement_timeout: config.DB_STATEMENT_TIMEOUT_MS } : {};
}
