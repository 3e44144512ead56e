import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './private-redis';

const BIN = '/usr/lib/postgresql/15/bin';
const run = promisify(execFile);

/** PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres system user. */
async function asPostgres(cmd: string, args: string[]): Promise<void> {
  if (process.getuid?.() === 0) await run('runuser', ['-u', 'postgres', '--', cmd, ...args]);
  else await run(cmd, args);
}

/** A temp folder the cluster's owner may write (the postgres system user when running as root). */
async function clusterDir(prefix: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout), Number(gid));
  }
  return dir;
}

/**
 * A PostgreSQL cluster of the test's own (initdb into a temp folder, a free port), so that a test
 * may stop and start it; never the shared server on 5432. `standby()` makes a streaming replica of
 * it (pg_basebackup -R -X stream into a second cluster on another port).
 */
export class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<PrivatePostgres> {
    const pg = new PrivatePostgres(await clusterDir('labor-private-pg-'), await freePort());
    await asPostgres(`${BIN}/initdb`, ['-D', join(pg.dir, 'data'), '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale', 'C.UTF-8']);
    await pg.start();
    await pg.psql('postgres', 'CREATE DATABASE labor');
    return pg;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/labor`;
  }

  /**
   * A hot standby streaming from this cluster, started: a base backup with the WAL streamed
   * alongside and `-R` (standby.signal and primary_conninfo), on a free port. initdb's defaults
   * already allow it (wal_level replica, 10 WAL senders, replication trusted from 127.0.0.1).
   */
  async standby(port?: number): Promise<PrivatePostgres> {
    const standby = new PrivatePostgres(await clusterDir('labor-private-standby-'), port ?? (await freePort()));
    await asPostgres(`${BIN}/pg_basebackup`, ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', '-D', join(standby.dir, 'data'), '-R', '-X', 'stream', '--no-sync', '-c', 'fast']);
    await standby.start();
    return standby;
  }

  async start(): Promise<void> {
    await asPostgres(`${BIN}/pg_ctl`, [
      '-D', join(this.dir, 'data'), '-l', join(this.dir, 'log'), '-w', '-t', '60',
      '-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`,
      'start',
    ]);
  }

  /** Stops it at once (fast shutdown: sessions are ended, as in a restart). */
  async stop(): Promise<void> {
    await asPostgres(`${BIN}/pg_ctl`, ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', '-t', '60', 'stop']);
  }

  /** One statement through psql (as the cluster's superuser), its output unaligned. */
  async psql(database: string, sql: string): Promise<string> {
    const { stdout } = await run('psql', ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', '-d', database, '-XAtqc', sql]);
    return stdout.trim();
  }

  async remove(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
