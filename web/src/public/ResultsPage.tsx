import { Link, useSearchParams } from 'react-router-dom';
import type { PublicResultsPageQuery, PublicUnitPathQuery } from '../gql/graphql';
import { RESULTS, UNIT_PATH } from '../worker/documents';
import { ErrorBox, Loading, Page, useQuery } from '../worker/app';
import { percent, yuan } from '../worker/format';

type Row = PublicResultsPageQuery['publicResults']['total'];

/** 办理结果: the year's figures of a unit and of its children, drill-down by tapping a child. */
export function ResultsPage() {
  const [params] = useSearchParams();
  const unit = params.get('unit');
  const { data, error, loading, reload } = useQuery<PublicResultsPageQuery>(RESULTS, { unit, year: null }, [unit]);
  const path = useQuery<PublicUnitPathQuery>(UNIT_PATH, { code: unit ?? '' }, [unit], { skip: !unit });
  const r = data?.publicResults;
  const here = path.data?.unit;
  return (
    <Page title="办理结果" back="/public">
      <nav className="crumbs" aria-label="所在位置">
        <Link to="/public/results">全国</Link>
        {here?.ancestors.map((a) => (
          <span key={a.code}>
            {' › '}
            <Link to={`/public/results?unit=${a.code}`}>{a.name}</Link>
          </span>
        ))}
        {here && <span> › {here.name}</span>}
      </nav>
      {error && <ErrorBox text={error} onRetry={reload} />}
      {loading && !data && <Loading />}
      {r && (
        <>
          <section className="card" data-testid="results-total">
            <h2>
              {r.total.unit?.name ?? '全国'} {r.year}年
            </h2>
            <Figures row={r.total} min={r.minimumCount} />
          </section>
          {r.children.length > 0 && (
            <section>
              <h2 className="section-title">下级单位（点开看详细）</h2>
              <ul className="results">
                {r.children.map((c) => (
                  <li key={c.unit!.code} className="card" data-unit={c.unit!.code}>
                    {c.unit!.level === 'TOWNSHIP' ? <h3>{c.unit!.name}</h3> : (
                      <h3>
                        <Link to={`/public/results?unit=${c.unit!.code}`}>{c.unit!.name} ›</Link>
                      </h3>
                    )}
                    <Figures row={c} min={r.minimumCount} compact />
                  </li>
                ))}
              </ul>
            </section>
          )}
          <p className="muted">
            统计到结案日期为{r.year}年的案件和答复日期为{r.year}年的线索；结案少于{r.minimumCount}件的单位不公布具体数字，以免认出个人；几个单位合起来少于{r.minimumCount}件时，为免用上级的数字减出来，这几个单位都不公布。数据每分钟更新。
          </p>
        </>
      )}
    </Page>
  );
}

function Figures({ row, min, compact }: { row: Row; min: number; compact?: boolean }) {
  if (!row.published) {
    return compact ? (
      <p className="muted withheld">案件较少，不公布具体数字</p>
    ) : (
      <p className="muted withheld">案件较少，为保护个人信息不公布具体数字（门槛{min}件）</p>
    );
  }
  return (
    <dl className={compact ? 'figures compact' : 'figures'}>
      <dt>办结案件</dt>
      <dd data-figure="casesClosed">{row.casesClosed} 件</dd>
      <dt>追回工资</dt>
      <dd data-figure="amountRecovered">{yuan(row.amountRecovered)}</dd>
      <dt>拿到工资的人数</dt>
      <dd data-figure="workersPaid">{row.workersPaid} 人</dd>
      <dt>按期结案</dt>
      <dd data-figure="closedWithinLimitShare">{percent(row.closedWithinLimitShare)}</dd>
      <dt>平均办结用时</dt>
      <dd data-figure="averageWorkingDaysToClose">{row.averageWorkingDaysToClose == null ? '—' : `${row.averageWorkingDaysToClose} 个工作日`}</dd>
      <dt>线索5个工作日内答复</dt>
      <dd data-figure="claimsAnsweredInTimeShare">{row.claimsAnswered == null ? '线索太少，不公布' : `${percent(row.claimsAnsweredInTimeShare)}（共${row.claimsAnswered}条）`}</dd>
    </dl>
  );
}
