import type { ReactNode } from 'react';
import { Link, Route, Routes } from 'react-router-dom';
import { PublicHome } from '../public/PublicHome';
import { BlacklistPage } from '../public/BlacklistPage';
import { ProceduresPage } from '../public/ProceduresPage';
import { ResultsPage } from '../public/ResultsPage';
import { LoginPage } from './auth/LoginPage';
import { RegisterPage } from './auth/RegisterPage';
import { ClaimPage } from './claims/ClaimPage';
import { MyClaimsPage } from './claims/MyClaimsPage';
import { NewClaimPage } from './claims/NewClaimPage';
import { NoticePage } from './notice/NoticePage';
import { Page } from './app';

/**
 * The pages of worker.html: the workers' phone pages under /worker/* and the public 四公开 pages
 * under /public/*. One list, as in the console; append a page here (its code in
 * web/src/worker/<page>/ or web/src/public/<page>/).
 */
export interface WorkerRoute {
  path: string;
  element: ReactNode;
}

export const workerRoutes: WorkerRoute[] = [
  { path: '/worker', element: <NoticePage /> },
  { path: '/worker/register', element: <RegisterPage /> },
  { path: '/worker/login', element: <LoginPage /> },
  { path: '/worker/claims', element: <MyClaimsPage /> },
  { path: '/worker/claims/new', element: <NewClaimPage /> },
  { path: '/worker/claims/:id', element: <ClaimPage /> },
  { path: '/public', element: <PublicHome /> },
  { path: '/public/procedures', element: <ProceduresPage /> },
  { path: '/public/results', element: <ResultsPage /> },
  { path: '/public/blacklist', element: <BlacklistPage /> },
];

function NotFound() {
  return (
    <Page title="页面不存在">
      <p>
        没有这个页面。<Link to="/worker">回到首页</Link>
      </p>
    </Page>
  );
}

/** The routes of worker.html, for the browser's router (main.tsx) and the build's prerender (prerender.tsx). */
export function WorkerRoutes() {
  return (
    <Routes>
      {workerRoutes.map((r) => (
        <Route key={r.path} path={r.path} element={r.element} />
      ))}
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
