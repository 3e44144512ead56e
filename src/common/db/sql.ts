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

/**
 * Positional parameters of hand-written SQL: `p.add(value)` answers `$n`. Statements built this
 * way have the same text for the same shape of request, so they can be prepared once per
 * connection (see `prepared`).
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** node-postgres' pool or client, as TypeORM's postgres driver holds them (the embedded engine's adapter too). */
interface PgQueryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

const statementNames = new Map<string, string>();

/** The statement's name: derived from its text, so that one text is prepared once per connection. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `q${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
    // Bounded: texts come from a fixed set of request shapes; the cap guards against a bug making them unique.
    if (statementNames.size < 10_000) statementNames.set(text, name);
  }
  return name;
}

/**
 * A statement of a hot path as a named prepared statement: PostgreSQL parses and plans it once per
 * connection instead of once per request, and the rows come back as node-postgres reads them (no
 * entity hydration). On a DataSource (or its plain manager) it takes any connection of the
 * primary's pool; on a manager bound to a query runner (a transaction's, or a replica's, see
 * ReadRouter) that runner's connection. Answers the rows, as TypeORM's `query` does for a SELECT or
 * an INSERT … RETURNING; a failure is TypeORM's QueryFailedError, logged as its queries' are.
 */
export async function prepared<T>(db: DataSource | EntityManager, text: string, values: unknown[] = []): Promise<T[]> {
  const manager = 'manager' in db ? db.manager : db;
  const runner = manager.queryRunner;
  const ds = manager.connection;
  try {
    const target = (runner && !runner.isReleased ? await runner.connect() : (ds.driver as unknown as { master: unknown }).master) as PgQueryable;
    return (await target.query({ name: statementName(text), text, values })).rows as T[];
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
