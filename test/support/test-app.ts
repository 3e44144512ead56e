import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap';
import { Clock } from '../../src/common/clock';
import { loadConfig } from '../../src/config/app-config';
import { DEMO_PASSWORD } from '../../src/database/demo-data';
import { testEnv } from './env';

export interface GqlResult<T = any> {
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; fields?: string[] } }[];
}

/** One running server per test file, reached over real HTTP GraphQL. */
export class TestApp {
  private tokens = new Map<string, string>();

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

  /** POSTs one operation; returns the whole GraphQL response. */
  async gql<T = any>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GqlResult<T>> {
    const res = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GqlResult<T>;
  }

  /** The data of an operation that must succeed. */
  async ok<T = any>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
    const r = await this.gql<T>(query, variables, token);
    if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
    return r.data as T;
  }

  /** The error code of an operation that must fail. */
  async code(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<string | undefined> {
    const r = await this.gql(query, variables, token);
    if (!r.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(r.data)}`);
    return r.errors[0].extensions?.code;
  }

  /** An access token for an account (cached per test file). */
  async token(username: string, password = DEMO_PASSWORD): Promise<string> {
    const cached = this.tokens.get(username);
    if (cached) return cached;
    const data = await this.ok<{ login: { accessToken: string } }>(
      `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }`,
      { u: username, p: password },
    );
    this.tokens.set(username, data.login.accessToken);
    return data.login.accessToken;
  }
}

/** A unique suffix for data a test creates, so that test files can share one database. */
export function unique(prefix = ''): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}
