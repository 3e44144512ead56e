import { Spin } from 'antd';
import { Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AppProviders } from '../shared/AppProviders';
import { useSession } from '../shared/session-react';
import { LoginPage } from './login/LoginPage';
import { consoleRoutes, homePath, NotFound } from './routes';
import { Shell } from './shell/Shell';

export function ConsoleApp() {
  return (
    <AppProviders storageKey="labor-inspection.console.session">
      <BrowserRouter>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route element={<RequireSession />}>
            <Route index element={<Home />} />
            {consoleRoutes.map((r) => (
              <Route key={r.path} path={r.path} element={<RoleGate roles={r.roles}>{r.element}</RoleGate>} />
            ))}
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </AppProviders>
  );
}

/** Pages behind the login: the shell around them, or the login page (coming back afterwards). */
function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (!session) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <Shell />;
}

function Home() {
  const session = useSession()!;
  return <Navigate to={homePath(session.user.role)} replace />;
}

function RoleGate({ roles, children }: { roles: readonly string[]; children: React.ReactNode }) {
  const session = useSession()!;
  if (!roles.includes(session.user.role)) return <NotFound />;
  return <Suspense fallback={<Spin style={{ display: 'block', margin: '80px auto' }} />}>{children}</Suspense>;
}
