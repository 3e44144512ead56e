import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import type { WorkerClaimBoundsQuery, WorkerSubmitClaimMutation } from '../../gql/graphql';
import { ApiError } from '../../shared/session';
import { CLAIM_BOUNDS, SUBMIT_CLAIM } from '../documents';
import { ErrorBox, Field, Loading, Page, plainError, useQuery, useStore, useWorkerSession } from '../app';
import { today } from '../format';
import { UnitPicker, type PickedUnit } from './UnitPicker';

type Bounds = WorkerClaimBoundsQuery['claimBounds'];
type Name = 'employerName' | 'employerCreditCode' | 'projectName' | 'workplaceUnitCode' | 'periodFrom' | 'periodTo' | 'amountOwed' | 'workersAffected' | 'description';
type Errors = Partial<Record<Name, string>>;
interface Values {
  employerName: string;
  employerCreditCode: string;
  projectName: string;
  workplace: PickedUnit | null;
  periodFrom: string;
  periodTo: string;
  amountOwed: string;
  workersAffected: string;
  description: string;
}
/**
 * The form as the worker left it, with the idempotency key made when it opened. Kept in
 * localStorage until the server confirms the claim, so that a retry after a timeout, a double tap
 * or a reload sends the same key: the server answers with the claim it made and makes no second.
 * `sent` marks that a request went out without an answer; the form is then locked to what was
 * sent, since that may already be a claim.
 */
interface Draft {
  key: string;
  values: Values;
  sent: boolean;
}

const DRAFT_KEY = 'labor-inspection.worker.claim-draft';
const TIMEOUT_MS = 20_000;
const EMPTY: Values = { employerName: '', employerCreditCode: '', projectName: '', workplace: null, periodFrom: '', periodTo: '', amountOwed: '', workersAffected: '1', description: '' };

function newKey(): string {
  const c = globalThis.crypto;
  return typeof c?.randomUUID === 'function' ? c.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

function loadDraft(): Draft {
  try {
    const d = JSON.parse(localStorage.getItem(DRAFT_KEY) ?? 'null') as Draft | null;
    if (d?.key && d.values) return d;
  } catch {
    // a damaged draft starts afresh
  }
  const d = { key: newKey(), values: EMPTY, sent: false };
  localStorage.setItem(DRAFT_KEY, JSON.stringify(d));
  return d;
}

function yearsBefore(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y - years}-${String(m).padStart(2, '0')}-${String(m === 2 && d === 29 ? 28 : d).padStart(2, '0')}`;
}

/** Every bound submitWageClaim checks, with the same limits (from claimBounds). */
export function checkClaim(v: Values, b: Bounds, todayDay: string): Errors {
  const e: Errors = {};
  const name = v.employerName.trim();
  if (name.length < b.employerNameMin || name.length > b.employerNameMax) e.employerName = `请填写用人单位名称（${b.employerNameMin}到${b.employerNameMax}个字）`;
  const code = v.employerCreditCode.trim();
  if (code && !/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/i.test(code)) e.employerCreditCode = '统一社会信用代码是18位数字和字母；不知道可以不填';
  if (v.projectName.trim().length > b.projectNameMax) e.projectName = `项目名称最多${b.projectNameMax}个字`;
  if (!v.workplace) e.workplaceUnitCode = '请选择干活的地方（乡镇或村）';
  if (!v.periodFrom) e.periodFrom = '请选择开始日期';
  if (!v.periodTo) e.periodTo = '请选择结束日期';
  if (v.periodFrom && v.periodTo && v.periodFrom > v.periodTo) e.periodFrom = '开始日期不能晚于结束日期';
  if (v.periodTo && v.periodTo > todayDay) e.periodTo = '结束日期不能晚于今天';
  else if (v.periodTo && v.periodTo < yearsBefore(todayDay, b.timeBarYears)) {
    e.periodTo = `欠薪结束已超过${b.timeBarYears}年，劳动保障监察不再查处。您可以申请劳动仲裁或向法院起诉。`;
  }
  const amount = v.amountOwed.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(amount) || Number(amount) <= 0) e.amountOwed = '请填写欠薪金额（元），最多两位小数';
  else if (Number(amount) > b.amountMaxYuan) e.amountOwed = `金额不能超过${b.amountMaxYuan / 100_000_000}亿元`;
  const n = Number(v.workersAffected);
  if (!Number.isInteger(n) || n < b.workersMin || n > b.workersMax) e.workersAffected = `人数要在${b.workersMin}到${b.workersMax}人之间`;
  const len = [...v.description.trim()].length;
  if (len < b.descriptionMin || len > b.descriptionMax) e.description = `请用${b.descriptionMin}到${b.descriptionMax}个字说明情况（现在${len}个字）`;
  return e;
}

export function NewClaimPage() {
  const session = useWorkerSession();
  const store = useStore();
  const navigate = useNavigate();
  const bounds = useQuery<WorkerClaimBoundsQuery>(CLAIM_BOUNDS, {}, []);
  const [draft, setDraft] = useState<Draft>(loadDraft);
  const [errors, setErrors] = useState<Errors>({});
  const [phase, setPhase] = useState<'idle' | 'sending' | 'unknown' | 'failed'>(draft.sent ? 'unknown' : 'idle');
  const [failure, setFailure] = useState<string | null>(null);
  const inFlight = useRef(false);
  const v = draft.values;

  const save = (d: Draft) => {
    localStorage.setItem(DRAFT_KEY, JSON.stringify(d));
    setDraft(d);
  };
  const set = <K extends keyof Values>(k: K, value: Values[K], field: Name = k as Name) => {
    save({ ...draft, values: { ...v, [k]: value } });
    if (errors[field]) setErrors({ ...errors, [field]: undefined });
  };
  useEffect(() => {
    if (draft.sent) setPhase('unknown');
  }, [draft.sent]);

  if (!session) return <Navigate to="/worker/login?next=/worker/claims/new" replace />;
  const b = bounds.data?.claimBounds;

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!b || inFlight.current) return;
    setFailure(null);
    const found = checkClaim(v, b, today());
    setErrors(found);
    if (Object.keys(found).length) {
      document.querySelector('.field-invalid')?.scrollIntoView({ block: 'center' });
      return;
    }
    inFlight.current = true;
    const sending = { ...draft, sent: true };
    save(sending);
    setPhase('sending');
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
    try {
      const input = {
        employerName: v.employerName.trim(),
        employerCreditCode: v.employerCreditCode.trim().toUpperCase() || null,
        projectName: v.projectName.trim() || null,
        workplaceUnitCode: v.workplace!.code,
        periodFrom: v.periodFrom,
        periodTo: v.periodTo,
        amountOwed: v.amountOwed.trim(),
        workersAffected: Number(v.workersAffected),
        description: v.description.trim(),
        idempotencyKey: draft.key,
      };
      const r = await store.request<WorkerSubmitClaimMutation>(SUBMIT_CLAIM, { input }, abort.signal);
      localStorage.removeItem(DRAFT_KEY);
      navigate(`/worker/claims/${r.submitWageClaim.id}?new=1`, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'BAD_USER_INPUT') {
        // Refused: nothing was made, the form may be changed and sent again with the same key.
        const next: Errors = {};
        for (const f of err.fields) next[f as Name] = plainError(err);
        setErrors(next);
        save({ ...sending, sent: false });
        setPhase('failed');
      } else if (err instanceof ApiError && err.code === 'CONFLICT') {
        // The key went with other contents: that claim exists; show the worker their claims.
        localStorage.removeItem(DRAFT_KEY);
        navigate('/worker/claims', { replace: true });
      } else if (err instanceof ApiError && (err.code === 'NETWORK' || err.code === 'INTERNAL_SERVER_ERROR')) {
        setPhase('unknown');
      } else {
        setFailure(plainError(err));
        save({ ...sending, sent: false });
        setPhase('failed');
      }
    } finally {
      clearTimeout(timer);
      inFlight.current = false;
    }
  };

  const startOver = () => {
    localStorage.removeItem(DRAFT_KEY);
    save({ key: newKey(), values: EMPTY, sent: false });
    setErrors({});
    setPhase('idle');
  };
  const locked = phase === 'sending' || phase === 'unknown';

  return (
    <Page title="反映欠薪" back="/worker/claims">
      {bounds.error && !b && <ErrorBox text={bounds.error} onRetry={bounds.reload} />}
      {!b && !bounds.error && <Loading />}
      {b && (
        <form className="card form" onSubmit={submit} noValidate aria-busy={phase === 'sending'}>
          <p className="muted">
            提交后{b.answerWorkingDays}个工作日内答复。带 * 的必须填写。
          </p>
          <Field name="employerName" label="用人单位名称 *" hint={`公司、老板或包工头所在单位的名称，${b.employerNameMin}到${b.employerNameMax}个字`} error={errors.employerName}>
            {(id, d) => <input id={id} aria-describedby={d} disabled={locked} value={v.employerName} onChange={(e) => set('employerName', e.target.value)} />}
          </Field>
          <Field name="employerCreditCode" label="统一社会信用代码" hint="营业执照上的18位代码；不知道可以不填" error={errors.employerCreditCode}>
            {(id, d) => <input id={id} aria-describedby={d} disabled={locked} autoCapitalize="characters" maxLength={18} value={v.employerCreditCode} onChange={(e) => set('employerCreditCode', e.target.value)} />}
          </Field>
          <Field name="projectName" label="项目名称" hint={`如“某某小区3号楼”，最多${b.projectNameMax}个字；没有可以不填`} error={errors.projectName}>
            {(id, d) => <input id={id} aria-describedby={d} disabled={locked} value={v.projectName} onChange={(e) => set('projectName', e.target.value)} />}
          </Field>
          <Field name="workplaceUnitCode" label="干活的地方 *" hint="选到村（社区）；不知道在哪个村，选到乡镇（街道）也可以。线索会交给这个乡镇（街道）办理。" error={errors.workplaceUnitCode}>
            {(id, d) => <UnitPicker id={id} describedBy={d} disabled={locked} value={v.workplace} onChange={(u) => set('workplace', u, 'workplaceUnitCode')} />}
          </Field>
          <div className="two">
            <Field name="periodFrom" label="欠薪开始 *" error={errors.periodFrom}>
              {(id, d) => <input id={id} aria-describedby={d} disabled={locked} type="date" max={today()} value={v.periodFrom} onChange={(e) => set('periodFrom', e.target.value)} />}
            </Field>
            <Field name="periodTo" label="欠薪结束 *" error={errors.periodTo}>
              {(id, d) => <input id={id} aria-describedby={d} disabled={locked} type="date" max={today()} value={v.periodTo} onChange={(e) => set('periodTo', e.target.value)} />}
            </Field>
          </div>
          <p className="field-hint">结束日期不能晚于今天；欠薪结束超过{b.timeBarYears}年的不再查处。</p>
          <Field name="amountOwed" label="欠薪金额（元） *" hint={`一共被拖欠多少钱，最多两位小数，不超过${b.amountMaxYuan / 100_000_000}亿元`} error={errors.amountOwed}>
            {(id, d) => <input id={id} aria-describedby={d} disabled={locked} inputMode="decimal" value={v.amountOwed} onChange={(e) => set('amountOwed', e.target.value)} />}
          </Field>
          <Field name="workersAffected" label="被拖欠的人数 *" hint={`包括您自己，${b.workersMin}到${b.workersMax}人`} error={errors.workersAffected}>
            {(id, d) => <input id={id} aria-describedby={d} disabled={locked} inputMode="numeric" value={v.workersAffected} onChange={(e) => set('workersAffected', e.target.value)} />}
          </Field>
          <Field name="description" label="情况说明 *" hint={`谁欠的、欠了多久、讨要过没有，${b.descriptionMin}到${b.descriptionMax}个字`} error={errors.description}>
            {(id, d) => <textarea id={id} aria-describedby={d} disabled={locked} rows={5} value={v.description} onChange={(e) => set('description', e.target.value)} />}
          </Field>
          {phase === 'unknown' && (
            <div className="warn-box" role="alert">
              <p>上次提交没有收到回复（可能是网络断了）。请点“重新提交”：如果上次已经提交成功，会直接显示那条线索，不会重复提交。</p>
            </div>
          )}
          {failure && <ErrorBox text={failure} />}
          {phase === 'failed' && Object.keys(errors).length > 0 && <ErrorBox text="有几处需要改一下，请看标红的地方。" />}
          <button className="btn btn-primary" type="submit" disabled={phase === 'sending'}>
            {phase === 'sending' ? '正在提交，请稍等…' : phase === 'unknown' ? '重新提交' : '提交'}
          </button>
          {phase === 'unknown' && (
            <button type="button" className="btn btn-secondary" onClick={() => navigate('/worker/claims')}>
              先看看我的线索
            </button>
          )}
          {phase !== 'sending' && phase !== 'unknown' && (
            <button type="button" className="btn-link" onClick={startOver}>
              清空重填
            </button>
          )}
        </form>
      )}
    </Page>
  );
}

