import { DataSource } from 'typeorm';
import type { TestApp } from './test-app';

/** Bounded wait for `probe` to return a value (not null/undefined/false): a bound, never a timing assertion. */
export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => null);
    if (v) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The pid of the app's backend that waits on a lock while running a statement starting with `sqlStart`. */
export function blockedBackend(ds: DataSource, sqlStart: string): Promise<number> {
  return until(`a backend blocked in "${sqlStart}"`, async () => {
    const [row] = await ds.query(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND state = 'active' AND query LIKE $1 || '%'`,
      [sqlStart],
    );
    return row ? Number(row.pid) : null;
  });
}

/** The node-postgres pool under TypeORM: its connection counts. */
export function poolCounts(t: TestApp): { total: number; idle: number; waiting: number } {
  const pool = (t.ds.driver as unknown as { master: { totalCount: number; idleCount: number; waitingCount: number } }).master;
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
}

/** Whether a GraphQL answer is well-formed: JSON with data or errors carrying a code, and no stack trace. */
export function wellFormed(body: unknown): boolean {
  const b = body as { data?: unknown; errors?: { message?: unknown; extensions?: { code?: unknown; stacktrace?: unknown } }[] };
  if (!b || typeof b !== 'object') return false;
  if (JSON.stringify(b).includes('    at ')) return false;
  if (b.errors) return b.errors.every((e) => typeof e.message === 'string' && typeof e.extensions?.code === 'string' && !e.extensions.stacktrace);
  return b.data !== undefined;
}
