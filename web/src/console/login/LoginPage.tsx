import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { displayMessage, errorInfo } from '../../shared/errors';
import { useSession, useSessionStore } from '../../shared/session-react';
import { homePath } from '../routes';

interface LoginForm {
  username: string;
  password: string;
}

/** Username and password; the server's answer (wrong password, locked account) shown as it is. */
export function LoginPage() {
  const store = useSessionStore();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from;

  if (session && !busy) return <Navigate to={from ?? homePath(session.user.role)} replace />;

  const submit = async (v: LoginForm) => {
    setBusy(true);
    setError(null);
    try {
      const s = await store.login(v.username.trim(), v.password);
      if (s.user.role === 'WORKER') {
        await store.logout();
        setError('劳动者请使用手机端“欠薪求助”页面登录');
        return;
      }
      navigate(from && from !== '/login' ? from : homePath(s.user.role), { replace: true });
    } catch (err) {
      setError(displayMessage(errorInfo(err).message));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <Card className="login-card" variant="borderless">
        <Typography.Title level={3} style={{ textAlign: 'center', marginBottom: 4 }}>
          劳动保障监察
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          欠薪案件办理与网格化监管平台
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form<LoginForm> layout="vertical" onFinish={submit} requiredMark={false} size="large">
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus placeholder="用户名" />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" placeholder="密码" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
