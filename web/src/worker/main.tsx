import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Link, Route, Routes } from 'react-router-dom';
import { Page, WorkerProvider } from './app';
import { workerRoutes } from './routes';
import './worker.css';

/**
 * The workers' phone pages and the public pages: plain React and CSS (no component library, no
 * GraphQL client), so that the first load stays small on a weak mobile connection.
 */
function NotFound() {
  return (
    <Page title="页面不存在">
      <p>
        没有这个页面。<Link to="/worker">回到首页</Link>
      </p>
    </Page>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <WorkerProvider>
      <BrowserRouter>
        <Routes>
          {workerRoutes.map((r) => (
            <Route key={r.path} path={r.path} element={r.element} />
          ))}
          <Route path="*" element={<NotFound />} />
        </Routes>
      </BrowserRouter>
    </WorkerProvider>
  </StrictMode>,
);
