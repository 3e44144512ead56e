import { BusStatus } from '../../src/common/pubsub';
import { SessionCache } from '../../src/modules/auth/session-cache';
import { until } from '../support/faults';
import { PrivateRedis } from '../support/private-redis';
import { TestApp, unique } from '../support/test-app';

/**
 * The session cache on two instances sharing nothing but PostgreSQL and a private Redis: B
 * answers a session from memory, and a session that ends on A (logout, refresh-token reuse,
 * deactivation) is refused by B within one second (a bound on a poll, not a speed assertion).
 * With Redis stopped B trusts nothing it remembers: a session ended meanwhile is refused at
 * once (B reads the database), and once Redis is back B has forgotten what it knew before.
 */
const CREATE_USER = `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`;
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken refreshToken } }`;
const REFRESH = `mutation($r: String!) { refreshSession(refreshToken: $r) { accessToken refreshToken } }`;
const LOGOUT = `mutation($r: String!) { logout(refreshToken: $r) }`;
const DEACTIVATE = `mutation($id: ID!) { deactivateUser(userId: $id) { active } }`;
const ME = `{ me { id } }`;
const PASSWORD = 'Strong#2026';

/** The rule: every instance refuses a revoked session within this long. */
const RULE_MS = 1000;

describe('the session cache on two instances (PostgreSQL, a private Redis)', () => {
  let redis: PrivateRedis;
  let a: TestApp;
  let b: TestApp;
  let admin: string;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    a = await TestApp.start({ REDIS_URL: redis.url });
    b = await TestApp.start({ REDIS_URL: redis.url });
    admin = await a.as('admin.henan').token();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.stop();
  });

  async function newInspector(): Promise<{ id: string; username: string }> {
    const username = unique('cache.');
    const { createUser } = await a.as({ token: admin }).ok(CREATE_USER, { i: { username, password: PASSWORD, displayName: '缓存测试', role: 'INSPECTOR', unitCode: '411329305' } });
    return { id: createUser.id, username };
  }
  const login = async (username: string): Promise<{ accessToken: string; refreshToken: string }> =>
    (await a.anonymous.ok(LOGIN, { u: username, p: PASSWORD })).login;
  const sessionOf = (accessToken: string): string => JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()).sid;

  /** Uses the token on B and checks that B now answers it from memory. */
  async function cachedOnB(accessToken: string, userId: string): Promise<void> {
    expect((await b.as({ token: accessToken }).ok(ME)).me.id).toBe(userId);
    expect(b.app.get(SessionCache).get(sessionOf(accessToken))?.id).toBe(userId);
  }

  /** Polls B from `since` on until it refuses the token; fails if that takes longer than the rule allows. */
  async function refusedByBWithinRule(accessToken: string, since: number): Promise<void> {
    for (;;) {
      const code = await b.as({ token: accessToken }).code(ME).catch(() => undefined);
      if (code === 'UNAUTHENTICATED') return;
      if (Date.now() - since > RULE_MS) throw new Error(`B still accepted the revoked session ${Date.now() - since} ms after the revocation`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it('logout on A: B, which answered the session from memory, refuses it within one second', async () => {
    const u = await newInspector();
    const s = await login(u.username);
    await cachedOnB(s.accessToken, u.id);
    expect((await a.anonymous.ok(LOGOUT, { r: s.refreshToken })).logout).toBe(true);
    await refusedByBWithinRule(s.accessToken, Date.now());
  });

  it('a refresh token replayed on A: every session of the account, remembered by B, is refused within one second', async () => {
    const u = await newInspector();
    const s = await login(u.username);
    const other = await login(u.username);
    await cachedOnB(s.accessToken, u.id);
    await cachedOnB(other.accessToken, u.id);
    const renewed = (await a.anonymous.ok(REFRESH, { r: s.refreshToken })).refreshSession;
    await cachedOnB(renewed.accessToken, u.id); // the same session, a new access token
    expect(await a.anonymous.code(REFRESH, { r: s.refreshToken })).toBe('UNAUTHENTICATED');
    const since = Date.now();
    for (const token of [renewed.accessToken, other.accessToken]) await refusedByBWithinRule(token, since);
  });

  it('deactivation on A: B refuses every session of the account within one second; other accounts go on from memory', async () => {
    const u = await newInspector();
    const bystander = await newInspector();
    const s = await login(u.username);
    const kept = await login(bystander.username);
    await cachedOnB(s.accessToken, u.id);
    await cachedOnB(kept.accessToken, bystander.id);
    expect((await a.as({ token: admin }).ok(DEACTIVATE, { id: u.id })).deactivateUser.active).toBe(false);
    await refusedByBWithinRule(s.accessToken, Date.now());
    expect((await b.as({ token: kept.accessToken }).ok(ME)).me.id).toBe(bystander.id);
    expect(b.app.get(SessionCache).get(sessionOf(kept.accessToken))?.id).toBe(bystander.id);
  });

  it('with Redis stopped B reads the database: a session ended meanwhile is refused at once; after Redis is back B has forgotten the rest', async () => {
    const u = await newInspector();
    const ended = await login(u.username);
    const endedUnseen = await login(u.username);
    const live = await login(u.username);
    for (const s of [ended, endedUnseen, live]) await cachedOnB(s.accessToken, u.id);

    await redis.stop();
    await until('B to notice that the bus is down', async () => !b.app.get(BusStatus).delivering, 10_000, 20);
    await until('A to notice that the bus is down', async () => !a.app.get(BusStatus).delivering, 10_000, 20);
    // Announced on A while the bus is away: no message reaches B.
    expect((await a.anonymous.ok(LOGOUT, { r: ended.refreshToken })).logout).toBe(true);
    expect((await a.anonymous.ok(LOGOUT, { r: endedUnseen.refreshToken })).logout).toBe(true);
    expect(await b.as({ token: ended.accessToken }).code(ME)).toBe('UNAUTHENTICATED');
    expect((await b.as({ token: live.accessToken }).ok(ME)).me.id).toBe(u.id);
    expect(b.app.get(SessionCache).get(sessionOf(live.accessToken))).toBeUndefined(); // read from the database, not kept

    await redis.start();
    await until('B to trust the bus again', async () => b.app.get(BusStatus).trusted, 30_000, 50);
    // B remembered endedUnseen before the outage and never heard of its end: it must not answer it from memory.
    expect(await b.as({ token: endedUnseen.accessToken }).code(ME)).toBe('UNAUTHENTICATED');
    await cachedOnB(live.accessToken, u.id);
  });
});
