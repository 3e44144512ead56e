import { gzipSync } from 'node:zlib';
import { Logger } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLObjectType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { registerWorker } from '../support/claims';
import { TestApp } from '../support/test-app';

/**
 * Random requests for a bounded time: bytes with random methods, paths, content types and
 * encodings, then GraphQL documents built from the schema (valid ones with random arguments, and
 * broken ones), anonymous and signed in. Every answer must be well-formed JSON with a proper
 * status, no error may be INTERNAL_SERVER_ERROR (the input alone caused it), nothing may write a
 * stack trace to the log, and the server must be healthy at the end. FUZZ_SEED=<n> replays a run.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RAW_MS = Number(process.env.FUZZ_RAW_MS ?? 6000);
const GRAPHQL_MS = Number(process.env.FUZZ_GRAPHQL_MS ?? 16000);

/** mulberry32: a small seeded PRNG, so that a failing run can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)], chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof prng>;

const KNOWN_CODES = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'TOO_MANY_REQUESTS',
  'RESPONSE_TOO_LARGE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

const STRINGS = [
  '41', '4113', '411329', '411329305', '411329305212', '110101', '99', '', ' ', 'lead.fanji', '13800000001',
  '411329305-2026-000001', '00000000-0000-0000-0000-000000000000', 'a\u0000b', '\ud800', 'x\udfff', '😀张三', "' OR 1=1 --",
  '%_\\', '<script>', 'x'.repeat(3000), '9141132900ABCDEF12', 'eyJhbGciOiJIUzI1NiJ9.e30.x', '\n\t', 'Demo@2026',
];
const INTS = [0, 1, -1, 5, 20, 100, 101, 2147483647, -2147483648, 1e10, 1.5, Number.MAX_SAFE_INTEGER];
const MONEY = ['0', '0.01', '1.00', '12800.50', '999999999999.99', '1000000000000', '1e5', '-1', '1.005', 'abc', '', 12.5];
const DATES = ['2026-01-01', '2026-02-30', '2024-02-29', '1900-01-01', '9999-12-31', '2026-13-01', 'x', '20260101'];
const DATETIMES = ['2026-11-26T22:30:00+08:00', '2026-11-26T22:30:00Z', '2026-11-26', 'now', '2026-11-26T25:00:00Z'];

/** A random value for an input type; `broken` allows values the type refuses. */
function inputValue(rng: Rng, type: GraphQLInputType, depth = 0): unknown {
  if (isNonNullType(type)) return rng.chance(0.03) ? null : inputValue(rng, type.ofType, depth);
  if (rng.chance(0.05)) return null;
  if (isListType(type)) return Array.from({ length: rng.int(4) }, () => inputValue(rng, type.ofType, depth + 1));
  if (isEnumType(type)) return rng.chance(0.85) ? rng.pick(type.getValues()).value : rng.pick(['NOPE', 'filed', '', 'FILED ']);
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    if (depth > 3) return out;
    for (const f of Object.values(type.getFields())) {
      if (isNonNullType(f.type) ? rng.chance(0.95) : rng.chance(0.5)) out[f.name] = inputValue(rng, f.type, depth + 1);
    }
    if (rng.chance(0.05)) out.notAField = 'x';
    return out;
  }
  if (isScalarType(type)) {
    if (rng.chance(0.04)) return rng.pick([{}, [], true, 3.14, 'str']);
    switch (type.name) {
      case 'Int':
        return rng.pick(INTS);
      case 'Float':
        return rng.next() * 1e6;
      case 'Boolean':
        return rng.chance(0.5);
      case 'Money':
        return rng.pick(MONEY);
      case 'Date':
        return rng.pick(DATES);
      case 'DateTime':
        return rng.pick(DATETIMES);
      default:
        return rng.pick(STRINGS);
    }
  }
  return null;
}

/** A value as a GraphQL literal (enums bare); JSON string escapes are GraphQL's too. */
function literal(value: unknown, type: GraphQLInputType): string {
  const named = getNamedType(type);
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, isListType(type) ? type.ofType : isNonNullType(type) && isListType(type.ofType) ? type.ofType.ofType : type)).join(', ')}]`;
  if (typeof value === 'object') {
    const fields = isInputObjectType(named) ? named.getFields() : {};
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${k}: ${literal(v, fields[k]?.type ?? named)}`)
      .join(', ')} }`;
  }
  if (isEnumType(named) && typeof value === 'string' && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value)) return value;
  return JSON.stringify(value);
}

interface Doc {
  query: string;
  variables: Record<string, unknown>;
}

class DocumentBuilder {
  private vars: string[] = [];
  private values: Record<string, unknown> = {};

  constructor(
    private readonly rng: Rng,
    private readonly schema: GraphQLSchema,
  ) {}

  operation(kind: 'query' | 'mutation'): Doc {
    const root = kind === 'query' ? this.schema.getQueryType()! : this.schema.getMutationType()!;
    const fields = Object.values(root.getFields());
    const picked = Array.from({ length: 1 + this.rng.int(kind === 'query' ? 3 : 1) }, () => this.rng.pick(fields));
    const body = picked.map((f, i) => `${i ? `f${i}: ` : ''}${this.field(f, 0)}`).join(' ');
    const header = this.vars.length ? `(${this.vars.join(', ')})` : '';
    return { query: `${kind} Fuzz${header} { ${body} }`, variables: this.values };
  }

  private field(field: GraphQLField<unknown, unknown>, depth: number): string {
    const args = field.args.filter((a) => isNonNullType(a.type) || this.rng.chance(0.5)).map((a) => this.argument(a));
    const named = getNamedType(field.type);
    const head = `${field.name}${args.length ? `(${args.join(', ')})` : ''}`;
    if (isLeafType(named)) return head;
    return `${head} { ${this.selection(named as GraphQLObjectType, depth + 1)} }`;
  }

  private selection(type: GraphQLObjectType, depth: number): string {
    const fields = Object.values(type.getFields());
    const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)));
    const objects = fields.filter((f) => isObjectType(getNamedType(f.type)));
    const chosen = new Set<GraphQLField<unknown, unknown>>();
    for (let i = 0, n = 1 + this.rng.int(4); i < n; i++) {
      const deeper = depth < 4 && objects.length && this.rng.chance(0.45);
      chosen.add(deeper ? this.rng.pick(objects) : this.rng.pick(leaves.length ? leaves : objects));
    }
    const parts = [...chosen].map((f) => this.field(f, depth));
    if (this.rng.chance(0.1)) parts.push('__typename');
    return parts.join(' ');
  }

  private argument(arg: GraphQLArgument): string {
    const value = inputValue(this.rng, arg.type);
    if (this.rng.chance(0.5)) return `${arg.name}: ${literal(value, arg.type)}`;
    const name = `v${this.vars.length}`;
    this.vars.push(`$${name}: ${String(arg.type)}`);
    this.values[name] = value;
    return `${arg.name}: $${name}`;
  }
}

/** A document made invalid: characters cut or added, a name misspelled, a brace lost. */
function broken(rng: Rng, doc: Doc): Doc {
  let q = doc.query;
  switch (rng.int(5)) {
    case 0: {
      const at = rng.int(q.length);
      q = q.slice(0, at) + q.slice(at + 1 + rng.int(8));
      break;
    }
    case 1: {
      const at = rng.int(q.length);
      q = q.slice(0, at) + rng.pick(['{', '}', '(', ')', '$', '"', '...', '@skip', '#', '\u0000', 'query']) + q.slice(at);
      break;
    }
    case 2:
      q = q.replace(/\b([a-z][A-Za-z]{3,})\b/, (m) => `${m}x`);
      break;
    case 3:
      q = q.replace(/}\s*$/, '');
      break;
    default:
      q = `${q} ${q}`;
  }
  return { query: q, variables: rng.chance(0.5) ? doc.variables : { junk: rng.pick(STRINGS) } };
}

const METHODS = ['GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];
const PATHS = ['/graphql', '/graphql', '/health', '/', '/graphql/x', '/.env', '/%FF', '/api/v1/users', '/graphql?query=%7B__typename%7D'];
const TYPES = ['application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/xml', 'multipart/form-data', 'application/x-www-form-urlencoded', 'application/graphql', '', '*/*', 'application/json; charset=latin1'];

function randomBytes(rng: Rng, n: number): Buffer {
  return Buffer.from(Array.from({ length: n }, () => rng.int(256)));
}

function rawBody(rng: Rng): Buffer | string {
  switch (rng.int(6)) {
    case 0:
      return randomBytes(rng, rng.int(2000));
    case 1:
      return JSON.stringify({ query: rng.pick(STRINGS), variables: rng.pick([null, 1, 'x', [], {}]) });
    case 2:
      return JSON.stringify(rng.pick([[], [{ query: '{ __typename }' }], 'string', 42, null, { operationName: 'x' }]));
    case 3:
      return '{"query":"{ __typename }"'.slice(0, rng.int(26));
    case 4:
      return randomBytes(rng, 120_000 + rng.int(10_000));
    default:
      return JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } });
  }
}

describe(`fuzzing the edge (seed ${SEED}; FUZZ_SEED=${SEED} replays it)`, () => {
  let t: TestApp;
  const problems: string[] = [];
  const counts = { raw: 0, valid: 0, broken: 0, statuses: {} as Record<string, number>, codes: {} as Record<string, number> };

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    process.stderr.write(`[fuzz] seed ${SEED}: ${JSON.stringify(counts)}\n`);
    await t.close();
  });

  /** Checks one answer: a proper status, a JSON body (when there is one), no internal error. */
  function check(what: string, status: number, text: string, method: string): void {
    counts.statuses[status] = (counts.statuses[status] ?? 0) + 1;
    if (status >= 500) problems.push(`${what}: HTTP ${status} ${text.slice(0, 200)}`);
    if (method === 'HEAD' || status === 204) return;
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      problems.push(`${what}: HTTP ${status}, not JSON: ${text.slice(0, 120)}`);
      return;
    }
    for (const e of body?.errors ?? []) {
      const code = e?.extensions?.code;
      counts.codes[code] = (counts.codes[code] ?? 0) + 1;
      if (!KNOWN_CODES.has(code)) problems.push(`${what}: code ${code}: ${String(e?.message).slice(0, 200)}`);
      // GraphQL's schema suggestions ("Did you mean "name"?"); its lexer's hint about quotes is not one.
      if (/Did you mean|\.ts:\d+|node_modules|QueryFailedError/.test(JSON.stringify(e))) problems.push(`${what}: leaks ${JSON.stringify(e).slice(0, 200)}`);
    }
  }

  beforeEach(() => {
    problems.length = 0;
  });

  it('random bytes, methods, paths, content types and encodings: every answer a proper status and JSON', async () => {
    const rng = prng(SEED);
    const stop = Date.now() + RAW_MS;
    while (Date.now() < stop) {
      const method = rng.pick(METHODS);
      const path = rng.chance(0.1) ? `/${randomBytes(rng, 6).toString('hex')}` : rng.pick(PATHS);
      const headers: Record<string, string> = { accept: rng.pick(['application/json', '*/*', 'application/graphql-response+json']) };
      const type = rng.pick(TYPES);
      if (type) headers['content-type'] = type;
      let body: Buffer | string | undefined = method === 'GET' || method === 'HEAD' ? undefined : rawBody(rng);
      if (body !== undefined && rng.chance(0.15)) {
        headers['content-encoding'] = rng.pick(['gzip', 'deflate', 'br', 'x-zip']);
        if (rng.chance(0.5)) body = gzipSync(body);
      }
      if (rng.chance(0.1)) headers['apollo-require-preflight'] = 'true';
      const res = await fetch(`${t.url}${path}`, { method, headers, body });
      check(`raw #${counts.raw} ${method} ${path} ${type} ${JSON.stringify(headers)} ${String(body).slice(0, 200)}`, res.status, await res.text(), method);
      counts.raw++;
    }
    expect(problems).toEqual([]);
    // a floor that a busy machine still passes: the run is bounded in time, not in count
    expect(counts.raw).toBeGreaterThan(20);
  });

  it('random GraphQL documents from the schema, valid and broken, anonymous and signed in: no internal error, no stack in the log', async () => {
    const rng = prng(SEED ^ 0x5bd1e995);
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const worker = await registerWorker(t);
    const tokens: (string | undefined)[] = [undefined, await t.as('sup.henan').token(), await t.as('insp.fanji').token(), await t.as(worker).token()];
    const logged: string[] = [];
    const keep = (...args: unknown[]) => void logged.push(args.map(String).join(' '));
    jest.spyOn(Logger.prototype, 'error').mockImplementation(keep);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(keep);
    jest.spyOn(console, 'error').mockImplementation(keep);
    try {
      const stop = Date.now() + GRAPHQL_MS;
      while (Date.now() < stop) {
        const token = rng.pick(tokens);
        // Signed-in callers only read; anonymous ones also try every mutation (all refused or harmless).
        let doc = new DocumentBuilder(rng, schema).operation(token === undefined && rng.chance(0.4) ? 'mutation' : 'query');
        const isBroken = rng.chance(0.2);
        if (isBroken) doc = broken(rng, doc);
        const res = await fetch(`${t.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(doc),
        });
        const text = await res.text();
        check(`${isBroken ? 'broken' : 'valid'} ${token ? 'signed-in' : 'anonymous'} ${JSON.stringify(doc).slice(0, 600)}`, res.status, text, 'POST');
        if (![200, 400, 413, 429].includes(res.status)) problems.push(`HTTP ${res.status} for ${JSON.stringify(doc).slice(0, 300)}`);
        counts[isBroken ? 'broken' : 'valid']++;
      }
    } finally {
      jest.restoreAllMocks();
    }
    expect(problems).toEqual([]);
    expect(logged.filter((l) => /\n\s+at /.test(l))).toEqual([]);
    expect(counts.valid).toBeGreaterThan(30);
  });

  it('ends with the server healthy and answering', async () => {
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
    expect(await t.anonymous.ok(`{ unit(code: "41") { name } }`)).toEqual({ unit: { name: '河南省' } });
  });
});
