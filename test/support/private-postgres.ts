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

/**
 * A PostgreSQL cluster of the test's own (initdb into a temp folder, a free port), so that a test
 * may stop and start it; never the shared server on 5432.
 */
export class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'labor-private-pg-'));
    if (process.getuid?.() === 0) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: gid } = await run('id', ['-g', 'postgres']);
      chownSync(dir, Number(stdout), Number(gid));
    }
    const pg = new PrivatePostgres(dir, await freePort());
    await asPostgres(`${BIN}/initdb`, ['-D', join(dir, 'data'), '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale', 'C.UTF-8']);
    await pg.start();
    await run('psql', ['-h', '127.0.0.1', '-p', String(pg.port), '-U', 'postgres', '-d', 'postgres', '-qc', 'CREATE DATABASE labor']);
    return pg;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/labor`;
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

  async remove(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
