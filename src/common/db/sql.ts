import { createHash } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** Anything that runs SQL with positional parameters: a DataSource, an EntityManager, a QueryRunner. */
export interface SqlRunner {
  // TypeORM's own query() answers `any` (QueryRunner's is not generic); callers annotate the rows they read.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, params?: unknown[]): Promise<any>;
}

/**
 * The rows a statement returns. TypeORM's postgres driver answers UPDATE/DELETE ... RETURNING
 * with [rows, affected] and everything else with the rows; this hides the difference.
 */
export async function rows<T>(db: DataSource | EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const result = await db.query(sql, params);
  return /^\s*(UPDATE|DELETE)\b/i.test(sql) ? (result[0] as T[]) : (result as T[]);
}

/**
 * UPDATE … WHERE id = $1 AND version = $2, bumping the version: false when a concurrent command
 * committed first (TypeORM's @VersionColumn alone does not check it, typeorm#2848).
 */
export async function updateVersioned<T extends ObjectLiteral>(
  m: EntityManager,
  entity: EntityTarget<T>,
  row: { id: string; version: number },
  set: Partial<T>,
): Promise<boolean> {
  const result = await m
    .createQueryBuilder()
    .update(entity)
    .set({ ...set, version: () => 'version + 1' } as QueryDeepPartialEntity<T>)
    .where('id = :id AND version = :version', { id: row.id, version: row.version })
    .execute();
  return result.affected === 1;
}

const statementNames = new Map<string, string>();

/**
 * Runs `text` as a named prepared statement of the session (node-postgres parses and plans it once
 * per pooled connection, then only binds and executes it): for statements on hot paths. Inside a
 * transaction pass its EntityManager. Answers the rows, as TypeORM's `query` does for a SELECT or
 * an INSERT … RETURNING; a failure is TypeORM's QueryFailedError, logged as its queries' are.
 */
export async function prepared<T>(db: DataSource | EntityManager, text: string, values: unknown[] = []): Promise<T[]> {
  let name = statementNames.get(text);
  if (!name) statementNames.set(text, (name = `p${createHash('sha1').update(text).digest('hex').slice(0, 16)}`));
  const manager = 'manager' in db ? db.manager : db;
  const runner = manager.queryRunner;
  type PgClient = { query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: T[] }> };
  const ds = manager.connection;
  try {
    if (runner && !runner.isReleased) {
      const client = (await runner.connect()) as PgClient;
      return (await client.query({ name, text, values })).rows;
    }
    const pool = (ds.driver as unknown as { master: PgClient }).master;
    return (await pool.query({ name, text, values })).rows;
  } catch (err) {
    ds.logger.logQueryError(err as Error, text, values);
    throw new QueryFailedError(text, values, err as Error);
  }
}

/**
 * An SQL expression that makes the prepared statements of the rest of the transaction use their
 * generic plan (built once per connection) instead of being planned again at each execution, which
 * PostgreSQL keeps doing when it estimates a custom plan cheaper: for transactions of short
 * statements whose one plan fits every parameter, where planning took longer than running. Put it
 * in the select list of the transaction's first statement (it is evaluated once, so not in a CTE
 * that nothing reads): `SET LOCAL plan_cache_mode` without a round trip of its own.
 */
export const PLAN_ONCE = `set_config('plan_cache_mode', 'force_generic_plan', true)`;
