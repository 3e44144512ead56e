import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `cases(orderBy: URGENCY)` pages on (active deadline, id) ascending, cases without a running
 * deadline last. The index holds exactly that key (the query writes the same expression, see
 * URGENCY_KEY in case-queries.service.ts), so a unit that sees many cases walks it in order and
 * stops after one page, and the keyset condition `(key, id) > (cursor)` is one index range.
 */
export class CaseUrgencyOrder1765400000000 implements MigrationInterface {
  name = 'CaseUrgencyOrder1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX case_file_urgency_idx ON case_file ((COALESCE(active_due_at, 'infinity'::timestamptz)), id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX case_file_urgency_idx`);
  }
}
