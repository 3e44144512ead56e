import { DownloadOutlined } from '@ant-design/icons';
import { useApolloClient } from '@apollo/client/react';
import { Alert, App, Button, Input, Select, Space, Table, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { graphql } from '../../gql';
import type { CaseFilter, CaseListQuery, CaseOrder, CaseStatus } from '../../gql/graphql';
import { displayMessage, errorInfo } from '../../shared/errors';
import { daysUntil, formatDateTime, formatMoney } from '../../shared/format';
import { caseSourceLabel, caseStatusColor, caseStatusLabel } from '../labels';
import { LoadMoreFooter, useKeysetList } from '../lists/keyset-list';

export const CaseListDocument = graphql(`
  query CaseList($first: Int, $after: String, $filter: CaseFilter, $orderBy: CaseOrder) {
    cases(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
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

/**
 * The deadline that runs now: acceptance while RECEIVED, handling after filing; none when ended or
 * with the police (the server stops the clock there too, and ranks such cases last by urgency).
 */
export function activeDeadline(c: Pick<CaseRow, 'status' | 'acceptanceDueAt' | 'handlingDueAt'>): string | null {
  if (c.status === 'CLOSED' || c.status === 'REJECTED' || c.status === 'TRANSFERRED_TO_POLICE') return null;
  return c.status === 'RECEIVED' ? (c.acceptanceDueAt ?? null) : (c.handlingDueAt ?? null);
}

const PROVISIONAL_HINT = '期限跨入尚未公布节假日安排的年份，暂按工作日（周一至周五）计算，公布后自动重算';

/**
 * The running deadline with its days left, 暂定 and 已延期. Plain elements styled by console.css
 * (a list draws 100 of them: antd's Space and Tag per cell cost a third of the inbox's render);
 * antd's Tooltip only on the rare provisional mark.
 */
export function DeadlineCell({ c, now }: { c: Pick<CaseRow, 'status' | 'acceptanceDueAt' | 'handlingDueAt' | 'overdue' | 'deadlineProvisional' | 'extended'>; now?: Date }) {
  const due = activeDeadline(c);
  if (!due) return <span className="text-secondary">—</span>;
  const days = daysUntil(due, now);
  return (
    <span className={c.overdue ? 'deadline overdue' : 'deadline'} data-testid="deadline">
      <span>{formatDateTime(due)}</span>
      <span>{c.overdue ? `已超期 ${Math.max(1, -days)} 天` : days === 0 ? '今日到期' : `剩 ${days} 天`}</span>
      {c.deadlineProvisional && (
        <Tooltip title={PROVISIONAL_HINT}>
          <span className="mark mark-orange">暂定</span>
        </Tooltip>
      )}
      {c.extended && <span className="mark">已延期</span>}
    </span>
  );
}

/** A case status as a small coloured label (the colours of antd's preset tags, without a component per row). */
export function StatusMark({ status }: { status: string }) {
  return <span className={`mark mark-${caseStatusColor[status] ?? 'default'}`}>{caseStatusLabel[status] ?? status}</span>;
}

const OPEN_STATUSES: CaseStatus[] = ['RECEIVED', 'FILED', 'RECTIFICATION_ORDERED', 'PENALTY_DECIDED', 'TRANSFERRED_TO_POLICE'];

/**
 * The table's columns: built once per render of the list (with the same "now" for every row's
 * days left), and only again when the time has moved on, so that a re-render of the list does
 * not draw every cell anew.
 */
function caseColumns(now: Date): ColumnsType<CaseRow> {
  return [
    {
      title: '案件编号',
      dataIndex: 'number',
      width: 180,
      render: (n: string, c) => (
        <Link to={`/cases/${c.id}`} className={c.overdue ? 'overdue' : undefined}>
          {n}
        </Link>
      ),
    },
    { title: '案由', dataIndex: 'title', ellipsis: true },
    { title: '用人单位', key: 'employer', ellipsis: true, render: (_, c) => c.employer.name },
    { title: '状态', dataIndex: 'status', width: 110, render: (s: string) => <StatusMark status={s} /> },
    { title: '来源', dataIndex: 'source', width: 80, render: (s: string) => caseSourceLabel[s] ?? s },
    { title: '欠薪金额', dataIndex: 'amountOwed', width: 120, align: 'right', render: formatMoney },
    { title: '当前期限', key: 'deadline', width: 230, render: (_, c) => <DeadlineCell c={c} now={now} /> },
    { title: '办理单位', key: 'unit', width: 90, ellipsis: true, render: (_, c) => c.handlingUnit.name },
  ];
}

export interface CaseTableProps {
  /** Statuses offered by default (e.g. only open cases in the inbox). */
  defaultStatus?: CaseStatus[];
  /** The server's order: NEWEST (default) or URGENCY (the inbox: the active deadline soonest first). */
  orderBy?: CaseOrder;
  title?: React.ReactNode;
  /** Rows per page (the API allows up to 100). */
  pageSize?: number;
}

/**
 * The cases the caller may see, with filters, in the server's order; "加载更多" follows the
 * server's keyset cursor (never an offset), so a page never shifts under new cases.
 */
export function CaseTable({ defaultStatus, orderBy = 'NEWEST', title, pageSize = 20 }: CaseTableProps) {
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
  const list = useKeysetList(CaseListDocument, 'cases', { first: pageSize, filter, orderBy });
  const [exporting, setExporting] = useState(false);
  const client = useApolloClient();
  const { message } = App.useApp();
  // Days left count from the moment the rows arrived; the columns stay the same object until then.
  const columns = useMemo(() => caseColumns(new Date()), [list.edges]);

  // Every case of the current filter, in the list's order; the Excel code loads only now.
  const exportList = async () => {
    setExporting(true);
    try {
      const { exportCaseList } = await import('../export/exportCases');
      const n = await exportCaseList(client, filter, orderBy);
      message.success(`已导出 ${n} 件案件`);
    } catch (err) {
      message.error(displayMessage(errorInfo(err).message));
    } finally {
      setExporting(false);
    }
  };

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
          <Button icon={<DownloadOutlined />} loading={exporting} disabled={!list.totalCount} onClick={exportList}>
            导出Excel
          </Button>
        </Space>
      </Space>
      {list.error && <Alert type="error" showIcon message={displayMessage(errorInfo(list.error).message)} style={{ marginBottom: 12 }} />}
      <Table<CaseRow>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.rows}
        loading={list.loading}
        pagination={false}
        rowClassName={(c) => (c.overdue ? 'row-overdue' : '')}
        locale={{ emptyText: '没有符合条件的案件' }}
        data-testid="case-table"
      />
      <LoadMoreFooter list={list} testId="case-count" />
    </div>
  );
}

export { OPEN_STATUSES };
