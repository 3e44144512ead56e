import { Button, Result } from 'antd';
import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AppProviders } from '../shared/AppProviders';
import { workerRoutes } from './routes';

function NotFound() {
  return <Result status="404" title="页面不存在" extra={<Button href="/">返回首页</Button>} />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProviders storageKey="labor-inspection.worker.session">
      <BrowserRouter>
        <Suspense fallback={null}>
          <Routes>
            {workerRoutes.map((r) => (
              <Route key={r.path} path={r.path} element={r.element} />
            ))}
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Suspense>
      </BrowserRouter>
    </AppProviders>
  </StrictMode>,
);
