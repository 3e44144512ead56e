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
