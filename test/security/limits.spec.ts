import { GraphQLSchemaHost } from '@nestjs/graphql';
import { parse } from 'graphql';
import { listsWithoutSize, operationCost } from '../../src/common/graphql/cost';
import { FallbackThrottlerStorage } from '../../src/modules/auth/throttle';
import { loadConfig } from '../../src/config/app-config';
import { databaseSetup } from '../../src/database/data-source-options';
import { UnitsService } from '../../src/modules/units/units.service';
import { TEST_ENV } from '../support/env';
import { TestApp } from '../support/test-app';

const NESTED_UNITS = `{ units { code children { code children { code } } } }`;

async function post(t: TestApp, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: JSON.parse(await res.text()) };
}

describe('query cost counts lists at their size', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());
  const cost = (query: string, variables: Record<string, unknown> = {}) =>
    operationCost({ schema: t.app.get(GraphQLSchemaHost).schema, document: parse(query), variables });

  it('every list of objects in the schema declares its size, or is a connection’s edges', () => {
    expect(listsWithoutSize(t.app.get(GraphQLSchemaHost).schema)).toEqual([]);
  });

  it('a list multiplies what it holds: units 200 each level, a connection its first (default 20), totalCount a count', () => {
    expect(cost(`{ units { code } }`)).toBe(200);
    expect(cost(`{ units { code children { code } } }`)).toBe(200 * 201);
    expect(cost(`{ unit(code: "41") { code parent { code } ancestors { code } } }`)).toBe(1 + 1 + 5);
    expect(cost(`{ cases(first: 5) { totalCount edges { node { id } } } }`)).toBe(1 + 10 + 5 * 2);
    expect(cost(`{ cases { edges { node { id } } } }`)).toBe(1 + 20 * 2);
    expect(cost(`query($n: Int) { cases(first: $n) { edges { node { id } } } }`, { n: 100 })).toBe(1 + 100 * 2);
    expect(cost(`query($n: Int) { cases(first: $n) { edges { node { id } } } }`, { n: 10_000 })).toBe(1 + 100 * 2);
    // a value coercion refuses anyway counts as the default page
    expect(cost(`query($n: Int) { cases(first: $n) { edges { node { id } } } }`, { n: 'x' })).toBe(1 + 20 * 2);
    // fragments count like the fields they stand for
    expect(cost(`{ units { ...u } } fragment u on Unit { code children { code } }`)).toBe(200 * 201);
    expect(cost(`{ units { ... on Unit { children { code } } } }`)).toBe(200 * 201);
  });

  it('an anonymous nested units query is refused before it runs (400, GRAPHQL_VALIDATION_FAILED); one level is answered', async () => {
    const find = jest.spyOn(UnitsService.prototype, 'children');
    const r = await post(t, { query: NESTED_UNITS });
    expect(r.status).toBe(400);
    expect(r.body.data).toBeUndefined();
    expect(r.body.errors[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(r.body.errors[0].message).toMatch(/cost \d+ exceeds the limit of 1000/);
    expect(find).not.toHaveBeenCalled();
    find.mockRestore();
    const one = await t.anonymous.ok(`{ units(parentCode: "4113") { code name } }`);
    expect(one.units.length).toBeGreaterThan(10);
  });

  it('a signed-in caller has the larger budget; a bogus or missing token gets the anonymous one', async () => {
    const query = `{ unit(code: "4113") { children { code children { code } } } }`; // 1 + 200 × 201
    expect(cost(query)).toBeGreaterThan(1000);
    expect(cost(query)).toBeLessThan(20000 * 3);
    const medium = `{ cases(first: 50) { edges { node { id events { type } } } } }`; // 1 + 50 × (2 + 100)
    expect(cost(medium)).toBeGreaterThan(1000);
    expect(cost(medium)).toBeLessThanOrEqual(20000);
    const token = await t.as('sup.henan').token();
    expect((await post(t, { query: medium }, { authorization: `Bearer ${token}` })).status).toBe(200);
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer not-a-token' }, { authorization: `Bearer ${token}x` }]) {
      const r = await post(t, { query: `{ units(parentCode: "4113") { code children { code children { code } } } }` }, headers);
      expect(r.status).toBe(400);
      expect(r.body.errors[0].message).toMatch(/limit of 1000 for a caller without a valid access token/);
    }
  });
});

describe('responses are capped in size', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ GRAPHQL_MAX_RESPONSE_BYTES: '1024' });
  });
  afterAll(() => t.close());

  it('an answer over the cap is one clean RESPONSE_TOO_LARGE error, well-formed JSON; a small one is answered', async () => {
    const big = await post(t, { query: `{ units { code name level } }` });
    expect(big.body).toEqual({ errors: [{ message: expect.stringMatching(/over the limit of 1024/), extensions: { code: 'RESPONSE_TOO_LARGE' } }] });
    const small = await post(t, { query: `{ unit(code: "41") { name } }` });
    expect(small.body).toEqual({ data: { unit: { name: '河南省' } } });
  });
});

describe('rate limits per client for public operations and login', () => {
  let t: TestApp;
  // Behind a trusted proxy the client is the address X-Forwarded-For names: a new one per test
  // (random, since with Redis the counters outlive the run for their window).
  const octet = () => Math.floor(Math.random() * 254) + 1;
  const client = () => ({ 'x-forwarded-for': `10.${octet()}.${octet()}.${octet()}` });
  const LOGIN = { query: `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }`, variables: { u: 'nobody.here', p: 'wrong' } };
  beforeAll(async () => {
    t = await TestApp.start({ TRUST_PROXY: 'loopback', RATE_LIMIT_LOGIN: '3', RATE_LIMIT_PUBLIC: '6', RATE_LIMIT_WINDOW_SECONDS: '60' });
  });
  afterAll(() => t.close());

  it('past the login limit a client gets TOO_MANY_REQUESTS, HTTP 429 with Retry-After; another client does not', async () => {
    const me = client();
    for (let i = 0; i < 3; i++) {
      const r = await post(t, LOGIN, me);
      expect(r.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    const limited = await post(t, LOGIN, me);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body.errors[0].extensions).toEqual({ code: 'TOO_MANY_REQUESTS', retryAfter: expect.any(Number) });
    // even the right password is refused while limited: no guessing at the rate limit's edge
    const right = await post(t, { ...LOGIN, variables: { u: 'lead.fanji', p: 'Demo@2026' } }, me);
    expect(right.body.errors[0].extensions.code).toBe('TOO_MANY_REQUESTS');
    const other = await post(t, { ...LOGIN, variables: { u: 'lead.fanji', p: 'Demo@2026' } }, client());
    expect(other.body.data.login.accessToken).toEqual(expect.any(String));
  });

  it('public queries share one budget per client, aliases counting each; signed-in operations are not counted', async () => {
    const me = client();
    const r = await post(t, { query: `{ a: unit(code: "41") { code } b: unit(code: "4113") { code } c: units { code } }` }, me);
    expect(r.status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await post(t, { query: `{ unit(code: "41") { code } }` }, me)).status).toBe(200);
    const limited = await post(t, { query: `{ unit(code: "41") { code } }` }, me);
    expect(limited.status).toBe(429);
    expect(limited.body.errors[0].extensions.code).toBe('TOO_MANY_REQUESTS');
    const signedIn = await post(t, { ...LOGIN, variables: { u: 'sup.henan', p: 'Demo@2026' } }, client());
    const token = signedIn.body.data.login.accessToken;
    const mine = await post(t, { query: `{ me { username } }` }, { ...me, authorization: `Bearer ${token}` });
    expect(mine.body).toEqual({ data: { me: { username: 'sup.henan' } } });
  });

  it('with Redis unreachable the limits still hold, counted in the process', async () => {
    const storage = new FallbackThrottlerStorage('redis://127.0.0.1:9');
    try {
      const hits = [];
      for (let i = 0; i < 4; i++) hits.push(await storage.increment('throttle:login:x', 60_000, 3, 60_000, 'login'));
      expect(hits.map((h) => h.totalHits)).toEqual([1, 2, 3, 4]);
      expect(hits.map((h) => h.isBlocked)).toEqual([false, false, false, true]);
    } finally {
      storage.onApplicationShutdown();
    }
  });
});

describe('a statement timeout on every pooled connection', () => {
  it('is sent with each PostgreSQL connection, and 0 turns it off', () => {
    const url = 'postgres://app@db:5432/app';
    const extra = (ms: string) => (databaseSetup(loadConfig({ ...TEST_ENV, DATABASE_URL: url, DB_STATEMENT_TIMEOUT_MS: ms })).options as any).extra;
    expect(extra('1500').statement_timeout).toBe(1500);
    expect(extra('0').statement_timeout).toBeUndefined();
    expect((databaseSetup(loadConfig({ ...TEST_ENV, DATABASE_URL: url })).options as any).extra.statement_timeout).toBe(5000);
  });
});
