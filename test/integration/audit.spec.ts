import { TestApp, unique } from '../support/test-app';

const CREATE_USER = `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`;

describe('the audit log (等保 2.0)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  /** The newest audit id: rows written after it belong to the test at hand. */
  const mark = async (): Promise<number> => Number((await t.ds.query(`SELECT COALESCE(max(id), 0) AS id FROM audit_log`))[0].id);
  const rowsFor = (action: string, since: number) =>
    t.ds.query(`SELECT user_id, action, target, outcome FROM audit_log WHERE action = $1 AND id > $2 ORDER BY id`, [action, since]);

  it('a successful mutation leaves one row with who, what and OK, and none of its arguments', async () => {
    const since = await mark();
    const username = unique('audit.');
    await t.ok(CREATE_USER, { i: { username, password: 'Strong#2026', displayName: '审计测试', role: 'INSPECTOR', unitCode: '411329101' } }, await t.token('admin.henan'));
    const [admin] = await t.ds.query(`SELECT id FROM app_user WHERE username = 'admin.henan'`);
    const rows = await rowsFor('createUser', since);
    expect(rows).toEqual([{ user_id: admin.id, action: 'createUser', target: null, outcome: 'OK' }]);
    expect(JSON.stringify(await t.ds.query(`SELECT * FROM audit_log WHERE id > $1`, [since]))).not.toContain('Strong#2026');
  });

  it('a refused mutation (guard) and a failed one (rule) are recorded with their error codes', async () => {
    const since = await mark();
    const input = { username: unique('audit.'), password: 'Strong#2026', displayName: 'x', role: 'INSPECTOR', unitCode: '110101' };
    expect(await t.code(CREATE_USER, { i: input }, await t.token('sup.henan'))).toBe('FORBIDDEN'); // role refused by the guard
    expect(await t.code(CREATE_USER, { i: input }, await t.token('admin.henan'))).toBe('FORBIDDEN'); // outside the subtree
    expect(await t.code(CREATE_USER, { i: input })).toBe('UNAUTHENTICATED');
    const outcomes = (await rowsFor('createUser', since)).map((r: { outcome: string }) => r.outcome);
    expect(outcomes).toEqual(['FORBIDDEN', 'FORBIDDEN', 'UNAUTHENTICATED']);
  });

  it('queries are not audited', async () => {
    const since = await mark();
    await t.ok(`{ me { id } }`, {}, await t.token('lead.fanji'));
    expect(await rowsFor('me', since)).toEqual([]);
  });

  it('audit rows cannot be changed or deleted', async () => {
    await expect(t.ds.query(`UPDATE audit_log SET outcome = 'OK' WHERE id = (SELECT max(id) FROM audit_log)`)).rejects.toThrow(/append-only/);
    await expect(t.ds.query(`DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)`)).rejects.toThrow(/append-only/);
  });
});
