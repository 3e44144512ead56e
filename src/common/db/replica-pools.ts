import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { PostgresConnectionCredentialsOptions } from 'typeorm/driver/postgres/PostgresConnectionCredentialsOptions';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** A node-postgres client as the replica checks use it. */
export interface PoolClient {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

type ConnectCallback = (err: Error | undefined, client?: PoolClient, release?: (err?: unknown) => void) => void;

/** What TypeORM's driver asks of a node-postgres pool: a connection, and the end. */
export interface ConnectionPool {
  connect(cb: ConnectCallback): void;
  end(cb: (err?: Error) => void): void;
}

const log = new Logger('Replicas');

/**
 * A replica's pool made on first use: while its replica cannot be reached, every use tries again
 * and fails at once with the connection error (which sends the read to the primary).
 */
class DeferredPool implements ConnectionPool {
  private pool: Promise<ConnectionPool> | null = null;

  constructor(private readonly create: () => Promise<ConnectionPool>) {}

  connect(cb: ConnectCallback): void {
    this.pool ??= this.create().catch((err: Error) => {
      this.pool = null;
      throw err;
    });
    this.pool.then((pool) => pool.connect(cb), (err: Error) => cb(err));
  }

  end(cb: (err?: Error) => void): void {
    if (!this.pool) return cb();
    this.pool.then((pool) => pool.end(cb), () => cb());
  }
}

/**
 * TypeORM's PostgreSQL driver opens one connection to every pool while the DataSource
 * initializes, so a replica that is down would stop the server from starting. Here a replica
 * whose first connection fails gets a deferred pool instead; the primary's failure still stops
 * the start (and is retried by the module, as before).
 */
class DriverWithDeferredReplicas extends PostgresDriver {
  protected override async createPool(options: PostgresDataSourceOptions, credentials: PostgresConnectionCredentialsOptions): Promise<unknown> {
    const replication = options.replication;
    if (!replication || credentials === replication.master) return super.createPool(options, credentials);
    try {
      return await super.createPool(options, credentials);
    } catch (err) {
      log.warn(`a replica cannot be reached at start (${(err as Error).message}): reads stay on the primary until it answers`);
      return new DeferredPool(() => super.createPool(options, credentials) as Promise<ConnectionPool>);
    }
  }
}

/** A DataSource of `options`, not yet initialized; with replicas, one that starts while a replica is down. */
export function newDataSource(options: PostgresDataSourceOptions | ConstructorParameters<typeof DataSource>[0]): DataSource {
  const ds = new DataSource(options);
  if ('replication' in options && options.replication) Object.assign(ds, { driver: new DriverWithDeferredReplicas(ds) });
  return ds;
}

/** The replicas' pools (TypeORM's 'slave' pools, in DATABASE_REPLICA_URLS order); none without replication. */
export function replicaPools(ds: DataSource): ConnectionPool[] {
  return ds.driver instanceof PostgresDriver && ds.driver.isReplicated ? (ds.driver.slaves as ConnectionPool[]) : [];
}
