import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * One Vite project, three pages: the console (index.html, served at `/`), the workers' phone and
 * public pages (worker.html, served at `/worker/*` and `/public/*`), and GraphiQL for development
 * (graphiql.html, served at GET /graphql outside production). Every asset is built into dist/ and
 * served by the server itself: nothing loads from another origin.
 */
export default defineConfig({
  root: __dirname,
  base: '/',
  plugins: [react()],
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
