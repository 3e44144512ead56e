import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../config/app-config';

/** The repository root, from src/web (ts-node) or dist/src/web (compiled). */
export const PROJECT_ROOT = [resolve(__dirname, '../..'), resolve(__dirname, '../../..')].find((d) =>
  existsSync(join(d, 'package.json')),
)!;

/** Where `npm run web:build` puts the console, the worker pages and GraphiQL. */
export const WEB_DIST = join(PROJECT_ROOT, 'web', 'dist');

const NO_CACHE = 'no-cache';
/** Vite names every file under assets/ by its content hash: it never changes under that name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

function acceptsGzip(req: Request): boolean {
  return /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
}

/**
 * The page for a client route: the worker/public pages have their own small bundle; a worker's
 * first page (/worker, the notice) comes prerendered into it (worker-notice.html, see
 * web/vite.config.ts), readable before its scripts arrive.
 */
export function pageFor(path: string): 'worker-notice.html' | 'worker.html' | 'index.html' {
  if (/^\/worker\/?$/.test(path)) return 'worker-notice.html';
  return /^\/(worker|public)(\/|$)/.test(path) ? 'worker.html' : 'index.html';
}

/**
 * Serves the built web pages from the server's own origin: hashed assets cached for good, HTML
 * always revalidated; client routes fall back to their page (history routing); GET /graphql from
 * a browser shows the bundled GraphiQL outside production. The API itself stays at /graphql.
 */
export function serveWeb(app: NestExpressApplication, config: AppConfig, dist = WEB_DIST): void {
  const pages = new Map<string, { mtimeMs: number; plain: Buffer; gzip: Buffer }>();
  const page = (name: string): { plain: Buffer; gzip: Buffer } | null => {
    // Read again only when the file changed, so that a rebuild (npm start builds in the
    // background) shows without a restart and never serves a page whose scripts are gone.
    const file = join(dist, name);
    if (!existsSync(file)) return null;
    const { mtimeMs } = statSync(file);
    const cached = pages.get(name);
    if (cached?.mtimeMs === mtimeMs) return cached;
    const plain = readFileSync(file);
    const body = { mtimeMs, plain, gzip: gzipSync(plain, { level: 9 }) };
    pages.set(name, body);
    return body;
  };
  const sendPage = (req: Request, res: Response, name: string) => {
    // A build without the prerendered notice still has the page it was made from.
    const body = page(name) ?? (name === 'worker-notice.html' ? page('worker.html') : null);
    if (!body) {
      res.status(503).type('text/plain; charset=utf-8').send('控制台尚未构建：npm start 正在后台构建时请稍候刷新，否则请运行 npm run web:build (the web pages are not built yet)');
      return;
    }
    // The prerendered notice is 9 KB of HTML, 3 KB gzipped: a third of a second on slow 3G.
    const zipped = acceptsGzip(req);
    res.status(200).set({ 'content-type': 'text/html; charset=utf-8', 'cache-control': NO_CACHE, vary: 'Accept-Encoding', 'x-content-type-options': 'nosniff' });
    if (zipped) res.set('content-encoding', 'gzip');
    res.end(req.method === 'HEAD' ? undefined : zipped ? body.gzip : body.plain);
  };
  const wantsHtml = (req: Request) => (req.headers.accept ?? '').includes('text/html');

  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const path = req.path;
    if (path === '/graphql') {
      // A browser opening the API: GraphiQL in development, nothing else (no landing page).
      if (!config.isProduction && wantsHtml(req) && !req.query.query) return sendPage(req, res, 'graphiql.html');
      return next();
    }
    if (path === '/graphiql.html' && config.isProduction) return res.status(404).end();
    if (['/index.html', '/worker.html', '/worker-notice.html', '/graphiql.html'].includes(path)) return sendPage(req, res, path.slice(1));
    return next();
  });
  // Hashed scripts and styles gzipped once and kept in memory: a phone on a weak connection
  // downloads a third of the bytes (the worker pages' 230 KB of JavaScript is 75 KB gzipped).
  const gzipped = new Map<string, Buffer>();
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !/^\/assets\/[\w.-]+\.(js|css|svg)$/.test(req.path)) return next();
    if (!acceptsGzip(req)) return next();
    const file = join(dist, req.path);
    let body = gzipped.get(file);
    if (!body) {
      if (!existsSync(file)) return next();
      body = gzipSync(readFileSync(file), { level: 9 });
      gzipped.set(file, body);
    }
    const type = req.path.endsWith('.js') ? 'text/javascript; charset=utf-8' : req.path.endsWith('.css') ? 'text/css; charset=utf-8' : 'image/svg+xml';
    res.status(200).set({ 'content-type': type, 'content-encoding': 'gzip', vary: 'Accept-Encoding', 'cache-control': IMMUTABLE, 'x-content-type-options': 'nosniff' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  app.useStaticAssets(dist, {
    index: false,
    redirect: false,
    setHeaders: (res, file) => {
      res.setHeader('cache-control', file.includes(`${join(dist, 'assets')}`) ? IMMUTABLE : NO_CACHE);
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const path = req.path;
    if (path.startsWith('/graphql') || path.startsWith('/health')) return next();
    // History fallback for a browser's navigation only (it asks for text/html); a missing file
    // (it has an extension) and any other request go on to the JSON 404 of the HTTP edge.
    if (/\.[a-z0-9]+$/i.test(path) || !wantsHtml(req)) return next();
    return sendPage(req, res, pageFor(path));
  });
}
