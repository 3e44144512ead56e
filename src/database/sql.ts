import type { DataSource, EntityManager } from 'typeorm';

/**
 * The rows a statement returns. TypeORM's postgres driver answers UPDATE/DELETE ... RETURNING
 * with [rows, affected] and everything else with the rows; this hides the difference.
 */
export async function rows<T = any>(db: DataSource | EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const result = await db.query(sql, params);
  return /^\s*(UPDATE|DELETE)\b/i.test(sql) ? (result[0] as T[]) : (result as T[]);
}
