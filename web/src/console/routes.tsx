import { CalendarOutlined, DashboardOutlined, FileAddOutlined, InboxOutlined, ShopOutlined, TeamOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Button, Result } from 'antd';
import { lazy, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { Role, SessionUser } from '../shared/session';

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
  /** A further condition on the user beyond the role, e.g. the level of the user's unit. */
  allowed?: (user: SessionUser) => boolean;
}

/** Whether this user may open the page (and sees it in the menu). */
export function mayOpen(route: ConsoleRoute, user: SessionUser): boolean {
  return route.roles.includes(user.role) && (route.allowed?.(user) ?? true);
}

const atLevel =
  (...levels: string[]) =>
  (user: SessionUser) =>
    !!user.unit && levels.includes(user.unit.level);

const SQUAD: readonly Role[] = ['INSPECTOR', 'SQUAD_LEADER'];
const STAFF: readonly Role[] = ['GRID_ASSISTANT', 'INSPECTOR', 'SQUAD_LEADER', 'SUPERVISOR', 'ADMIN'];

const InboxPage = lazy(() => import('./inbox/InboxPage'));
const CasesPage = lazy(() => import('./cases/CasesPage'));
const DashboardPage = lazy(() => import('./dashboard/DashboardPage'));
const GridPage = lazy(() => import('./grid/GridPage'));
const UsersPage = lazy(() => import('./admin/UsersPage'));
const HolidayPage = lazy(() => import('./admin/HolidayPage'));
const CasePage = lazy(() => import('./case/CasePage'));
const OpenCasePage = lazy(() => import('./open-case/OpenCasePage'));

export const consoleRoutes: ConsoleRoute[] = [
  { path: '/inbox', element: <InboxPage />, roles: SQUAD, menu: { label: '待办', icon: <InboxOutlined /> }, homeFor: SQUAD },
  { path: '/cases', element: <CasesPage />, roles: STAFF, menu: { label: '案件查询', icon: <UnorderedListOutlined /> } },
  {
    path: '/cases/new',
    element: <OpenCasePage />,
    roles: ['INSPECTOR', 'SQUAD_LEADER', 'SUPERVISOR'],
    menu: { label: '立案登记', icon: <FileAddOutlined /> },
  },
  { path: '/cases/:id', element: <CasePage />, roles: STAFF },
  {
    path: '/dashboard',
    element: <DashboardPage />,
    // Bureaus at county level and above; a squad leader only at a county (大队).
    roles: ['SUPERVISOR', 'ADMIN', 'SQUAD_LEADER'],
    allowed: atLevel('COUNTY', 'CITY', 'PROVINCE'),
    menu: { label: '监管看板', icon: <DashboardOutlined /> },
    homeFor: ['SUPERVISOR'],
  },
  { path: '/grid', element: <GridPage />, roles: ['GRID_ASSISTANT'], menu: { label: '网格用人单位', icon: <ShopOutlined /> }, homeFor: ['GRID_ASSISTANT'] },
  { path: '/admin/users', element: <UsersPage />, roles: ['ADMIN'], menu: { label: '账户管理', icon: <TeamOutlined /> }, homeFor: ['ADMIN'] },
  {
    path: '/admin/holidays',
    element: <HolidayPage />,
    // The calendar is national; the server lets only a province ADMIN load it.
    roles: ['ADMIN'],
    allowed: atLevel('PROVINCE'),
    menu: { label: '节假日安排', icon: <CalendarOutlined /> },
  },
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
