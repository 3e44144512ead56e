import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { databaseSetup, DatabaseSetup } from '../../src/database/data-source-options';
import { testEnv } from './env';

/**
 * An empty database of its own with the migrations run, beside the suite's shared one: a fresh
 * PostgreSQL database on the DATABASE_URL server, or an embedded one in a temp folder.
 */
export class FreshDatabase {
  private constructor(
    readonly env: NodeJS.ProcessEnv,
    readonly config: AppConfig,
    private readonly drop: () => Promise<void>,
  ) {}

  static async create(): Promise<FreshDatabase> {
    const base = process.env.DATABASE_URL;
    if (base) {
      const name = `labor_fresh_${process.pid}_${Date.now().toString(36)}`;
      await onServer(base, `CREATE DATABASE ${name}`);
      const url = new URL(base);
      url.pathname = `/${name}`;
      const env = { ...testEnv(), DATABASE_URL: url.toString(), DATA_DIR: mkdtempSync(join(tmpdir(), 'labor-fresh-')) };
      const fresh = new FreshDatabase(env, loadConfig(env), async () => {
        await onServer(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
      await fresh.migrate();
      return fresh;
    }
    const dir = mkdtempSync(join(tmpdir(), 'labor-fresh-'));
    const env = { ...testEnv(), DATABASE_URL: undefined, DATA_DIR: dir };
    const fresh = new FreshDatabase(env, loadConfig(env), async () => rmSync(dir, { recursive: true, force: true }));
    await fresh.migrate();
    return fresh;
  }

  /** Opens a DataSource on it; close it with the returned function (the embedded engine holds its folder). */
  async open(): Promise<{ ds: DataSource; close: () => Promise<void> }> {
    const setup: DatabaseSetup = databaseSetup(this.config);
    const ds = new DataSource(setup.options);
    await ds.initialize();
    return {
      ds,
      close: async () => {
        await ds.destroy();
        await setup.closeEngine();
      },
    };
  }

  async remove(): Promise<void> {
    await this.drop();
  }

  private async migrate(): Promise<void> {
    const { ds, close } = await this.open();
    try {
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await close();
    }
  }
}

/** One statement on the PostgreSQL server at `url` (CREATE / DROP DATABASE). */
async function onServer(url: string, sql: string): Promise<void> {
  const ds = new DataSource({ type: 'postgres', url });
  await ds.initialize();
  try {
    await ds.query(sql);
  } finally {
    await ds.destroy();
  }
}
