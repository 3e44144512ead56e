import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { WorkerProvider } from './app';
import { WorkerRoutes } from './routes';
import './worker.css';

/**
 * The workers' phone pages and the public pages: plain React and CSS (no component library, no
 * GraphQL client), so that the first load stays small on a weak mobile connection. At /worker the
 * page arrives prerendered (prerender.tsx), readable and with working links before this script
 * has loaded; the first render here replaces that markup with the same page.
 */
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <WorkerProvider>
      <BrowserRouter>
        <WorkerRoutes />
      </BrowserRouter>
    </WorkerProvider>
  </StrictMode>,
);
