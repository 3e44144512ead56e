import * as argon2 from 'argon2';
import { newWorkerInput } from '../support/people';
import { TestApp, unique } from '../support/test-app';

const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken refreshToken user { id username role unit { code } } } }`;
const REFRESH = `mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }`;
const LOGOUT = `mutation($t: String!) { logout(refreshToken: $t) }`;
const ME = `{ me { id username displayName role unit { code level } } }`;
const REGISTER = `mutation($i: RegisterWorkerInput!) { registerWorker(input: $i) { accessToken user { username role unit { code } } } }`;
const CREATE_USER = `mutation($i: CreateUserInput!) { createUser(input: $i) { id username role unit { code } } }`;

const newWorker = () => newWorkerInput();

describe('accounts and sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('a demo account logs in and `me` tells who and where it is', async () => {
    const { login } = await t.anonymous.ok(LOGIN, { u: 'lead.fanji', p: 'Demo@2026' });
    expect(login.user).toMatchObject({ username: 'lead.fanji', role: 'SQUAD_LEADER', unit: { code: '411329305' } });
    const { me } = await t.as({ token: login.accessToken }).ok(ME);
    expect(me).toMatchObject({ username: 'lead.fanji', unit: { code: '411329305', level: 'TOWNSHIP' } });
  });

  it('`me` without a token is UNAUTHENTICATED; with a forged token too', async () => {
    expect(await t.anonymous.code(ME)).toBe('UNAUTHENTICATED');
    expect(await t.as({ token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad' }).code(ME)).toBe('UNAUTHENTICATED');
  });

  it('a refresh token rotates: the new pair works, the old token cannot be used again', async () => {
    const { login } = await t.anonymous.ok(LOGIN, { u: 'insp.fanji', p: 'Demo@2026' });
    const { refreshSession: next } = await t.anonymous.ok(REFRESH, { t: login.refreshToken });
    expect(next.refreshToken).not.toBe(login.refreshToken);
    expect((await t.as({ token: next.accessToken }).ok(ME)).me.username).toBe('insp.fanji');
    expect(await t.anonymous.code(REFRESH, { t: login.refreshToken })).toBe('UNAUTHENTICATED');
  });

  it('reusing an old refresh token revokes every session of that user', async () => {
    const a = (await t.anonymous.ok(LOGIN, { u: 'insp.fanji2', p: 'Demo@2026' })).login;
    const b = (await t.anonymous.ok(LOGIN, { u: 'insp.fanji2', p: 'Demo@2026' })).login;
    const rotated = (await t.anonymous.ok(REFRESH, { t: a.refreshToken })).refreshSession;
    expect(await t.anonymous.code(REFRESH, { t: a.refreshToken })).toBe('UNAUTHENTICATED'); // replay
    expect(await t.as({ token: b.accessToken }).code(ME)).toBe('UNAUTHENTICATED'); // other session gone
    expect(await t.anonymous.code(REFRESH, { t: rotated.refreshToken })).toBe('UNAUTHENTICATED');
    expect(await t.anonymous.code(REFRESH, { t: b.refreshToken })).toBe('UNAUTHENTICATED');
  });

  it('logout revokes the session: its access and refresh tokens stop working', async () => {
    const { login } = await t.anonymous.ok(LOGIN, { u: 'insp.xinye', p: 'Demo@2026' });
    expect((await t.anonymous.ok(LOGOUT, { t: login.refreshToken })).logout).toBe(true);
    expect(await t.as({ token: login.accessToken }).code(ME)).toBe('UNAUTHENTICATED');
    expect(await t.anonymous.code(REFRESH, { t: login.refreshToken })).toBe('UNAUTHENTICATED');
    expect((await t.anonymous.ok(LOGOUT, { t: login.refreshToken })).logout).toBe(false);
  });

  it('an access token expires after 15 minutes', async () => {
    const { login } = await t.anonymous.ok(LOGIN, { u: 'sup.xinye', p: 'Demo@2026' });
    t.clock.travel(14 * 60 * 1000);
    expect((await t.as({ token: login.accessToken }).ok(ME)).me.username).toBe('sup.xinye');
    t.clock.travel(2 * 60 * 1000);
    expect(await t.as({ token: login.accessToken }).code(ME)).toBe('UNAUTHENTICATED');
    t.clock.reset();
  });

  it('five failed logins lock the account for 15 minutes, with the same error as an unknown account', async () => {
    const w = newWorker();
    await t.anonymous.ok(REGISTER, { i: w });
    const wrong = { u: w.phone, p: 'Wrong#Pass1' };
    const errors = [];
    for (let i = 0; i < 5; i++) errors.push((await t.anonymous.gql(LOGIN, wrong)).errors![0]);
    const locked = (await t.anonymous.gql(LOGIN, { u: w.phone, p: w.password })).errors![0];
    const unknown = (await t.anonymous.gql(LOGIN, { u: 'nobody.here', p: w.password })).errors![0];
    expect(locked.extensions!.code).toBe('UNAUTHENTICATED');
    expect(locked.message).toBe(unknown.message);
    expect(errors[0].message).toBe(unknown.message);
    t.clock.travel(16 * 60 * 1000);
    expect((await t.anonymous.ok(LOGIN, { u: w.phone, p: w.password })).login.user.role).toBe('WORKER');
    t.clock.reset();
  });

  it('four failures then a success do not lock', async () => {
    const w = newWorker();
    await t.anonymous.ok(REGISTER, { i: w });
    for (let i = 0; i < 4; i++) await t.anonymous.gql(LOGIN, { u: w.phone, p: 'Wrong#Pass1' });
    expect((await t.anonymous.ok(LOGIN, { u: w.phone, p: w.password })).login.user.role).toBe('WORKER');
  });

  it('passwords are hashed with argon2id at 46 MiB and one pass; a hash made at other settings is made again at the next good login', async () => {
    const w = newWorker();
    const { registerWorker } = await t.anonymous.ok(`mutation($i: RegisterWorkerInput!) { registerWorker(input: $i) { user { id } } }`, { i: w });
    const id = registerWorker.user.id as string;
    // `$argon2id$v=19$m=…,p=…,t=…$salt$hash`: the algorithm and its settings, in a fixed order
    const stored = async () => {
      const [hash] = await t.ds.query(`SELECT password_hash FROM app_user WHERE id = $1`, [id]);
      const [, algorithm, , settings] = (hash.password_hash as string).split('$');
      return `${algorithm} ${settings.split(',').sort().join(',')}`;
    };
    expect(await stored()).toBe('argon2id m=47104,p=1,t=1');
    // as the library's defaults (64 MiB, 4 lanes) made it before
    await t.ds.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [id, await argon2.hash(w.password, { type: argon2.argon2id })]);
    expect(await stored()).toBe('argon2id m=65536,p=4,t=3');
    await t.anonymous.gql(LOGIN, { u: w.phone, p: 'Wrong#Pass1' });
    expect(await stored()).toBe('argon2id m=65536,p=4,t=3'); // a wrong password changes nothing
    await t.anonymous.ok(LOGIN, { u: w.phone, p: w.password });
    expect(await stored()).toBe('argon2id m=47104,p=1,t=1');
    expect((await t.anonymous.ok(LOGIN, { u: w.phone, p: w.password })).login.user.role).toBe('WORKER');
  });

  it('a worker registers with phone and ID number, is signed in, and sees the full phone as username', async () => {
    const w = newWorker();
    const { registerWorker } = await t.anonymous.ok(REGISTER, { i: w });
    expect(registerWorker.user).toEqual({ username: w.phone, role: 'WORKER', unit: null });
    const { me } = await t.as({ token: registerWorker.accessToken }).ok(ME);
    expect(me).toMatchObject({ username: w.phone, displayName: '赵测试', role: 'WORKER' });
  });

  it('stores the ID number and phone only encrypted', async () => {
    const w = newWorker();
    await t.anonymous.ok(REGISTER, { i: w });
    const dump = JSON.stringify(await t.ds.query(`SELECT * FROM app_user`));
    expect(dump).not.toContain(w.idCardNumber);
    expect(dump).not.toContain(w.phone);
  });

  it.each([
    ['phone', { phone: '12345' }, 'BAD_USER_INPUT'],
    ['idCardNumber', { idCardNumber: '411329199001011230' }, 'BAD_USER_INPUT'],
    ['password', { password: 'weakpassword' }, 'BAD_USER_INPUT'],
    ['password', { password: 'Sh0rt!' }, 'BAD_USER_INPUT'],
  ])('registerWorker refuses a bad %s with BAD_USER_INPUT naming it, and writes nothing', async (field, patch, code) => {
    const w = { ...newWorker(), ...patch };
    if (field === 'idCardNumber') {
      // flip the check digit of a valid number
      const valid = newWorker().idCardNumber;
      w.idCardNumber = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    }
    const before = (await t.ds.query(`SELECT count(*)::int AS n FROM app_user`))[0].n;
    const r = await t.anonymous.gql(REGISTER, { i: w });
    expect(r.errors![0].extensions).toMatchObject({ code, fields: [field] });
    expect((await t.ds.query(`SELECT count(*)::int AS n FROM app_user`))[0].n).toBe(before);
  });

  it('registerWorker with a phone that is already registered is CONFLICT', async () => {
    const w = newWorker();
    await t.anonymous.ok(REGISTER, { i: w });
    expect(await t.anonymous.code(REGISTER, { i: { ...newWorker(), phone: w.phone } })).toBe('CONFLICT');
    expect(await t.anonymous.code(REGISTER, { i: { ...newWorker(), idCardNumber: w.idCardNumber } })).toBe('CONFLICT');
  });

  it('an ADMIN creates staff inside its subtree, with the role fitting the unit level', async () => {
    const admin = t.as('admin.henan');
    const username = unique('insp.');
    const { createUser } = await admin.ok(CREATE_USER, { i: { username, password: 'Strong#2026', displayName: '新监察员', role: 'INSPECTOR', unitCode: '411329101' } });
    expect(createUser).toMatchObject({ username, role: 'INSPECTOR', unit: { code: '411329101' } });
    expect((await t.anonymous.ok(LOGIN, { u: username, p: 'Strong#2026' })).login.user.role).toBe('INSPECTOR');
    expect(await admin.code(CREATE_USER, { i: { username, password: 'Strong#2026', displayName: 'x', role: 'INSPECTOR', unitCode: '411329101' } })).toBe('CONFLICT');
  });

  it('createUser outside the admin subtree is FORBIDDEN; a role at the wrong level is BAD_USER_INPUT; non-admins are FORBIDDEN', async () => {
    const admin = t.as('admin.henan');
    const base = { password: 'Strong#2026', displayName: '某人' };
    expect(await admin.code(CREATE_USER, { i: { ...base, username: unique('x.'), role: 'INSPECTOR', unitCode: '110101' } })).toBe('FORBIDDEN');
    const wrongLevel = await admin.gql(CREATE_USER, { i: { ...base, username: unique('x.'), role: 'GRID_ASSISTANT', unitCode: '411329305' } });
    expect(wrongLevel.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['role'] });
    expect(await t.as('sup.henan').code(CREATE_USER, { i: { ...base, username: unique('x.'), role: 'INSPECTOR', unitCode: '411329305' } })).toBe('FORBIDDEN');
  });
});
