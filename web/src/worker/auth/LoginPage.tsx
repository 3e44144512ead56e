import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { isMainlandMobile, normalizePhone } from '../../shared/phone';
import { ErrorBox, Field, Page, plainError, useStore } from '../app';

export function LoginPage() {
  const store = useStore();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ phone?: string; password?: string }>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const p = normalizePhone(phone);
    const found = { phone: isMainlandMobile(p) ? undefined : '请填写注册时用的11位手机号', password: password ? undefined : '请填写密码' };
    setErrors(found);
    if (found.phone || found.password) return;
    setBusy(true);
    try {
      const s = await store.login(p, password);
      if (s.user.role !== 'WORKER') {
        await store.logout();
        setFailure('这里是劳动者使用的页面。工作人员请到工作台登录。');
        return;
      }
      navigate(params.get('next') ?? '/worker/claims');
    } catch (err) {
      setFailure(plainError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title="登录" back="/worker">
      <form className="card form" onSubmit={submit} noValidate>
        <Field name="phone" label="手机号" error={errors.phone}>
          {(id, d) => <input id={id} aria-describedby={d} type="tel" inputMode="numeric" autoComplete="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />}
        </Field>
        <Field name="password" label="密码" error={errors.password}>
          {(id, d) => <input id={id} aria-describedby={d} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        {failure && <ErrorBox text={failure} />}
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? '正在登录…' : '登录'}
        </button>
        <p>
          还没有注册？<Link to="/worker/register">去注册</Link>
        </p>
        <p className="muted">忘记密码或连续输错被锁定，请拨打 12333 咨询。</p>
      </form>
    </Page>
  );
}
