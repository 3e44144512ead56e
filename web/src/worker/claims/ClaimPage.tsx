import { useState } from 'react';
import { Navigate, useParams, useSearchParams } from 'react-router-dom';
import type { WorkerClaimQuery } from '../../gql/graphql';
import { CLAIM, WITHDRAW } from '../documents';
import { ErrorBox, Loading, Page, plainError, useQuery, useStore, useWorkerSession } from '../app';
import { day, dayTime, yuan } from '../format';
import { CASE_STATUS, CLAIM_STATUS } from './words';

/** One claim: where it stands, who handles it (亮明身份) and where to complain, and its timeline. */
export function ClaimPage() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const session = useWorkerSession();
  const store = useStore();
  const { data, error, loading, reload } = useQuery<WorkerClaimQuery>(CLAIM, { id }, [id, session?.user.id], { refreshOnReturn: true, skip: !session });
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  if (!session) return <Navigate to={`/worker/login?next=/worker/claims/${id}`} replace />;
  const c = data?.wageClaim;

  const withdraw = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await store.request(WITHDRAW, { id });
      setConfirming(false);
      reload();
    } catch (err) {
      setFailure(plainError(err));
      reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title="线索详情" back="/worker/claims">
      {error && <ErrorBox text={error} onRetry={reload} />}
      {loading && !data && <Loading />}
      {data && !c && <ErrorBox text="没有找到这条线索。" />}
      {c && (
        <>
          {params.get('new') && (
            <div className="ok-box" role="status">
              提交成功！编号 {c.number}。{c.routedUnit.name}会在 {day(c.responseDueAt)} 前答复您。
            </div>
          )}
          <section className="card">
            <p>
              <span className={`status status-${c.status}`} data-testid="claim-status">
                {CLAIM_STATUS[c.status]}
              </span>
            </p>
            <dl className="facts">
              <dt>编号</dt>
              <dd>{c.number}</dd>
              <dt>用人单位</dt>
              <dd>{c.employerName}</dd>
              <dt>欠薪金额</dt>
              <dd>
                {yuan(c.amountOwed)}（{c.workersAffected}人）
              </dd>
              <dt>欠薪期间</dt>
              <dd>
                {day(c.periodFrom)} 至 {day(c.periodTo)}
              </dd>
              <dt>干活地点</dt>
              <dd>{[...c.workplaceUnit.ancestors.map((a) => a.name), c.workplaceUnit.name].join(' ')}</dd>
              {c.status === 'SUBMITTED' && (
                <>
                  <dt>答复期限</dt>
                  <dd data-testid="due-date" className={c.overdue ? 'late' : ''}>
                    {day(c.responseDueAt)} 前{c.overdue ? '（已超期，可拨打监督电话）' : ''}
                  </dd>
                </>
              )}
              {c.caseNumber && (
                <>
                  <dt>案件</dt>
                  <dd>
                    {c.caseNumber}
                    {c.caseStatus ? `（${CASE_STATUS[c.caseStatus]}）` : ''}
                  </dd>
                </>
              )}
              {c.rejectReason && (
                <>
                  <dt>不予受理的理由</dt>
                  <dd>{c.rejectReason}</dd>
                </>
              )}
            </dl>
          </section>

          <section className="card" data-testid="handler">
            <h2>谁在办理（亮明身份）</h2>
            <dl className="facts">
              <dt>办理单位</dt>
              <dd>{c.handler.unit.name}劳动保障监察机构</dd>
              <dt>责任人</dt>
              <dd>{c.handler.officerName ? `${c.handler.officerName}（${c.handler.officerTitle}）` : '受理后显示'}</dd>
              <dt>监督电话</dt>
              <dd>
                {c.handler.supervisionPhone ? (
                  <a className="phone" href={`tel:${c.handler.supervisionPhone}`}>
                    {c.handler.supervisionPhone}
                  </a>
                ) : (
                  <a className="phone" href="tel:12333">
                    12333
                  </a>
                )}
              </dd>
            </dl>
            <p className="muted">办理慢、不办理或态度不好，可以拨打监督电话反映。</p>
          </section>

          <section className="card">
            <h2>办理经过</h2>
            <ol className="timeline" data-testid="timeline">
              {c.updates.map((u, i) => (
                <li key={i}>
                  <time>{dayTime(u.at)}</time>
                  <p>{u.message}</p>
                </li>
              ))}
            </ol>
          </section>

          {c.status === 'SUBMITTED' && (
            <section className="card">
              {failure && <ErrorBox text={failure} />}
              {!confirming ? (
                <button type="button" className="btn btn-secondary" onClick={() => setConfirming(true)}>
                  撤回这条线索
                </button>
              ) : (
                <>
                  <p>撤回后这条线索不再办理。确定撤回吗？</p>
                  <button type="button" className="btn btn-danger" disabled={busy} onClick={withdraw}>
                    {busy ? '正在撤回…' : '确定撤回'}
                  </button>
                  <button type="button" className="btn btn-secondary" onClick={() => setConfirming(false)}>
                    不撤回
                  </button>
                </>
              )}
            </section>
          )}
        </>
      )}
    </Page>
  );
}
