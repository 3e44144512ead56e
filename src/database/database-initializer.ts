import { Injectable, Logger } from '@nestjs/common';
import { DataSource, MigrationExecutor } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { PiiCipher } from '../common/pii';
import { loadNationalTree } from '../modules/units/unit-tree.loader';
import { seedDemo } from './demo-data';
import { seedDemoRecords } from './demo-records';
import { ModuleRef } from '@nestjs/core';
import { Clock } from '../common/clock';
import { CalendarService } from '../modules/calendar/calendar.service';

/** node-postgres's client, as far as the lock below uses it (the package ships no types). */
interface PgClient {
  connect(): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<unknown>;
  end(): Promise<void>;
  on(event: 'error', listener: (e: Error) => void): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Client } = require('pg') as { Client: new (opts: { connectionString?: string }) => PgClient };

/** pg_advisory_lock key held while one process brings the database up to date ('init' in ASCII). */
const INIT_LOCK = 0x696e6974;

/**
 * Brings a database up to date at start: migrations (unless RUN_MIGRATIONS=false), the national
 * unit tree when the unit table is empty, the holiday calendar, and the demo data on the first
 * start of an empty embedded database (or when SEED_DEMO=true), never in production. Runs after
 * the application is initialised: demo records go through the real services and their hooks.
 * On PostgreSQL one process at a time does it (a session advisory lock): the workers of a cluster,
 * or instances started together on several machines, wait for the first, then find nothing to do.
 */
@Injectable()
export class DatabaseInitializer {
  private readonly log = new Logger('Database');

  constructor(
    private readonly ds: DataSource,
    private readonly config: AppConfig,
    private readonly pii: PiiCipher,
    private readonly refs: ModuleRef,
  ) {}

  /**
   * Pending migrations on one session without the statement timeout: an index built over millions
   * of rows may rightly take longer than any request may.
   */
  private async migrate(): Promise<number> {
    const runner = this.ds.createQueryRunner();
    try {
      await runner.query('SET statement_timeout = 0');
      const executor = new MigrationExecutor(this.ds, runner);
      executor.transaction = 'each';
      return (await executor.executePendingMigrations()).length;
    } finally {
      await runner.query('RESET statement_timeout').catch(() => undefined);
      await runner.release();
    }
  }

  async run(): Promise<void> {
    if (this.config.embedded) return this.bringUpToDate();
    // A connection of its own, outside the pool (which may hold a single one) and without the
    // pool's statement timeout: waiting for another process's migrations may take long.
    const lock = new Client({ connectionString: this.config.DATABASE_URL });
    lock.on('error', () => undefined); // a lost connection fails the query it was running
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [INIT_LOCK]);
      await this.bringUpToDate();
    } finally {
      await lock.end().catch(() => undefined); // releases the lock
    }
  }

  private async bringUpToDate(): Promise<void> {
    if (this.config.RUN_MIGRATIONS) {
      const applied = await this.migrate();
      if (applied) this.log.log(`applied ${applied} migration(s)`);
    }
    const [{ empty }]: { empty: boolean }[] = await this.ds.query(`SELECT NOT EXISTS (SELECT 1 FROM unit) AS empty`);
    if (empty) {
      const started = Date.now();
      const n = await loadNationalTree(this.ds);
      this.log.log(`loaded ${n} units (province to township) in ${Date.now() - started} ms`);
    }
    await new CalendarService(this.ds, new Clock()).seedIfEmpty();
    const [{ fresh }]: { fresh: boolean }[] = await this.ds.query(`SELECT NOT EXISTS (SELECT 1 FROM app_user) AS fresh`);
    const wanted = this.config.SEED_DEMO ?? (this.config.embedded && fresh);
    if (wanted && !this.config.isProduction) {
      await seedDemo(this.ds, this.pii);
      await seedDemoRecords(this.ds, this.refs);
    }
  }
}
