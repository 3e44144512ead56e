import { Link, Navigate } from 'react-router-dom';
import type { WorkerMyClaimsQuery } from '../../gql/graphql';
import { MY_CLAIMS } from '../documents';
import { ErrorBox, Loading, Page, useQuery, useStore, useWorkerSession } from '../app';
import { day, yuan } from '../format';
import { CLAIM_STATUS } from './words';

/** The worker's claims, newest first, read again whenever the worker comes back to the page. */
export function MyClaimsPage() {
  const session = useWorkerSession();
  const store = useStore();
  const { data, error, loading, reload } = useQuery<WorkerMyClaimsQuery>(MY_CLAIMS, {}, [session?.user.id], { refreshOnReturn: true, skip: !session });
  if (!session) return <Navigate to="/worker/login?next=/worker/claims" replace />;
  const claims = data?.myWageClaims.edges.map((e) => e.node) ?? [];
  return (
    <Page title="我的线索" back="/worker">
      <p className="hello">
        {session.user.displayName}，您好
        <button type="button" className="btn-link" onClick={() => void store.logout()}>
          退出
        </button>
      </p>
      <Link className="btn btn-primary" to="/worker/claims/new">
        反映新的欠薪
      </Link>
      {error && <ErrorBox text={error} onRetry={reload} />}
      {loading && !data && <Loading />}
      {data && claims.length === 0 && <p className="muted">您还没有提交过线索。</p>}
      <ul className="claims">
        {claims.map((c) => (
          <li key={c.id}>
            <Link className="card claim-row" to={`/worker/claims/${c.id}`} data-testid="claim-row">
              <span className={`status status-${c.status}`}>{CLAIM_STATUS[c.status]}</span>
              <strong>{c.employerName}</strong>
              <span>
                {yuan(c.amountOwed)} · {c.number}
              </span>
              <span>办理单位：{c.routedUnit.name}</span>
              {c.status === 'SUBMITTED' ? (
                <span className={c.overdue ? 'late' : ''}>
                  答复期限：{day(c.responseDueAt)}
                  {c.overdue ? '（已超期）' : ''}
                </span>
              ) : (
                c.caseNumber && <span>案件编号：{c.caseNumber}</span>
              )}
            </Link>
          </li>
        ))}
      </ul>
    </Page>
  );
}
