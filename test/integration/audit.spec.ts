import { registerWorker, submitClaim, CLAIM } from '../support/claims';
import { TestApp, unique } from '../support/test-app';

const CREATE_USER = `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`;
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }`;
const VERIFY = `query($from: DateTime, $to: DateTime) { verifyAuditChain(from: $from, to: $to) { intact checkedRows firstSeq lastSeq brokenAtSeq reason } }`;
const AUDIT_LOG = `query($f: AuditLogFilter, $first: Int, $after: String) {
  auditLog(filter: $f, first: $first, after: $after) {
    edges { cursor node { id seq at kind operation userId unitCode targets outcome detail } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  } }`;

interface Row {
  seq: number;
  kind: string;
  action: string;
  user_id: string | null;
  unit_code: string | null;
  targets: string[];
  outcome: string;
  detail: string | null;
}

describe('the audit trail (等保 2.0)', () => {
  let t: TestApp;
  let countyAdmin: string;
  beforeAll(async () => {
    t = await TestApp.start();
    countyAdmin = unique('admin.xinye.');
    await t.as('admin.henan').ok(CREATE_USER, { i: { username: countyAdmin, password: 'Strong#2026', displayName: '新野管理员', role: 'ADMIN', unitCode: '411329' } });
  });
  afterAll(() => t.close());

  /** The newest seq: rows written after it belong to the test at hand. */
  const mark = async (): Promise<number> => Number((await t.ds.query(`SELECT COALESCE(max(seq), 0) AS seq FROM audit_log`))[0].seq);
  const rowsSince = async (since: number, action?: string): Promise<Row[]> =>
    (
      await t.ds.query(
        `SELECT seq, kind, action, user_id, unit_code, targets, outcome, detail FROM audit_log WHERE seq > $1 AND ($2::text IS NULL OR action = $2) ORDER BY seq`,
        [since, action ?? null],
      )
    ).map((r: Row) => ({ ...r, seq: Number(r.seq) }));
  const idOf = async (username: string): Promise<string> => (await t.ds.query(`SELECT id FROM app_user WHERE username = $1`, [username]))[0].id;
  const verify = async (vars: Record<string, unknown> = {}) => (await t.as('admin.henan').ok(VERIFY, vars)).verifyAuditChain;

  it('a successful mutation leaves one chained row: who, their unit, the operation, the target, OK; none of its arguments', async () => {
    const since = await mark();
    const username = unique('audit.');
    const { createUser } = await t.as('admin.henan').ok(CREATE_USER, {
      i: { username, password: 'Strong#2026', displayName: '审计测试', role: 'INSPECTOR', unitCode: '411329101' },
    });
    const rows = await rowsSince(since, 'createUser');
    expect(rows).toEqual([
      { seq: expect.any(Number), kind: 'MUTATION', action: 'createUser', user_id: await idOf('admin.henan'), unit_code: '41', targets: [createUser.id], outcome: 'OK', detail: null },
    ]);
    expect(JSON.stringify(await t.ds.query(`SELECT * FROM audit_log WHERE seq > $1`, [since]))).not.toContain('Strong#2026');
    const [stored] = await t.ds.query(`SELECT hash FROM audit_log WHERE seq = $1`, [rows[0].seq]);
    expect(stored.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a refused mutation (guard) and a failed one (rule) are recorded with their error codes', async () => {
    const since = await mark();
    const input = { username: unique('audit.'), password: 'Strong#2026', displayName: 'x', role: 'INSPECTOR', unitCode: '110101' };
    expect(await t.as('sup.henan').code(CREATE_USER, { i: input })).toBe('FORBIDDEN'); // role refused by the guard
    expect(await t.as('admin.henan').code(CREATE_USER, { i: input })).toBe('FORBIDDEN'); // outside the subtree
    expect(await t.anonymous.code(CREATE_USER, { i: input })).toBe('UNAUTHENTICATED');
    const rows = await rowsSince(since, 'createUser');
    expect(rows.map((r) => [r.outcome, r.user_id])).toEqual([
      ['FORBIDDEN', await idOf('sup.henan')],
      ['FORBIDDEN', await idOf('admin.henan')],
      ['UNAUTHENTICATED', null],
    ]);
  });

  it('every login and failed login leaves a LOGIN row, the failure with its reason and no password', async () => {
    const since = await mark();
    await t.anonymous.ok(LOGIN, { u: 'insp.wangzhuang', p: 'Demo@2026' });
    expect(await t.anonymous.code(LOGIN, { u: 'insp.wangzhuang', p: 'wrong-password-1' })).toBe('UNAUTHENTICATED');
    expect(await t.anonymous.code(LOGIN, { u: unique('nobody.'), p: 'wrong-password-2' })).toBe('UNAUTHENTICATED');
    const rows = await rowsSince(since, 'login');
    const id = await idOf('insp.wangzhuang');
    expect(rows.map((r) => [r.kind, r.user_id, r.unit_code, r.outcome, r.detail])).toEqual([
      ['LOGIN', id, '411329101', 'OK', null],
      ['LOGIN', id, '411329101', 'UNAUTHENTICATED', 'wrong password'],
      ['LOGIN', null, null, 'UNAUTHENTICATED', 'unknown account'],
    ]);
    expect(JSON.stringify(await t.ds.query(`SELECT * FROM audit_log WHERE seq > $1`, [since]))).not.toContain('wrong-password');
    await t.anonymous.ok(LOGIN, { u: 'insp.wangzhuang', p: 'Demo@2026' }); // the count of failures back to 0
  });

  it('a worker reading their own claim or phone in the clear leaves a READ row; staff reading the masked claim leave none', async () => {
    const worker = await registerWorker(t);
    const claim = await submitClaim(t, worker);
    const since = await mark();
    await t.as(worker).ok(`{ me { id username } }`);
    await t.as(worker).ok(CLAIM, { id: claim.id });
    await t.as('lead.fanji').ok(CLAIM, { id: claim.id });
    await t.as('lead.fanji').ok(`{ me { id username } }`);
    const rows = (await rowsSince(since)).filter((r) => r.kind === 'READ');
    expect(rows.map((r) => [r.action, r.user_id, r.targets, r.outcome])).toEqual([
      ['me', worker.id, [worker.id], 'OK'],
      ['wageClaim', worker.id, [claim.id], 'OK'],
    ]);
  });

  it('if the audit row cannot be written, the mutation fails and changes nothing', async () => {
    await t.ds.query(`CREATE FUNCTION audit_refuse_for_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store unavailable'; END $$`);
    // The command's transaction writes its row into audit_pending, from where it is moved into the chain.
    await t.ds.query(`CREATE TRIGGER audit_refuse_for_test BEFORE INSERT ON audit_pending FOR EACH ROW WHEN (NEW.action = 'createUser') EXECUTE FUNCTION audit_refuse_for_test()`);
    const username = unique('audit.');
    try {
      const r = await t.as('admin.henan').gql(CREATE_USER, { i: { username, password: 'Strong#2026', displayName: '无痕', role: 'INSPECTOR', unitCode: '411329101' } });
      expect(r.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await t.ds.query(`DROP TRIGGER audit_refuse_for_test ON audit_pending`);
      await t.ds.query(`DROP FUNCTION audit_refuse_for_test`);
    }
    expect(await t.ds.query(`SELECT id FROM app_user WHERE username = $1`, [username])).toEqual([]);
  });

  it('concurrent writers get a strict, gapless order and the chain verifies', async () => {
    const since = await mark();
    const tokens = await Promise.all(['insp.fanji', 'insp.fanji2', 'lead.fanji'].map((u) => t.as(u).token()));
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => t.as({ token: tokens[i % 3] }).gql(`mutation($id: ID!) { withdrawWageClaim(claimId: $id) { id } }`, { id: '00000000-0000-4000-8000-00000000000' + (i % 10) })),
    );
    const rows = await rowsSince(since);
    expect(rows.length).toBeGreaterThanOrEqual(12);
    rows.forEach((r, i) => expect(r.seq).toBe(since + 1 + i));
    const report = await verify();
    expect(report).toMatchObject({ intact: true, brokenAtSeq: null });
    expect(report.lastSeq).toBeGreaterThanOrEqual(since + 12);
  });

  describe('tampering by a database superuser is detected', () => {
    const asSuperuser = async (fn: () => Promise<unknown>) => {
      await t.ds.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
      try {
        await fn();
      } finally {
        await t.ds.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
      }
    };
    let seq: number;
    beforeEach(async () => {
      await t.as('admin.henan').ok(CREATE_USER, { i: { username: unique('tamper.'), password: 'Strong#2026', displayName: '篡改', role: 'INSPECTOR', unitCode: '411329101' } });
      await t.as('admin.henan').ok(CREATE_USER, { i: { username: unique('tamper.'), password: 'Strong#2026', displayName: '篡改', role: 'INSPECTOR', unitCode: '411329101' } });
      seq = (await mark()) - 1;
      expect((await verify()).intact).toBe(true);
    });
    afterEach(async () => expect((await verify()).intact).toBe(true)); // each test puts the row back

    it('an edited row', async () => {
      await asSuperuser(() => t.ds.query(`UPDATE audit_log SET outcome = 'FORBIDDEN' WHERE seq = $1`, [seq]));
      expect(await verify()).toMatchObject({ intact: false, brokenAtSeq: seq });
      await asSuperuser(() => t.ds.query(`UPDATE audit_log SET outcome = 'OK' WHERE seq = $1`, [seq]));
    });

    it('a deleted row', async () => {
      const [row] = await t.ds.query(`SELECT * FROM audit_log WHERE seq = $1`, [seq]);
      await asSuperuser(() => t.ds.query(`DELETE FROM audit_log WHERE seq = $1`, [seq]));
      expect(await verify()).toMatchObject({ intact: false, brokenAtSeq: seq });
      const cols = Object.keys(row);
      await t.ds.query(`INSERT INTO audit_log (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, cols.map((c) => row[c]));
    });

    it('an inserted row (the later rows renumbered to make room)', async () => {
      const last = await mark();
      await asSuperuser(async () => {
        await t.ds.query(`UPDATE audit_log SET seq = seq + 1000000000 WHERE seq >= $1`, [seq]);
        await t.ds.query(`UPDATE audit_log SET seq = seq - 1000000000 + 1 WHERE seq >= 1000000000`);
        await t.ds.query(`INSERT INTO audit_log (seq, at, kind, action, outcome, hash) VALUES ($1, now(), 'MUTATION', 'closeCase', 'OK', $2)`, [seq, 'f'.repeat(64)]);
      });
      expect(await verify()).toMatchObject({ intact: false, brokenAtSeq: seq });
      await asSuperuser(async () => {
        await t.ds.query(`DELETE FROM audit_log WHERE seq = $1`, [seq]);
        await t.ds.query(`UPDATE audit_log SET seq = seq + 1000000000 WHERE seq > $1`, [seq]);
        await t.ds.query(`UPDATE audit_log SET seq = seq - 1000000000 - 1 WHERE seq >= 1000000000`);
      });
      expect(await mark()).toBe(last);
    });

    it('two rows swapped', async () => {
      const swap = () =>
        asSuperuser(async () => {
          await t.ds.query(`UPDATE audit_log SET seq = -seq WHERE seq IN ($1, $2)`, [seq, seq + 1]);
          await t.ds.query(`UPDATE audit_log SET seq = CASE WHEN seq = -$1::bigint THEN $2::bigint ELSE $1::bigint END WHERE seq IN (-$1::bigint, -$2::bigint)`, [seq, seq + 1]);
        });
      await swap();
      expect(await verify()).toMatchObject({ intact: false, brokenAtSeq: seq });
      await swap();
    });

    it('a period is checked from the hash of the row before it', async () => {
      const [{ at }] = await t.ds.query(`SELECT at FROM audit_log WHERE seq = $1`, [seq]);
      const report = await verify({ from: new Date(at).toISOString() });
      expect(report).toMatchObject({ intact: true });
      expect(report.firstSeq).toBeLessThanOrEqual(seq);
    });
  });

  it('a row commits pending and is in the chain before the answer; pending rows cannot be changed or removed, and one a stopped writer left is linked by the next run', async () => {
    const since = await mark();
    await t.as('admin.henan').ok(CREATE_USER, { i: { username: unique('audit.'), password: 'Strong#2026', displayName: '链接', role: 'INSPECTOR', unitCode: '411329101' } });
    const [linked] = await rowsSince(since, 'createUser');
    expect(linked.seq).toBeGreaterThan(since);
    // As a server stopped between its commit and the chaining would leave it.
    const [{ id }] = await t.ds.query(`INSERT INTO audit_pending (at, kind, action, targets, outcome) VALUES (now(), 'MUTATION', 'strandedForTest', '{}', 'OK') RETURNING id`);
    await expect(t.ds.query(`UPDATE audit_pending SET outcome = 'FORBIDDEN' WHERE id = $1`, [id])).rejects.toThrow(/only moved into the chain/);
    await expect(t.ds.query(`DELETE FROM audit_pending WHERE id = $1`, [id])).rejects.toThrow(/only moved into the chain/);
    await expect(t.ds.query(`TRUNCATE audit_pending`)).rejects.toThrow(/append-only/);
    const report = await verify();
    expect(await t.ds.query(`SELECT id FROM audit_pending WHERE id = $1`, [id])).toEqual([]);
    const [stranded] = await rowsSince(linked.seq, 'strandedForTest');
    expect(stranded).toMatchObject({ kind: 'MUTATION', outcome: 'OK', user_id: null });
    expect(report).toMatchObject({ intact: true });
    expect(report.lastSeq).toBeGreaterThanOrEqual(stranded.seq);
  });

  it('the app cannot change, delete or truncate rows', async () => {
    await expect(t.ds.query(`UPDATE audit_log SET outcome = 'OK' WHERE seq = (SELECT max(seq) FROM audit_log)`)).rejects.toThrow(/append-only/);
    await expect(t.ds.query(`DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)`)).rejects.toThrow(/append-only/);
    await expect(t.ds.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
  });

  it('verifyAuditChain is for a province ADMIN only', async () => {
    expect(await t.as({ username: countyAdmin, password: 'Strong#2026' }).code(VERIFY)).toBe('FORBIDDEN');
    expect(await t.as('sup.henan').code(VERIFY)).toBe('FORBIDDEN');
  });

  describe('auditLog', () => {
    const asCounty = () => t.as({ username: countyAdmin, password: 'Strong#2026' });

    it('a county ADMIN reads what accounts of its subtree did, newest first, and nothing else', async () => {
      await t.as('lead.fanji').ok(`mutation($id: ID!) { withdrawWageClaim(claimId: $id) { id } }`, { id: '00000000-0000-4000-8000-000000000001' }).catch(() => undefined);
      await t.as('insp.zhongyuan').gql(`mutation($id: ID!) { withdrawWageClaim(claimId: $id) { id } }`, { id: '00000000-0000-4000-8000-000000000001' });
      const { auditLog } = await asCounty().ok(AUDIT_LOG, { first: 100 });
      const units = new Set(auditLog.edges.map((e: any) => e.node.unitCode));
      expect(units.has('411329305')).toBe(true);
      for (const u of units) expect(String(u).startsWith('411329')).toBe(true);
      const seqs = auditLog.edges.map((e: any) => e.node.seq);
      expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);
    });

    it('a province ADMIN also reads the rows of workers and anonymous callers; filters combine', async () => {
      const since = await mark();
      await t.anonymous.code(LOGIN, { u: unique('nobody.'), p: 'x' });
      const { auditLog } = await t.as('admin.henan').ok(AUDIT_LOG, { f: { operation: 'login', outcome: 'UNAUTHENTICATED', kind: 'LOGIN' }, first: 5 });
      const newest = auditLog.edges[0].node;
      expect(newest).toMatchObject({ operation: 'login', outcome: 'UNAUTHENTICATED', userId: null, unitCode: null, detail: 'unknown account' });
      expect(newest.seq).toBeGreaterThan(since);
      const county = await asCounty().ok(AUDIT_LOG, { f: { operation: 'login', outcome: 'UNAUTHENTICATED' }, first: 100 });
      expect(county.auditLog.edges.some((e: any) => e.node.seq === newest.seq)).toBe(false);
    });

    it('pages by keyset without gaps or repeats, and filters by user and time', async () => {
      const lead = await idOf('lead.fanji');
      const first = await asCounty().ok(AUDIT_LOG, { f: { userId: lead }, first: 2 });
      expect(first.auditLog.edges.every((e: any) => e.node.userId === lead)).toBe(true);
      const second = await asCounty().ok(AUDIT_LOG, { f: { userId: lead }, first: 2, after: first.auditLog.pageInfo.endCursor });
      const a = first.auditLog.edges.map((e: any) => e.node.seq);
      const b = second.auditLog.edges.map((e: any) => e.node.seq);
      expect(Math.min(...a)).toBeGreaterThan(Math.max(...b));
      expect(first.auditLog.pageInfo).toMatchObject({ hasPreviousPage: false, startCursor: first.auditLog.edges[0].cursor });
      expect(second.auditLog.pageInfo).toMatchObject({ hasPreviousPage: true, startCursor: second.auditLog.edges[0].cursor });
      // After a seq beyond the newest row, every row of the account follows and none precedes.
      const beyond = Buffer.from(`audit|${(await mark()) + 1000}`).toString('base64url');
      const ahead = await asCounty().ok(AUDIT_LOG, { f: { userId: lead }, first: 2, after: beyond });
      expect(ahead.auditLog.edges.map((e: any) => e.node.seq)).toEqual(a);
      expect(ahead.auditLog.pageInfo.hasPreviousPage).toBe(false);
      // Other test files move the server's clock years ahead: far enough for every one of them.
      const future = await asCounty().ok(AUDIT_LOG, { f: { from: '2100-01-01T00:00:00Z' } });
      expect(future.auditLog.edges).toEqual([]);
      const past = await asCounty().ok(AUDIT_LOG, { f: { to: '2000-01-01T00:00:00Z' } });
      expect(past.auditLog.edges).toEqual([]);
      const window = await asCounty().ok(AUDIT_LOG, { f: { userId: lead, from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' }, first: 2 });
      expect(window.auditLog.edges.map((e: any) => e.node.seq)).toEqual(a);
      expect(await asCounty().code(AUDIT_LOG, { after: 'bm9wZQ' })).toBe('BAD_USER_INPUT');
    });

    it('is for ADMINs only', async () => {
      expect(await t.as('sup.henan').code(AUDIT_LOG)).toBe('FORBIDDEN');
      expect(await t.anonymous.code(AUDIT_LOG)).toBe('UNAUTHENTICATED');
    });
  });
});
