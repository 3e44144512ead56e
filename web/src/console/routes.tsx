import { InboxOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Button, Result } from 'antd';
import { lazy, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { Role } from '../shared/session';

/**
 * The console's pages, one list: the router and the side menu are both made from it. A page is
 * loaded when first visited (React.lazy), so the first screen carries only its own code.
 * To add a screen, append an entry here (its code in web/src/console/<screen>/).
 */
export interface ConsoleRoute {
  path: string;
  element: ReactNode;
  /** Who may open it; the menu shows it to these roles only. */
  roles: readonly Role[];
  /** Menu entry; pages without one (e.g. a case's own page) are reached by links. */
  menu?: { label: string; icon: ReactNode; group?: string };
  /** The first page after login for these roles. */
  homeFor?: readonly Role[];
}

const SQUAD: readonly Role[] = ['INSPECTOR', 'SQUAD_LEADER'];
const STAFF: readonly Role[] = ['GRID_ASSISTANT', 'INSPECTOR', 'SQUAD_LEADER', 'SUPERVISOR', 'ADMIN'];

const InboxPage = lazy(() => import('./inbox/InboxPage'));
const CasesPage = lazy(() => import('./cases/CasesPage'));

export const consoleRoutes: ConsoleRoute[] = [
  { path: '/inbox', element: <InboxPage />, roles: SQUAD, menu: { label: '待办', icon: <InboxOutlined /> }, homeFor: SQUAD },
  { path: '/cases', element: <CasesPage />, roles: STAFF, menu: { label: '案件查询', icon: <UnorderedListOutlined /> } },
];

/** Where a role lands after login: its home page, else the first page of its menu. */
export function homePath(role: Role): string {
  const home = consoleRoutes.find((r) => r.homeFor?.includes(role)) ?? consoleRoutes.find((r) => r.menu && r.roles.includes(role));
  return home?.path ?? '/cases';
}

export function NotFound() {
  return (
    <Result
      status="404"
      title="页面不存在"
      subTitle="您访问的页面不存在，或您的账户无权查看。"
      extra={
        <Link to="/">
          <Button type="primary">返回首页</Button>
        </Link>
      }
    />
  );
}
