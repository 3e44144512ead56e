import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { idCardProblem, normalizeIdCard } from '../../shared/id-card';
import { PASSWORD_RULE, passwordProblem } from '../../shared/password-policy';
import { isMainlandMobile, normalizePhone } from '../../shared/phone';
import { ApiError } from '../../shared/session';
import { ErrorBox, Field, Page, plainError, useStore } from '../app';

type Name = 'phone' | 'password' | 'realName' | 'idCardNumber';
type Errors = Partial<Record<Name, string>>;

/** The server's field errors in plain words, by field (its messages are for programmers). */
const SERVER_WORDS: Record<Name, string> = {
  phone: '手机号不对：请填11位手机号，以1开头',
  password: PASSWORD_RULE,
  realName: '请填写真实姓名（2到30个字）',
  idCardNumber: '身份证号码无效，请逐位核对',
};

export function check(v: Record<Name, string>): Errors {
  const e: Errors = {};
  if (!isMainlandMobile(normalizePhone(v.phone))) e.phone = v.phone.trim() ? '手机号不对：请填11位手机号，以1开头' : '请填写手机号';
  const pw = passwordProblem(v.password);
  if (pw) e.password = pw;
  const name = v.realName.trim();
  if ([...name].length < 2 || [...name].length > 30) e.realName = '请填写真实姓名（2到30个字）';
  const id = idCardProblem(v.idCardNumber);
  if (id) e.idCardNumber = id;
  return e;
}

/** Where a server error belongs: BAD_USER_INPUT names the field; CONFLICT says which one is taken. */
export function serverErrors(err: unknown): Errors | null {
  if (!(err instanceof ApiError)) return null;
  if (err.code === 'BAD_USER_INPUT' && err.fields.length) {
    const e: Errors = {};
    for (const f of err.fields) if (f in SERVER_WORDS) e[f as Name] = /[\u4e00-\u9fff]/.test(err.message) ? plainError(err) : SERVER_WORDS[f as Name];
    return Object.keys(e).length ? e : null;
  }
  if (err.code === 'CONFLICT' && err.message.includes('手机号')) return { phone: '这个手机号已经注册过了，请直接登录' };
  if (err.code === 'CONFLICT' && err.message.includes('身份证')) return { idCardNumber: '这个身份证号已经注册过了，请用当时的手机号登录' };
  return null;
}

export function RegisterPage() {
  const store = useStore();
  const navigate = useNavigate();
  const [v, setV] = useState<Record<Name, string>>({ phone: '', password: '', realName: '', idCardNumber: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: Name) => (e: { target: { value: string } }) => {
    setV({ ...v, [k]: e.target.value });
    if (errors[k]) setErrors({ ...errors, [k]: undefined });
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const found = check(v);
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await store.registerWorker({ phone: normalizePhone(v.phone), password: v.password, realName: v.realName.trim(), idCardNumber: normalizeIdCard(v.idCardNumber) });
      navigate('/worker/claims/new');
    } catch (err) {
      const fields = serverErrors(err);
      if (fields) setErrors(fields);
      else setFailure(plainError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title="注册" back="/worker">
      <form className="card form" onSubmit={submit} noValidate>
        <p className="muted">用手机号注册，以后用手机号和密码登录。身份证号只用于核实身份，加密保存，不会公开。</p>
        <Field name="phone" label="手机号" hint="11位手机号，登录时用" error={errors.phone}>
          {(id, d) => <input id={id} aria-describedby={d} type="tel" inputMode="numeric" autoComplete="tel" maxLength={16} value={v.phone} onChange={set('phone')} />}
        </Field>
        <Field name="realName" label="真实姓名" hint="和身份证上一致" error={errors.realName}>
          {(id, d) => <input id={id} aria-describedby={d} autoComplete="name" maxLength={30} value={v.realName} onChange={set('realName')} />}
        </Field>
        <Field name="idCardNumber" label="身份证号码" hint="18位，最后一位可能是X" error={errors.idCardNumber}>
          {(id, d) => <input id={id} aria-describedby={d} inputMode="text" autoCapitalize="characters" maxLength={18} value={v.idCardNumber} onChange={set('idCardNumber')} />}
        </Field>
        <Field name="password" label="设置密码" hint={`密码要${PASSWORD_RULE}`} error={errors.password}>
          {(id, d) => <input id={id} aria-describedby={d} type="password" autoComplete="new-password" value={v.password} onChange={set('password')} />}
        </Field>
        {failure && <ErrorBox text={failure} />}
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? '正在注册…' : '注册并登录'}
        </button>
        <p>
          已经注册过？<Link to="/worker/login">去登录</Link>
        </p>
      </form>
    </Page>
  );
}
