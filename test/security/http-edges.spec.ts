import { gzipSync } from 'node:zlib';
import { Logger } from '@nestjs/common';
import WebSocket from 'ws';
import { logUnhandledRejection } from '../../src/common/http/http-edge';
import { TestApp } from '../support/test-app';

/**
 * Every HTTP-level refusal is answered with its status and a small JSON body, and the server
 * goes on serving: before, the first such request ended the process.
 */
describe('HTTP edges: each refusal has its status, and the server keeps serving', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  const QUERY = JSON.stringify({ query: '{ __typename }' });

  async function send(path: string, init: RequestInit = {}): Promise<{ status: number; body: any; headers: Headers }> {
    const res = await fetch(`${t.url}${path}`, init);
    const text = await res.text();
    return { status: res.status, body: JSON.parse(text), headers: res.headers };
  }

  async function expectServing(): Promise<void> {
    const health = await fetch(`${t.url}/health`);
    expect(health.status).toBe(200);
    expect(await t.anonymous.ok('{ __typename }')).toEqual({ __typename: 'Query' });
  }

  it.each([
    ['GET /no-such-page', '/no-such-page', {}],
    ['GET /favicon.ico', '/favicon.ico', {}],
    ['POST /no-such-page', '/no-such-page', { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY }],
    ['GET /%FF (bad percent-encoding)', '/%FF', {}],
    ['DELETE /health', '/health', { method: 'DELETE' }],
  ])('an unknown route is 404: %s', async (_what, path, init) => {
    const r = await send(path, init as RequestInit);
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Not found' });
    await expectServing();
  });

  it('a body over 100 kB is 413, also when its JSON would be valid', async () => {
    const big = JSON.stringify({ query: `{ __typename }`, variables: { pad: 'a'.repeat(120_000) } });
    for (const body of [big, 'a'.repeat(300_000)]) {
      const r = await send('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(r.status).toBe(413);
      expect(r.body.statusCode).toBe(413);
    }
    await expectServing();
  });

  it('malformed JSON is 400, and the answer does not echo the body', async () => {
    for (const body of ['{"query":', '"just a string"', '{"query": "{ __typename }"} trailing', '\u0000\u0001']) {
      const r = await send('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
      expect(r.body.message).not.toContain('query');
    }
    await expectServing();
  });

  it('broken compression is 400, an unknown encoding 415; a well-compressed body is answered', async () => {
    const headers = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
    const broken = await send('/graphql', { method: 'POST', headers, body: 'this is not gzip' });
    expect(broken.status).toBe(400);
    const truncated = await send('/graphql', { method: 'POST', headers, body: gzipSync(QUERY).subarray(0, 12) });
    expect(truncated.status).toBe(400);
    const unknown = await send('/graphql', { method: 'POST', headers: { ...headers, 'content-encoding': 'x-unknown' }, body: QUERY });
    expect(unknown.status).toBe(415);
    // a gzip bomb inflates past the body limit: 413, read no further
    const bomb = await send('/graphql', { method: 'POST', headers, body: gzipSync(Buffer.alloc(5_000_000, 32)) });
    expect(bomb.status).toBe(413);
    const fine = await send('/graphql', { method: 'POST', headers, body: gzipSync(QUERY) });
    expect(fine.status).toBe(200);
    expect(fine.body).toEqual({ data: { __typename: 'Query' } });
    await expectServing();
  });

  it.each(['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', ''])(
    'a POST to /graphql that is not application/json is 415: %j',
    async (type) => {
      const r = await send('/graphql', { method: 'POST', headers: type ? { 'content-type': type } : {}, body: QUERY });
      expect(r.status).toBe(415);
      expect(r.body.statusCode).toBe(415);
      await expectServing();
    },
  );

  it.each(['PUT', 'DELETE', 'PATCH'])('%s /graphql is 405 with Allow: GET, POST', async (method) => {
    const r = await send('/graphql', { method, headers: { 'content-type': 'application/json' }, body: QUERY });
    expect(r.status).toBe(405);
    expect(r.body.statusCode).toBe(405);
    expect(r.headers.get('allow')).toMatch(/GET, POST/);
    await expectServing();
  });

  it('garbage over the WebSocket closes that socket only: bad frames, an unknown subprotocol, a subscription without a token', async () => {
    const closed = (protocol: string, frames: (string | Buffer)[]) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${t.url.replace('http', 'ws')}/graphql`, protocol);
        ws.on('open', () => frames.forEach((f) => ws.send(f)));
        const timer = setTimeout(() => ws.terminate(), 5000);
        ws.on('close', (code) => {
          clearTimeout(timer);
          resolve(code);
        });
        ws.on('error', () => undefined);
      });
    const codes = [
      await closed('graphql-transport-ws', ['not json']),
      await closed('graphql-transport-ws', [Buffer.from([0, 255, 1, 2])]),
      await closed('graphql-transport-ws', [JSON.stringify({ type: 'subscribe', id: '1', payload: { query: '{ __typename }' } })]),
      await closed('no-such-protocol', ['x']),
    ];
    for (const code of codes) expect(code).toBeGreaterThanOrEqual(1000);
    expect(codes.slice(0, 3).every((c) => c >= 4400 && c < 4500)).toBe(true);
    await expectServing();
  });

  it('a plain JSON POST (served past Express) is answered as the same POST through Express', async () => {
    // `content-encoding: identity` is one of the few things that send a POST through Express.
    const token = await t.as('lead.fanji').token();
    const bodies = [
      QUERY,
      JSON.stringify({ query: '{ me { username unit { code } } }' }),
      JSON.stringify({ query: '{ noSuchField }' }),
      JSON.stringify({ query: 'query($n: Int!) { cases(first: $n) { totalCount } }', variables: { n: 'many' } }),
      JSON.stringify([{ query: '{ __typename }' }]),
      JSON.stringify({ query: 'mutation { logout }' }),
      '{"query":',
      '42',
      '{}',
    ];
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    for (const body of bodies) {
      const direct = await send('/graphql', { method: 'POST', headers, body });
      const viaExpress = await send('/graphql', { method: 'POST', headers: { ...headers, 'content-encoding': 'identity' }, body });
      expect({ body, status: direct.status, answer: direct.body }).toEqual({ body, status: viaExpress.status, answer: viaExpress.body });
      for (const name of ['content-type', 'content-length', 'x-powered-by', 'retry-after']) {
        expect([name, direct.headers.get(name)]).toEqual([name, viaExpress.headers.get(name)]);
      }
    }
    await expectServing();
  });

  it('a client error writes nothing to the log', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error');
    await send('/nope');
    await send('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":' });
    await send('/graphql', { method: 'PUT', body: QUERY });
    expect(logged).not.toHaveBeenCalled();
  });

  it('an unhandled rejection is logged by name and place, without its message, and the process goes on', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    expect(process.listeners('unhandledRejection')).toContain(logUnhandledRejection);
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const reason = Object.assign(new TypeError('duplicate key (phone)=(13800000001)'), { code: '23505' });
    process.emit('unhandledRejection', reason, Promise.resolve());
    expect(exit).not.toHaveBeenCalled();
    expect(logged).toHaveBeenCalledTimes(1);
    const line = String(logged.mock.calls[0][0]);
    expect(line).toMatch(/^unhandled rejection: TypeError \(23505\) at /);
    expect(line).not.toContain('13800000001');
    await expectServing();
  });
});
