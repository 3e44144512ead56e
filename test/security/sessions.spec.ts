import { CASE_OPS, openCase } from '../support/cases';
import { TestApp, unique } from '../support/test-app';
import { WsSubscription } from '../support/ws';
import { SessionRevocations } from '../../src/modules/auth/session-revocations';

/**
 * Accounts and sessions under concurrency: the lockout holds when guesses arrive together, and a
 * session that ends (logout, refresh-token reuse, deactivation) ends its live subscriptions too.
 */

const CREATE_USER = `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`;
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken refreshToken user { id active } } }`;
const REFRESH = `mutation($r: String!) { refreshSession(refreshToken: $r) { accessToken refreshToken } }`;
const LOGOUT = `mutation($r: String!) { logout(refreshToken: $r) }`;
const DEACTIVATE = `mutation($id: ID!) { deactivateUser(userId: $id) { id active } }`;
const REACTIVATE = `mutation($id: ID!) { reactivateUser(userId: $id) { id active } }`;
const CASE_EVENTS = `subscription { caseEvents { caseId note } }`;
const PASSWORD = 'Strong#2026';

type Sub = WsSubscription<{ caseEvents: { caseId: string; note: string | null } }>;

describe('accounts and sessions under concurrency', () => {
  let t: TestApp;
  let admin: string;
  let probe: string;
  const subs: Sub[] = [];

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.as('admin.henan').token();
    probe = (await openCase(t, { title: unique('会话探针-') })).id;
  });
  afterEach(async () => {
    await Promise.all(subs.splice(0).map((s) => s.close()));
  });
  afterAll(() => t.close());

  /** A fresh inspector of 樊集乡 (so that no demo account is ever locked or deactivated). */
  async function newInspector(): Promise<{ id: string; username: string }> {
    const username = unique('sess.');
    const { createUser } = await t.as({ token: admin }).ok(CREATE_USER, { i: { username, password: PASSWORD, displayName: '会话测试', role: 'INSPECTOR', unitCode: '411329305' } });
    return { id: createUser.id, username };
  }
  const login = (app: TestApp, username: string, password = PASSWORD) => app.anonymous.gql(LOGIN, { u: username, p: password });
  const evaluated = async (userId: string) =>
    (await t.ds.query(`SELECT detail FROM audit_log WHERE action = 'login' AND user_id = $1 AND detail LIKE 'wrong password%'`, [userId])).length;

  /** Subscribes as the holder of `token` and waits until a note on the probe case arrives. */
  async function listening(app: TestApp, token: string): Promise<Sub> {
    const sub: Sub = WsSubscription.start(app.url, CASE_EVENTS, {}, token);
    subs.push(sub);
    const writer = t.as('insp.fanji');
    for (let i = 0; i < 40; i++) {
      const note = unique('probe-');
      await writer.ok(CASE_OPS.addCaseNote, { id: probe, note });
      if (await sub.waitFor((d) => d.caseEvents.note === note, 500).then(() => true, () => false)) return sub;
    }
    throw new Error('the subscription never started listening');
  }
  const endedUnauthenticated = async (sub: Sub) => {
    await sub.ended(15_000);
    expect(sub.errors.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  };

  describe('lockout (LOGIN_MAX_FAILURES = 5)', () => {
    it('of 20 simultaneous wrong passwords only 5 are ever evaluated, and the account locks', async () => {
      const u = await newInspector();
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => login(t, u.username, `wrong-${i}-Password`)));
      expect(answers.every((a) => a.errors?.[0].extensions?.code === 'UNAUTHENTICATED')).toBe(true);
      expect(await evaluated(u.id)).toBe(5);
      const [row] = await t.ds.query(`SELECT locked_until FROM app_user WHERE id = $1`, [u.id]);
      expect(row.locked_until).not.toBeNull();
      const locked = await t.ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'login' AND user_id = $1 AND detail = 'account locked'`, [u.id]);
      expect(locked[0].n).toBe(15);
    });

    it('a correct password during the lock neither logs in nor clears the lock; after the lock it does', async () => {
      const u = await newInspector();
      await Promise.all(Array.from({ length: 8 }, () => login(t, u.username, 'wrong-Password-1')));
      const [before] = await t.ds.query(`SELECT locked_until FROM app_user WHERE id = $1`, [u.id]);
      expect((await login(t, u.username)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const [after] = await t.ds.query(`SELECT locked_until, failed_logins FROM app_user WHERE id = $1`, [u.id]);
      expect(new Date(after.locked_until).getTime()).toBe(new Date(before.locked_until).getTime());
      t.clock.travel(15 * 60_000 + 1000);
      try {
        const r = await login(t, u.username);
        expect(r.errors).toBeUndefined();
        const [cleared] = await t.ds.query(`SELECT locked_until, failed_logins FROM app_user WHERE id = $1`, [u.id]);
        expect(cleared).toEqual({ locked_until: null, failed_logins: 0 });
      } finally {
        t.clock.reset();
      }
    });

    it('a correct password among simultaneous wrong ones never lets more than 5 be evaluated', async () => {
      const u = await newInspector();
      const answers = await Promise.all([
        ...Array.from({ length: 10 }, (_, i) => login(t, u.username, `wrong-${i}-Password`)),
        login(t, u.username),
        ...Array.from({ length: 10 }, (_, i) => login(t, u.username, `wrong-${i + 10}-Password`)),
      ]);
      expect(await evaluated(u.id)).toBeLessThanOrEqual(5);
      expect(answers.filter((a) => !a.errors).length).toBeLessThanOrEqual(1);
    });
  });

  describe('a session that ends ends its live subscriptions', () => {
    it('logout', async () => {
      const u = await newInspector();
      const { login: s } = await t.anonymous.ok(LOGIN, { u: u.username, p: PASSWORD });
      const { login: other } = await t.anonymous.ok(LOGIN, { u: u.username, p: PASSWORD });
      const sub = await listening(t, s.accessToken);
      const otherSub = await listening(t, other.accessToken);
      expect((await t.anonymous.ok(LOGOUT, { r: s.refreshToken })).logout).toBe(true);
      await endedUnauthenticated(sub);
      expect(await t.as({ token: s.accessToken }).code(`{ me { id } }`)).toBe('UNAUTHENTICATED');
      // The account's other session goes on.
      const note = unique('after-');
      await t.as('insp.fanji').ok(CASE_OPS.addCaseNote, { id: probe, note });
      await otherSub.waitFor((d) => d.caseEvents.note === note);
      expect(otherSub.errors).toEqual([]);
    });

    it('a revocation whose signal was lost (Redis away) is caught by the periodic check against the database', async () => {
      const u = await newInspector();
      const { login: s } = await t.anonymous.ok(LOGIN, { u: u.username, p: PASSWORD });
      const sub = await listening(t, s.accessToken);
      // Revoked behind the server's back: no announcement reaches the subscription.
      await t.ds.query(`UPDATE auth_session SET revoked_at = now() WHERE user_id = $1`, [u.id]);
      expect(sub.errors).toEqual([]);
      await t.app.get(SessionRevocations).recheck();
      await endedUnauthenticated(sub);
    });

    it('refresh-token reuse ends every session of the account, subscriptions included', async () => {
      const u = await newInspector();
      const { login: s } = await t.anonymous.ok(LOGIN, { u: u.username, p: PASSWORD });
      const { login: other } = await t.anonymous.ok(LOGIN, { u: u.username, p: PASSWORD });
      const subs2 = [await listening(t, s.accessToken), await listening(t, other.accessToken)];
      await t.anonymous.ok(REFRESH, { r: s.refreshToken });
      expect(await t.anonymous.code(REFRESH, { r: s.refreshToken })).toBe('UNAUTHENTICATED'); // the replay
      for (const sub of subs2) await endedUnauthenticated(sub);
      const [row] = await t.ds.query(`SELECT outcome, detail FROM audit_log WHERE action = 'refreshSession' AND user_id = $1 ORDER BY seq DESC LIMIT 1`, [u.id]);
      expect(row).toEqual({ outcome: 'UNAUTHENTICATED', detail: 'refresh token reused: every session of the account revoked' });
    });

    it('an ADMIN deactivating the account (through another instance when Redis is configured)', async () => {
      const onServer = !!process.env.DATABASE_URL;
      const extra: TestApp[] = [];
      try {
        // PGlite allows one process per data folder: there the in-process path is checked.
        let other = t; // serves the subscription
        let adminSide = t; // the ADMIN acts through this one
        if (onServer) {
          const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
          extra.push((other = await TestApp.start({ REDIS_URL })), (adminSide = await TestApp.start({ REDIS_URL })));
        }
        const u = await newInspector();
        const { login: s } = await other.anonymous.ok(LOGIN, { u: u.username, p: PASSWORD });
        const sub = await listening(other, s.accessToken);
        expect((await adminSide.as({ token: admin }).ok(DEACTIVATE, { id: u.id })).deactivateUser).toEqual({ id: u.id, active: false });
        await endedUnauthenticated(sub);
        expect(await other.as({ token: s.accessToken }).code(`{ me { id } }`)).toBe('UNAUTHENTICATED');
        expect(await other.anonymous.code(REFRESH, { r: s.refreshToken })).toBe('UNAUTHENTICATED');
        expect((await login(other, u.username)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
        expect((await adminSide.as({ token: admin }).ok(REACTIVATE, { id: u.id })).reactivateUser).toEqual({ id: u.id, active: true });
        expect((await login(other, u.username)).data?.login.user).toEqual({ id: u.id, active: true });
      } finally {
        for (const app of extra) await app.close();
      }
    });
  });

  describe('deactivateUser', () => {
    it('is for an ADMIN within its subtree; not one\'s own account; outside the subtree reads as NOT_FOUND', async () => {
      const u = await newInspector();
      expect(await t.as('sup.henan').code(DEACTIVATE, { id: u.id })).toBe('FORBIDDEN');
      expect(await t.anonymous.code(DEACTIVATE, { id: u.id })).toBe('UNAUTHENTICATED');
      const countyAdmin = unique('admin.wancheng.');
      await t.as({ token: admin }).ok(CREATE_USER, { i: { username: countyAdmin, password: PASSWORD, displayName: '宛城管理员', role: 'ADMIN', unitCode: '411302' } });
      const countyToken = (await t.anonymous.ok(LOGIN, { u: countyAdmin, p: PASSWORD })).login.accessToken;
      expect(await t.as({ token: countyToken }).code(DEACTIVATE, { id: u.id })).toBe('NOT_FOUND');
      expect(await t.as({ token: countyToken }).code(DEACTIVATE, { id: 'not-an-id' })).toBe('NOT_FOUND');
      const [me] = await t.ds.query(`SELECT id FROM app_user WHERE username = 'admin.henan'`);
      const r = await t.as({ token: admin }).gql(DEACTIVATE, { id: me.id });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['userId'] });
      const [row] = await t.ds.query(`SELECT deactivated_at FROM app_user WHERE id = $1`, [u.id]);
      expect(row.deactivated_at).toBeNull();
    });
  });
});
