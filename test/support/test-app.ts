import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap';
import { Clock } from '../../src/common/clock';
import { shanghaiDate } from '../../src/common/time';
import { loadConfig } from '../../src/config/app-config';
import { DEMO_PASSWORD } from '../../src/database/demo-data';
import { testEnv } from './env';

export interface GqlError {
  message: string;
  path?: string[];
  extensions?: { code?: string; fields?: string[] };
}

export interface GqlResult<T = any> {
  data?: T;
  errors?: GqlError[];
}

/** The first error of an operation that had to fail, as the tests read it. */
export interface FirstError {
  message: string;
  code: string | undefined;
  fields: string[] | undefined;
}

/**
 * Who runs an operation (`t.as(who)`):
 * - a demo username (`'lead.fanji'`; password Demo@2026),
 * - any account with its password (`{ username, password }`),
 * - a registered worker (`registerWorker` in claims.ts; logs in with phone and password),
 * - a raw access token, sent as it is (`{ token }`: a revoked, expired or forged one too),
 * - `null` for anonymous (also `t.anonymous`).
 */
export type Who = string | { username: string; password: string } | { phone: string; password: string } | { token: string } | null;

/** An access token is reused only within this long (server clock) of its issue: the server's lifetime is 15 minutes. */
const TOKEN_REUSE_MS = 10 * 60_000;

const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }`;

/**
 * One running server per test file, reached over real HTTP GraphQL. Every operation goes through
 * `t.as(who)` (or `t.anonymous`):
 *
 *   const { r } = await t.as('lead.fanji').ok(CASE_OPS.fileCase, { id, ids });
 *   expect(await t.as(worker).code(CLAIM, { id })).toBe('NOT_FOUND');
 *   const r = await t.anonymous.gql(LOGIN, { u, p });
 *
 * Logins are cached per account and follow the server's clock: tests travel it (`travelTo`), so a
 * token is reused only while the server's now is within 10 minutes after its issue, and a new one
 * is fetched otherwise (also when the clock went back before the issue).
 */
export class TestApp {
  private tokens = new Map<string, { token: Promise<string>; at: number }>();

  private constructor(
    readonly app: INestApplication,
    readonly url: string,
  ) {}

  static async start(env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
    const app = await createApp(loadConfig({ ...testEnv(), ...env }), { logger: ['error'] });
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    return new TestApp(app, url);
  }

  get ds(): DataSource {
    return this.app.get(DataSource);
  }

  get clock(): Clock {
    return this.app.get(Clock);
  }

  async close(): Promise<void> {
    this.clock.reset();
    await this.app.close();
  }

  /** The client that runs operations as `who` (see `Who`). */
  as(who: Who): Caller {
    return new Caller(this, who);
  }

  /** The client that runs operations without a token. */
  get anonymous(): Caller {
    return new Caller(this, null);
  }

  /**
   * The access token of an account, reused while the server's clock allows (see above); callers
   * say `t.as(who).token()`. Calls that come together share one login, so that a burst of
   * operations as one account (the concurrency tests) sends one login before it, not one each.
   */
  async tokenFor(username: string, password: string): Promise<string> {
    const now = this.clock.now().getTime();
    const cached = this.tokens.get(username);
    if (cached && now >= cached.at && now - cached.at < TOKEN_REUSE_MS) return cached.token;
    const entry = {
      token: this.anonymous.ok<{ login: { accessToken: string } }>(LOGIN, { u: username, p: password }).then((r) => r.login.accessToken),
      at: now,
    };
    this.tokens.set(username, entry);
    // A refused login is not remembered: the next call tries again (and sees the same refusal).
    entry.token.catch(() => this.tokens.get(username) === entry && this.tokens.delete(username));
    return entry.token;
  }
}

/** Operations run as one `Who` against one TestApp: `t.as(who)`. */
export class Caller {
  constructor(
    private readonly t: TestApp,
    readonly who: Who,
  ) {}

  /** The bearer token this caller sends; throws for anonymous. */
  async token(): Promise<string> {
    const token = await this.bearer();
    if (token === undefined) throw new Error('an anonymous caller has no token');
    return token;
  }

  /** The whole GraphQL response of an operation. */
  async gql<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<GqlResult<T>> {
    const token = await this.bearer();
    const res = await fetch(`${this.t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GqlResult<T>;
  }

  /** The data of an operation that must succeed (throws with the errors otherwise). */
  async ok<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const r = await this.gql<T>(query, variables);
    if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
    return r.data as T;
  }

  /** The first error of an operation that must fail (throws with the data if it succeeded). */
  async error(query: string, variables: Record<string, unknown> = {}): Promise<FirstError> {
    return firstError(await this.gql(query, variables));
  }

  /** The error code of an operation that must fail. */
  async code(query: string, variables: Record<string, unknown> = {}): Promise<string | undefined> {
    return (await this.error(query, variables)).code;
  }

  private async bearer(): Promise<string | undefined> {
    const who = this.who;
    if (who === null) return undefined;
    if (typeof who === 'string') return this.t.tokenFor(who, DEMO_PASSWORD);
    if ('token' in who) return who.token;
    return this.t.tokenFor('phone' in who ? who.phone : who.username, who.password);
  }
}

/** The first error of a response that must have failed; throws with the data if it succeeded. */
export function firstError(r: GqlResult): FirstError {
  if (!r.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(r.data)}`);
  const [e] = r.errors;
  return { message: e.message, code: e.extensions?.code, fields: e.extensions?.fields };
}

// ------------------------------------------------------------------ the server's clock

/** Sets the server's clock to the instant `at` (it keeps running from there). */
export function travelTo(t: TestApp, at: string | Date): void {
  t.clock.reset();
  t.clock.travel(new Date(at).getTime() - Date.now());
}

/** The Shanghai calendar day `days` from the server's now (negative for the past). */
export function serverDay(t: TestApp, days = 0): string {
  return shanghaiDate(new Date(t.clock.now().getTime() + days * 86_400_000));
}

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A unique suffix for data a test creates, so that test files can share one database. */
export function unique(prefix = ''): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}
