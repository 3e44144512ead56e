import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '../../src/config/app-config';
import { pageFor, serveWeb } from '../../src/web/web-assets';
import { testEnv } from '../support/env';
import { TestApp } from '../support/test-app';

const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

/** The server serves the built web pages from its own origin, and keeps the API at /graphql. */
describe('web pages served by the server', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('serves the console at / and its client routes (history fallback), never cached', async () => {
    for (const path of ['/', '/login', '/cases/8d3c9a4e-0000-4000-8000-000000000000', '/inbox?x=1']) {
      const res = await fetch(`${app.url}${path}`, { headers: html });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const body = await res.text();
      expect(body).toContain('<div id="root"></div>');
      expect(body).toContain('劳动保障监察 · 案件管理');
    }
    // Only a browser's navigation gets the page: any other request for an unknown path is the edge's JSON 404.
    const api = await fetch(`${app.url}/api/v1/users`, { headers: { accept: '*/*' } });
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ statusCode: 404 });
  });

  it('serves the worker page at /worker/* and /public/*', async () => {
    expect(pageFor('/worker/claims/1')).toBe('worker.html');
    expect(pageFor('/public')).toBe('worker.html');
    expect(pageFor('/workers')).toBe('index.html');
    expect(pageFor('/worker')).toBe('worker-notice.html');
    for (const path of ['/worker', '/worker/claims/new', '/public/cases']) {
      const res = await fetch(`${app.url}${path}`, { headers: html });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('欠薪求助');
    }
  });

  it('sends a worker\'s first page with the notice already in it (links working, styles inline), the other worker pages empty for the script', async () => {
    const first = await (await fetch(`${app.url}/worker`, { headers: html })).text();
    // the words as a browser shows them (React marks the seams of text it joined with empty comments)
    const text = first.replace(/<!-- -->/g, '');
    for (const words of ['请先准备好', '5个工作日内', '《保障农民工工资支付条例》', '12333', '已经注册过']) expect(text).toContain(words);
    expect(first).toMatch(/<a[^>]+href="\/worker\/register"[^>]*>第一次来：注册<\/a>/);
    expect(first).toMatch(/<style>[^<]*\.btn/);
    expect(first).not.toContain('rel="stylesheet"');
    expect(first).toMatch(/<script type="module"[^>]+src="\/assets\/worker-[^"]+\.js"/);
    const other = await (await fetch(`${app.url}/worker/register`, { headers: html })).text();
    expect(other).toContain('<div id="root"></div>');
    expect(other).not.toContain('请先准备好');
  });

  it('caches hashed assets for good, and answers a missing file with 404', async () => {
    const index = await (await fetch(`${app.url}/`, { headers: html })).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index)![1];
    const res = await fetch(`${app.url}${script}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${app.url}/assets/nope-123.js`)).status).toBe(404);
    expect((await fetch(`${app.url}/favicon.ico`)).status).toBe(404);
    expect((await fetch(`${app.url}/favicon.svg`)).status).toBe(200);
  });

  it('shows the bundled GraphiQL, not a landing page from a CDN, for a browser at /graphql', async () => {
    const res = await fetch(`${app.url}/graphql`, { headers: html });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('GraphiQL');
    expect(body).not.toMatch(/https?:\/\//);
    expect(body).not.toMatch(/apollographql|googleapis|embeddable-sandbox/);
  });

  it('keeps the API at /graphql (POST, and GET queries)', async () => {
    const post = await app.anonymous.gql(`{ __typename }`);
    expect(post.data).toEqual({ __typename: 'Query' });
    const get = await fetch(`${app.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
  });

  it('serves no GraphiQL in production', async () => {
    @Module({})
    class Empty {}
    const prod = await NestFactory.create<NestExpressApplication>(Empty, { logger: false });
    serveWeb(prod, loadConfig({ ...testEnv(), NODE_ENV: 'production' }));
    await prod.listen(0, '127.0.0.1');
    const url = (await prod.getUrl()).replace('[::1]', '127.0.0.1');
    try {
      const g = await fetch(`${url}/graphql`, { headers: html });
      expect(g.status).toBe(404);
      expect(await g.text()).not.toContain('GraphiQL');
      expect((await fetch(`${url}/graphiql.html`, { headers: html })).status).toBe(404);
      expect((await fetch(`${url}/cases`, { headers: html })).status).toBe(200);
    } finally {
      await prod.close();
    }
  });

  it('answers 503 while the pages are being built, then the new build without a restart (also in production)', async () => {
    @Module({})
    class Empty {}
    const dist = mkdtempSync(join(tmpdir(), 'web-dist-'));
    const prod = await NestFactory.create<NestExpressApplication>(Empty, { logger: false });
    serveWeb(prod, loadConfig({ ...testEnv(), NODE_ENV: 'production' }), dist);
    await prod.listen(0, '127.0.0.1');
    const url = (await prod.getUrl()).replace('[::1]', '127.0.0.1');
    const page = async () => {
      const r = await fetch(`${url}/inbox`, { headers: html });
      return { status: r.status, text: await r.text() };
    };
    try {
      expect((await page()).status).toBe(503);
      writeFileSync(join(dist, 'index.html'), '<!doctype html><p>first build</p>');
      utimesSync(join(dist, 'index.html'), new Date(2026, 0, 1), new Date(2026, 0, 1));
      expect(await page()).toEqual({ status: 200, text: '<!doctype html><p>first build</p>' });
      writeFileSync(join(dist, 'index.html'), '<!doctype html><p>second build</p>');
      expect(await page()).toEqual({ status: 200, text: '<!doctype html><p>second build</p>' });
    } finally {
      await prod.close();
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
