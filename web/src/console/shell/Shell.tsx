import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useApolloClient } from '@apollo/client/react';
import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useSession, useSessionStore } from '../../shared/session-react';
import { roleLabel } from '../labels';
import { consoleRoutes, mayOpen } from '../routes';

/** The frame of every console page: the menu of what this role may do, who is logged in, logout. */
export function Shell() {
  const session = useSession()!;
  const store = useSessionStore();
  const client = useApolloClient();
  const navigate = useNavigate();
  const location = useLocation();
  const role = session.user.role;

  const items = useMemo(
    () =>
      consoleRoutes
        .filter((r) => r.menu && mayOpen(r, session.user))
        .map((r) => ({ key: r.path, icon: r.menu!.icon, label: r.menu!.label })),
    [session.user],
  );
  // The deepest menu entry that the current path lies under (e.g. /cases/123 → 案件查询).
  const selected = items
    .map((i) => i.key)
    .filter((k) => location.pathname === k || location.pathname.startsWith(`${k}/`))
    .sort((a, b) => b.length - a.length)
    .filter((k) => !(k === '/cases' && location.pathname === '/cases/new'))[0];

  const logout = async () => {
    await store.logout();
    await client.clearStore();
    navigate('/login', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={208} breakpoint="lg" collapsedWidth={0}>
        <div className="console-logo">劳动保障监察</div>
        <Menu theme="dark" mode="inline" selectedKeys={selected ? [selected] : []} items={items} onClick={(e) => navigate(e.key)} />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="console-header">
          <Typography.Text strong>{session.user.unit?.name ?? ''}</Typography.Text>
          <Space size="middle">
            <span data-testid="current-user" className="current-user">
              <UserOutlined /> {session.user.displayName}
            </span>
            <Tag color="blue">{roleLabel[role]}</Tag>
            <Button icon={<LogoutOutlined />} onClick={logout}>
              退出登录
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="console-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
