import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_ENV } from './env';
import { buildWebForTests } from './web-build';

/**
 * Prepares the one database the suite shares (migrations, the national tree, Nanyang's grids, the
 * demo accounts) with `npm run seed:demo`, in a child process: @nestjs/graphql keeps its type
 * metadata on a process global that must not be filled from outside the test realm.
 */
export default async function globalSetup(): Promise<void> {
  if (!process.env.DATABASE_URL && !process.env.DATA_DIR) {
    process.env.DATA_DIR = mkdtempSync(join(tmpdir(), 'labor-inspection-test-'));
  }
  // The browser tests drive the built console: a fresh clone builds it here, once.
  buildWebForTests();
  const started = Date.now();
  const env = { ...process.env, ...TEST_ENV, NODE_OPTIONS: '' };
  execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/seed-demo.ts'], { env, stdio: 'pipe' });
  console.warn(
    `\n[tests] database ready in ${Date.now() - started} ms on ${process.env.DATABASE_URL ? 'PostgreSQL' : `PGlite (${process.env.DATA_DIR})`}`,
  );
}
