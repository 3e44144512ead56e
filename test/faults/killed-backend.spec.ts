import { QueryRunner } from 'typeorm';
import { CASE_OPS, fileCase, openCase, userId } from '../support/cases';
import { claimInput, claimRows, registerWorker, SUBMIT } from '../support/claims';
import { blockedBackend, poolCounts, until, wellFormed } from '../support/faults';
import { TestApp, unique } from '../support/test-app';

/**
 * A database backend killed (pg_terminate_backend) in the middle of a command: nothing is half
 * written, the client's retry converges to one result, the pool recovers and the process lives.
 * "In the middle" is made deterministic: another session locks a table the command writes late
 * in its transaction, so the command is stopped there, after its first writes, and killed.
 */
describe('a backend killed in the middle of a command (PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  /** Holds `LOCK TABLE <table> IN EXCLUSIVE MODE` on a connection of its own until released. */
  async function lockTable(table: string): Promise<QueryRunner> {
    const qr = t.ds.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    await qr.query(`LOCK TABLE ${table} IN EXCLUSIVE MODE`);
    return qr;
  }
  async function killWhileBlocked<T>(table: string, sqlStart: string, command: () => Promise<T>): Promise<T> {
    const lock = await lockTable(table);
    try {
      const pending = command();
      const pid = await blockedBackend(t.ds, sqlStart);
      await lock.query(`SELECT pg_terminate_backend($1)`, [pid]);
      return await pending;
    } finally {
      await lock.rollbackTransaction();
      await lock.release();
    }
  }
  const auditOutcomes = async (operation: string, user: string) =>
    (await t.ds.query(`SELECT outcome FROM audit_log WHERE action = $1 AND user_id = $2 ORDER BY seq`, [operation, user])).map((r: { outcome: string }) => r.outcome);

  it('claim submission: nothing half-written; the retry with the same idempotency key gives exactly one claim', async () => {
    const worker = await registerWorker(t);
    await t.as(worker).token();
    const input = claimInput(t, { idempotencyKey: unique('killed-') });
    // The claim row and its first timeline line are written; the risk evaluation's lock on the employer waits, and is killed.
    const killed = await killWhileBlocked('employer', '%SELECT e.id, e.risk_level', () => t.as(worker).gql(SUBMIT, { i: input }));
    expect(wellFormed(killed)).toBe(true);
    expect(killed.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(await claimRows(t, worker.id)).toEqual({ claims: 0, updates: 0 });

    const retried = await t.as(worker).ok(SUBMIT, { i: input });
    const again = await t.as(worker).ok(SUBMIT, { i: input });
    expect(again.submitWageClaim.id).toBe(retried.submitWageClaim.id);
    expect(await claimRows(t, worker.id)).toEqual({ claims: 1, updates: 1 });
    expect(await auditOutcomes('submitWageClaim', worker.id)).toEqual(['INTERNAL_SERVER_ERROR', 'OK', 'OK']);
  });

  it('case transition: nothing half-written; the retried command is applied exactly once', async () => {
    const c = await openCase(t, { title: unique('断连-') });
    const [before] = await t.ds.query(`SELECT status, version FROM case_file WHERE id = $1`, [c.id]);
    const inspectors = [await userId(t, 'insp.fanji'), await userId(t, 'insp.fanji2')];
    const leadToken = t.as('lead.fanji');
    // The case row is updated and the inspectors assigned; the event insert waits, and is killed.
    const killed = await killWhileBlocked('case_event', 'INSERT INTO case_event', () =>
      leadToken.gql(`mutation($id: ID!, $ids: [ID!]!) { fileCase(caseId: $id, inspectorIds: $ids) { id status } }`, { id: c.id, ids: inspectors }),
    );
    expect(wellFormed(killed)).toBe(true);
    expect(killed.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const [after] = await t.ds.query(`SELECT status, version FROM case_file WHERE id = $1`, [c.id]);
    expect(after).toEqual(before);
    expect((await t.ds.query(`SELECT count(*)::int AS n FROM case_event WHERE case_id = $1 AND type = 'FILED'`, [c.id]))[0].n).toBe(0);
    expect((await t.ds.query(`SELECT count(*)::int AS n FROM case_inspector WHERE case_id = $1`, [c.id]))[0].n).toBe(0);

    await fileCase(t, c.id);
    expect(await leadToken.code(`mutation($id: ID!, $ids: [ID!]!) { fileCase(caseId: $id, inspectorIds: $ids) { id } }`, { id: c.id, ids: inspectors })).toBe('CONFLICT');
    expect((await t.ds.query(`SELECT count(*)::int AS n FROM case_event WHERE case_id = $1 AND type = 'FILED'`, [c.id]))[0].n).toBe(1);
  });

  it('the pool recovers and the process lives: every connection back to idle, requests served', async () => {
    for (let i = 0; i < 5; i++) {
      const killed = await killWhileBlocked('case_event', 'INSERT INTO case_event', async () => {
        const c = await openCase(t, { title: unique('断连池-') });
        return c;
      }).catch((e: Error) => e);
      expect(killed).toBeInstanceOf(Error); // openCase's helper throws on the INTERNAL_SERVER_ERROR
    }
    const res = await fetch(`${t.url}/health`);
    expect(res.status).toBe(200);
    await Promise.all(Array.from({ length: 20 }, () => t.anonymous.ok(`{ units { code } }`)));
    await t.as('insp.fanji').ok(CASE_OPS.addCaseNote, { id: (await openCase(t, { title: unique('恢复-') })).id, note: 'after the kills' });
    const counts = await until('the pool back to idle', async () => {
      const c = poolCounts(t);
      return c.waiting === 0 && c.idle === c.total ? c : null;
    });
    expect(counts.waiting).toBe(0);
  });
});
