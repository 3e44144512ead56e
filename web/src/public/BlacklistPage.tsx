import { useState, type FormEvent } from 'react';
import type { BlacklistBasis, PublicBlacklistQuery } from '../gql/graphql';
import { BLACKLIST } from '../worker/documents';
import { ErrorBox, Loading, Page, plainError, useQuery, useStore } from '../worker/app';
import { day } from '../worker/format';

type Entry = PublicBlacklistQuery['publishedBlacklist']['edges'][number]['node'];

const BASIS: Record<BlacklistBasis, string> = {
  THRESHOLD: '拖欠农民工工资数额达到拒不支付劳动报酬罪数额标准',
  INCIDENT: '因拖欠农民工工资引发群体性事件、极端事件，造成严重不良社会影响',
};
const ROLE: Record<string, string> = {
  LEGAL_REPRESENTATIVE: '法定代表人',
  PRINCIPAL: '主要负责人',
  RESPONSIBLE_MANAGER: '直接负责的主管人员',
  OTHER_RESPONSIBLE: '其他直接责任人员',
};

/** 失信名单: the LISTED, unexpired entries as the 2022 rules publish them; never an ID number or phone. */
export function BlacklistPage() {
  const store = useStore();
  const [text, setText] = useState('');
  const [search, setSearch] = useState<string | null>(null);
  const { data, error, loading, reload } = useQuery<PublicBlacklistQuery>(BLACKLIST, { search, after: null }, [search]);
  const [more, setMore] = useState<{ items: Entry[]; cursor: string | null; hasNext: boolean } | null>(null);
  const [moreError, setMoreError] = useState<string | null>(null);
  const first = data?.publishedBlacklist;
  const items = [...(first?.edges.map((e) => e.node) ?? []), ...(more?.items ?? [])];
  const hasNext = more ? more.hasNext : first?.pageInfo.hasNextPage;
  const cursor = more ? more.cursor : first?.pageInfo.endCursor;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMore(null);
    setSearch(text.trim() || null);
  };
  const loadMore = async () => {
    try {
      const d = await store.request<PublicBlacklistQuery>(BLACKLIST, { search, after: cursor });
      setMore({ items: [...(more?.items ?? []), ...d.publishedBlacklist.edges.map((x) => x.node)], cursor: d.publishedBlacklist.pageInfo.endCursor, hasNext: d.publishedBlacklist.pageInfo.hasNextPage });
    } catch (err) {
      setMoreError(plainError(err));
    }
  };

  return (
    <Page title="失信名单" back="/public">
      <p className="muted">拖欠农民工工资失信联合惩戒对象名单（依据《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》公布，期满或提前移出后不再显示）。</p>
      <form className="search" role="search" onSubmit={submit}>
        <input aria-label="用人单位名称或统一社会信用代码" placeholder="单位名称或信用代码" value={text} onChange={(e) => setText(e.target.value)} />
        <button className="btn btn-primary" type="submit">
          查询
        </button>
      </form>
      {error && <ErrorBox text={error} onRetry={reload} />}
      {loading && !data && <Loading />}
      {first && <p className="muted">共 {first.totalCount} 家</p>}
      {first && items.length === 0 && <p className="muted">没有查到。</p>}
      <ul className="blacklist">
        {items.map((e) => (
          <li key={e.id} className="card" data-testid="blacklist-entry">
            <h3>{e.employerName}</h3>
            <dl className="facts">
              <dt className="wide">统一社会信用代码</dt>
              <dd className="code">{e.creditCode ?? '—'}</dd>
              <dt>列入部门</dt>
              <dd>{e.listingUnit ? `${e.listingUnit.name}人力资源社会保障部门` : '—'}</dd>
              {e.decisionNumber && (
                <>
                  <dt>决定书文号</dt>
                  <dd>{e.decisionNumber}</dd>
                </>
              )}
              <dt>列入日期</dt>
              <dd>{day(e.listedAt)}</dd>
              <dt>届满日期</dt>
              <dd>{day(e.expiresAt)}</dd>
              <dt>列入情形</dt>
              <dd>{BASIS[e.basis] ?? e.basis}</dd>
              <dt>列入事由</dt>
              <dd>{e.reason}</dd>
              <dt>违法事实</dt>
              <dd>{e.facts}</dd>
              {e.parties.length > 0 && (
                <>
                  <dt>当事人</dt>
                  <dd>{e.parties.map((p) => `${p.name}（${ROLE[p.role] ?? p.role}）`).join('、')}</dd>
                </>
              )}
            </dl>
          </li>
        ))}
      </ul>
      {moreError && <ErrorBox text={moreError} />}
      {hasNext && (
        <button type="button" className="btn btn-secondary" onClick={loadMore}>
          加载更多
        </button>
      )}
    </Page>
  );
}
