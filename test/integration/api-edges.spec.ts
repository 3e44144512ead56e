import { Logger } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { badInput } from '../../src/common/errors';
import { loadConfig } from '../../src/config/app-config';
import { graphqlOptions } from '../../src/graphql.options';
import { UnitsService } from '../../src/modules/units/units.service';
import { TEST_ENV } from '../support/env';
import { GqlResult, TestApp, unique } from '../support/test-app';

const CREATE_USER = `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`;
const UNIT_NAME = `query($c: String!) { unit(code: $c) { name } }`;

/** `{ unit { parent { parent { … code } } } }` with `levels` parents: depth levels + 2. */
const nestedParents = (levels: number) => `{ unit(code: "411329305212") { ${'parent { '.repeat(levels)}code${' }'.repeat(levels)} } }`;

describe('the API edge: errors, limits, CSRF, health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  it('a class-validator failure is BAD_USER_INPUT naming the field at fault, and creates nothing', async () => {
    const admin = t.as('admin.henan');
    const input = { username: 'x!', password: 'Strong#2026', displayName: '某人', role: 'INSPECTOR', unitCode: '411329101' };
    const r = await admin.gql(CREATE_USER, { i: input });
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: ['username'] });
    expect(r.errors![0].message).toMatch(/username/);
    const both = await admin.gql(CREATE_USER, { i: { ...input, unitCode: 'abc' } });
    expect([...both.errors![0].extensions!.fields!].sort()).toEqual(['unitCode', 'username']);
    expect((await t.ds.query(`SELECT count(*)::int AS n FROM app_user WHERE login_key = 'x!'`))[0].n).toBe(0);
  });

  it('no error carries a stack trace or internals: input, validation, parse, auth and internal errors', async () => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined); // TypeORM reports the failed query
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const admin = t.as('admin.henan');
    const results: GqlResult[] = [
      await admin.gql(CREATE_USER, { i: { username: 'x!', password: 'Strong#2026', displayName: 'x', role: 'INSPECTOR', unitCode: '411329101' } }),
      await admin.gql(CREATE_USER, { i: { username: unique('x.'), password: 'Strong#2026', displayName: 'x', role: 'INSPECTOR', unitCode: '110101' } }),
      await t.anonymous.gql(`{ me { id } }`),
      await t.anonymous.gql(`{ unit(code: "41") { nam } }`),
      await t.anonymous.gql(`{ unit(`),
      await t.anonymous.gql(UNIT_NAME, { c: 41 }),
      await t.anonymous.gql(nestedParents(12)),
    ];
    // An unexpected error inside a resolver: a statement that fails, with a parameter.
    jest.spyOn(UnitsService.prototype, 'findByCode').mockImplementationOnce(() => t.ds.query('SELECT * FROM no_such_table WHERE x = $1', ['secret-param']));
    results.push(await t.anonymous.gql(UNIT_NAME, { c: '41' }));
    const codes = results.map((r) => r.errors?.[0]?.extensions?.code);
    expect(codes).toEqual([
      'BAD_USER_INPUT',
      'FORBIDDEN',
      'UNAUTHENTICATED',
      'GRAPHQL_VALIDATION_FAILED',
      'GRAPHQL_PARSE_FAILED',
      'BAD_USER_INPUT',
      'GRAPHQL_VALIDATION_FAILED',
      'INTERNAL_SERVER_ERROR',
    ]);
    for (const r of results) {
      for (const e of r.errors!) {
        expect(Object.keys(e.extensions ?? {}).filter((k) => k !== 'code' && k !== 'fields')).toEqual([]);
        expect(JSON.stringify(e)).not.toMatch(/stacktrace|\.ts:\d+|node_modules|SELECT|QueryFailedError/);
      }
    }
    const internal = results[results.length - 1].errors![0];
    expect(internal.message).toBe('Internal server error');
    // The server logs the failure (the API edge and the SQL logger), never with the variables.
    expect(logged).toHaveBeenCalled();
    for (const call of logged.mock.calls) expect(JSON.stringify(call)).not.toContain('secret-param');
  });

  it('production and test configurations never put a stack trace in an error; development does', () => {
    const prod = graphqlOptions(loadConfig({ ...TEST_ENV, NODE_ENV: 'production' }));
    const test = graphqlOptions(loadConfig({ ...TEST_ENV }));
    const dev = graphqlOptions(loadConfig({ ...TEST_ENV, NODE_ENV: 'development' }));
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const boom = new GraphQLError('boom', { path: ['x'], originalError: new Error('database password is hunter2') });
    const formatted: GraphQLFormattedError = { message: 'database password is hunter2', path: ['x'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['Error: at x.ts:1'] } };
    for (const options of [prod, test]) {
      expect(options.includeStacktraceInErrorResponses).toBe(false);
      const out = options.formatError!(formatted, boom);
      expect(out).toEqual({ message: 'Internal server error', path: ['x'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    }
    expect(dev.formatError!(formatted, boom).extensions).toHaveProperty('stacktrace');
    // an expected error keeps its code and fields, in every mode
    const bad = new GraphQLError('bad', { path: ['registerWorker'], originalError: badInput('phone', 'bad phone') });
    expect(prod.formatError!({ message: 'bad', path: ['registerWorker'] }, bad).extensions).toEqual({ code: 'BAD_USER_INPUT', fields: ['phone'] });
  });

  it('a query deeper than the depth limit (10) is refused; one within it is answered', async () => {
    const deep = await t.anonymous.gql(nestedParents(11));
    expect(deep.data).toBeUndefined();
    expect(deep.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(deep.errors![0].message).toMatch(/depth/i);
    // unit → parent ×4 reaches the province: depth 6, well inside the limit
    const ok = await t.anonymous.ok(nestedParents(4));
    expect(ok.unit.parent.parent.parent.parent).toEqual({ code: '41' });
  });

  it('more aliases than the limit (30) are refused; a few are answered', async () => {
    const many = `{ ${Array.from({ length: 31 }, (_, i) => `u${i}: unit(code: "41") { code }`).join(' ')} }`;
    const r = await t.anonymous.gql(many);
    expect(r.data).toBeUndefined();
    expect(r.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors![0].message).toMatch(/alias/i);
    const few = await t.anonymous.ok(`{ a: unit(code: "41") { code } b: unit(code: "4113") { code } }`);
    expect(few).toEqual({ a: { code: '41' }, b: { code: '4113' } });
  });

  it('a misspelled field is refused without suggesting the real names', async () => {
    for (const doc of [`{ unit(code: "41") { nam } }`, `{ unitz(code: "41") { name } }`, `{ mee { id } }`]) {
      const r = await t.anonymous.gql(doc);
      expect(r.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(r.errors![0].message).not.toMatch(/did you mean/i);
      expect(r.errors![0].message).not.toMatch(/"(name|units?|me)"/);
    }
  });

  it('CSRF prevention: a simple GET without a preflight header is refused, with one it is answered', async () => {
    const url = `${t.url}/graphql?query=${encodeURIComponent('{ __typename }')}`;
    const simple = await fetch(url);
    expect(simple.status).toBe(400);
    expect(await simple.text()).toMatch(/CSRF/);
    const preflighted = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
    expect(await preflighted.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('CSRF prevention: a POST as text/plain (a simple cross-site request) is refused, as JSON it is answered', async () => {
    const body = JSON.stringify({ query: '{ __typename }' });
    const plain = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
    expect(plain.status).toBe(415);
    const json = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(json.status).toBe(200);
  });

  it('GET /health answers 200 with the database up, without a token', async () => {
    const res = await fetch(`${t.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'up' });
  });
});
