import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createServer, defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const DIST = resolve(__dirname, 'dist');

/**
 * After the build: web/dist/worker-notice.html, the worker page with the notice (/worker, a
 * visitor's first page) already rendered into it and its stylesheet inlined, so that a phone on a
 * slow connection shows it, links working, from the HTML alone (one round trip instead of four,
 * 1 KB of CSS instead of 75 KB of scripts). The scripts load as before and take over.
 */
function prerenderWorkerNotice(): Plugin {
  return {
    name: 'prerender-worker-notice',
    apply: 'build',
    async closeBundle() {
      const page = readFileSync(resolve(DIST, 'worker.html'), 'utf8');
      // A module loader only: no HTTP, no client dependency scan (it would crawl GraphiQL's workers).
      const server = await createServer({
        configFile: false,
        root: __dirname,
        logLevel: 'error',
        appType: 'custom',
        server: { middlewareMode: true, hmr: false, ws: false },
        optimizeDeps: { noDiscovery: true, include: [] },
      });
      try {
        const { prerender } = (await server.ssrLoadModule('/src/worker/prerender.tsx')) as { prerender: (path: string) => string };
        const markup = prerender('/worker');
        if (!page.includes('<div id="root"></div>')) throw new Error('worker.html has no empty #root to prerender into');
        const html = page
          .replace('<div id="root"></div>', () => `<div id="root">${markup}</div>`)
          .replace(/<link rel="stylesheet"[^>]*href="(\/assets\/[^"]+\.css)"[^>]*>/, (_, href: string) => `<style>${readFileSync(resolve(DIST, href.slice(1)), 'utf8').trim()}</style>`);
        writeFileSync(resolve(DIST, 'worker-notice.html'), html);
      } finally {
        await server.close();
      }
    },
  };
}

/**
 * One Vite project, three pages: the console (index.html, served at `/`), the workers' phone and
 * public pages (worker.html, served at `/worker/*` and `/public/*`; worker-notice.html, the same
 * with the notice prerendered, at `/worker`), and GraphiQL for development
 * (graphiql.html, served at GET /graphql outside production). Every asset is built into dist/ and
 * served by the server itself: nothing loads from another origin.
 */
export default defineConfig({
  root: __dirname,
  base: '/',
  plugins: [react(), prerenderWorkerNotice()],
  // GraphiQL's editor runs its language service in module workers.
  worker: { format: 'es' },
  build: {
    outDir: resolve(__dirname, 'dist'),
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      onwarn(warning, warn) {
        // GraphiQL's packages carry React-compiler directives ("use no memo") that bundling drops.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      input: {
        index: resolve(__dirname, 'index.html'),
        worker: resolve(__dirname, 'worker.html'),
        graphiql: resolve(__dirname, 'graphiql.html'),
      },
    },
  },
  server: {
    proxy: { '/graphql': { target: process.env.API_URL ?? 'http://localhost:3000', ws: true } },
  },
});
