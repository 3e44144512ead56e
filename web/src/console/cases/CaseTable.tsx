import { useQuery } from '@apollo/client/react';
import { Alert, Button, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { graphql } from '../../gql';
import type { CaseFilter, CaseListQuery, CaseStatus } from '../../gql/graphql';
import { displayMessage, errorInfo } from '../../shared/errors';
import { daysUntil, formatDateTime, formatMoney } from '../../shared/format';
import { caseSourceLabel, caseStatusColor, caseStatusLabel } from '../labels';

export const CaseListDocument = graphql(`
  query CaseList($first: Int, $after: String, $filter: CaseFilter) {
    cases(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id number title status source amountOwed amountRecovered workersAffected openedAt
          acceptanceDueAt handlingDueAt overdue extended deadlineProvisional
          handlingUnit { code name }
          employer { id name }
        }
      }
    }
  }
`);

export type CaseRow = CaseListQuery['cases']['edges'][number]['node'];

/** The deadline that runs now: acceptance while RECEIVED, handling after filing; none when ended. */
export function activeDeadline(c: Pick<CaseRow, 'status' | 'acceptanceDueAt' | 'handlingDueAt'>): string | null {
  if (c.status === 'CLOSED' || c.status === 'REJECTED') return null;
  return c.status === 'RECEIVED' ? (c.acceptanceDueAt ?? null) : (c.handlingDueAt ?? null);
}

export function DeadlineCell({ c }: { c: Pick<CaseRow, 'status' | 'acceptanceDueAt' | 'handlingDueAt' | 'overdue' | 'deadlineProvisional' | 'extended'> }) {
  const due = activeDeadline(c);
  if (!due) return <Typography.Text type="secondary">—</Typography.Text>;
  const days = daysUntil(due);
  return (
    <Space size={4} wrap className={c.overdue ? 'overdue' : undefined} data-testid="deadline">
      <span>{formatDateTime(due)}</span>
      <span>{c.overdue ? `已超期 ${Math.max(1, -days)} 天` : days === 0 ? '今日到期' : `剩 ${days} 天`}</span>
      {c.deadlineProvisional && (
        <Tooltip title="期限跨入尚未公布节假日安排的年份，暂按工作日（周一至周五）计算，公布后自动重算">
          <Tag color="orange">暂定</Tag>
        </Tooltip>
      )}
      {c.extended && <Tag>已延期</Tag>}
    </Space>
  );
}

const OPEN_STATUSES: CaseStatus[] = ['RECEIVED', 'FILED', 'RECTIFICATION_ORDERED', 'PENALTY_DECIDED', 'TRANSFERRED_TO_POLICE'];
const PAGE = 20;

export interface CaseTableProps {
  /** Statuses offered by default (e.g. only open cases in the inbox). */
  defaultStatus?: CaseStatus[];
  /** Sort the loaded rows by their active deadline, soonest (and overdue) first. */
  byUrgency?: boolean;
  title?: React.ReactNode;
}

/**
 * The cases the caller may see, with filters; "加载更多" follows the server's keyset cursor
 * (never an offset), so a page never shifts under new cases.
 */
export function CaseTable({ defaultStatus, byUrgency, title }: CaseTableProps) {
  const [status, setStatus] = useState<CaseStatus[]>(defaultStatus ?? []);
  const [overdue, setOverdue] = useState<boolean | undefined>(undefined);
  const [source, setSource] = useState<string[]>([]);
  const [search, setSearch] = useState('');
  const filter: CaseFilter = {
    ...(status.length ? { status } : {}),
    ...(overdue !== undefined ? { overdue } : {}),
    ...(source.length ? { source: source as CaseFilter['source'] } : {}),
    ...(search.trim() ? { search: search.trim() } : {}),
  };
  const { data, previousData, loading, error, fetchMore } = useQuery(CaseListDocument, {
    variables: { first: PAGE, filter },
    notifyOnNetworkStatusChange: true,
  });
  const [more, setMore] = useState(false);
  const list = (data ?? previousData)?.cases;
  const rows = (list?.edges ?? []).map((e) => e.node);
  if (byUrgency) rows.sort(urgencyOrder);

  const loadMore = async () => {
    if (!list?.pageInfo.endCursor) return;
    setMore(true);
    try {
      await fetchMore({
        variables: { after: list.pageInfo.endCursor },
        updateQuery: (prev, { fetchMoreResult }) => ({
          cases: { ...fetchMoreResult.cases, edges: [...prev.cases.edges, ...fetchMoreResult.cases.edges] },
        }),
      });
    } finally {
      setMore(false);
    }
  };

  const columns: ColumnsType<CaseRow> = [
    {
      title: '案件编号',
      dataIndex: 'number',
      width: 190,
      render: (n: string, c) => (
        <Link to={`/cases/${c.id}`} className={c.overdue ? 'overdue' : undefined}>
          {n}
        </Link>
      ),
    },
    { title: '案由', dataIndex: 'title', ellipsis: true },
    { title: '用人单位', key: 'employer', ellipsis: true, render: (_, c) => c.employer.name },
    {
      title: '状态',
      dataIndex: 'status',
      width: 110,
      render: (s: string) => <Tag color={caseStatusColor[s]}>{caseStatusLabel[s] ?? s}</Tag>,
    },
    { title: '来源', dataIndex: 'source', width: 90, render: (s: string) => caseSourceLabel[s] ?? s },
    { title: '欠薪金额', dataIndex: 'amountOwed', width: 130, align: 'right', render: formatMoney },
    { title: '当前期限', key: 'deadline', width: 250, render: (_, c) => <DeadlineCell c={c} /> },
    { title: '办理单位', key: 'unit', width: 120, ellipsis: true, render: (_, c) => c.handlingUnit.name },
  ];

  return (
    <div>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        {title}
        <Space wrap>
          <Select<CaseStatus[]>
            mode="multiple"
            allowClear
            placeholder="状态"
            style={{ minWidth: 200 }}
            value={status}
            onChange={setStatus}
            maxTagCount="responsive"
            options={Object.keys(caseStatusLabel).map((s) => ({ value: s as CaseStatus, label: caseStatusLabel[s] }))}
            data-testid="filter-status"
          />
          <Select
            allowClear
            placeholder="是否超期"
            style={{ width: 120 }}
            value={overdue === undefined ? undefined : overdue ? 'yes' : 'no'}
            onChange={(v) => setOverdue(v === undefined ? undefined : v === 'yes')}
            options={[
              { value: 'yes', label: '已超期' },
              { value: 'no', label: '未超期' },
            ]}
            data-testid="filter-overdue"
          />
          <Select
            mode="multiple"
            allowClear
            placeholder="来源"
            style={{ minWidth: 140 }}
            value={source}
            onChange={setSource}
            maxTagCount="responsive"
            options={Object.keys(caseSourceLabel).map((s) => ({ value: s, label: caseSourceLabel[s] }))}
            data-testid="filter-source"
          />
          <Input.Search allowClear placeholder="案件编号、案由或用人单位" style={{ width: 260 }} onSearch={setSearch} data-testid="filter-search" />
        </Space>
      </Space>
      {error && <Alert type="error" showIcon message={displayMessage(errorInfo(error).message)} style={{ marginBottom: 12 }} />}
      <Table<CaseRow>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={loading && !more}
        pagination={false}
        rowClassName={(c) => (c.overdue ? 'row-overdue' : '')}
        locale={{ emptyText: '没有符合条件的案件' }}
        data-testid="case-table"
      />
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 12 }}>
        <Typography.Text type="secondary" data-testid="case-count">
          已显示 {rows.length} / 共 {list?.totalCount ?? 0} 件
        </Typography.Text>
        {list?.pageInfo.hasNextPage && (
          <Button onClick={loadMore} loading={more}>
            加载更多
          </Button>
        )}
      </div>
    </div>
  );
}

/** Overdue first, then the soonest active deadline; cases without one last. */
function urgencyOrder(a: CaseRow, b: CaseRow): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  const da = activeDeadline(a);
  const db = activeDeadline(b);
  if (da && db) return da < db ? -1 : da > db ? 1 : 0;
  return da ? -1 : db ? 1 : 0;
}

export { OPEN_STATUSES };
