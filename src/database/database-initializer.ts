import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { PiiCipher } from '../common/pii';
import { loadNationalTree } from '../modules/grid/unit-tree.loader';
import { seedDemo } from './demo-data';
import { seedDemoRecords } from './demo-records';
import { ModuleRef } from '@nestjs/core';
import { Clock } from '../common/clock';
import { CalendarService } from '../modules/cases/calendar/calendar.service';

/**
 * Brings a database up to date at start: migrations (unless RUN_MIGRATIONS=false), the national
 * unit tree when the unit table is empty, the holiday calendar, and the demo data on the first
 * start of an empty embedded database (or when SEED_DEMO=true), never in production. Runs after
 * the application is initialised: demo records go through the real services and their hooks.
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

  async run(): Promise<void> {
    if (this.config.RUN_MIGRATIONS) {
      const applied = await this.ds.runMigrations({ transaction: 'each' });
      if (applied.length) this.log.log(`applied ${applied.length} migration(s)`);
    }
    const [{ empty }] = await this.ds.query(`SELECT NOT EXISTS (SELECT 1 FROM unit) AS empty`);
    if (empty) {
      const started = Date.now();
      const n = await loadNationalTree(this.ds);
      this.log.log(`loaded ${n} units (province to township) in ${Date.now() - started} ms`);
    }
    await new CalendarService(this.ds, new Clock()).seedIfEmpty();
    const [{ fresh }] = await this.ds.query(`SELECT NOT EXISTS (SELECT 1 FROM app_user) AS fresh`);
    const wanted = this.config.SEED_DEMO ?? (this.config.embedded && fresh);
    if (wanted && !this.config.isProduction) {
      await seedDemo(this.ds, this.pii);
      await seedDemoRecords(this.ds, this.refs);
    }
  }
}
