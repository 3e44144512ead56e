import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { StaticRouter } from 'react-router-dom';
import { WorkerProvider } from './app';
import { WorkerRoutes } from './routes';

/**
 * A worker page as HTML, for a visitor without a session, rendered by the build (the
 * `prerender-worker-notice` step of vite.config.ts) into web/dist/worker-notice.html, which the
 * server sends for /worker: on a slow connection the notice and its links show as soon as the
 * HTML has arrived, before the scripts. The periods are the page's defaults until the script
 * reads claimBounds; the render is the browser's own (main.tsx), so nothing here may differ.
 */
export function prerender(path: string): string {
  return renderToString(
    <StrictMode>
      <WorkerProvider>
        <StaticRouter location={path}>
          <WorkerRoutes />
        </StaticRouter>
      </WorkerProvider>
    </StrictMode>,
  );
}
