import { Alert, Checkbox, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { graphql } from '../../gql';
import type { SupervisionOrderListQuery } from '../../gql/graphql';
import { displayMessage, errorInfo } from '../../shared/errors';
import { formatDate, formatDateTime } from '../../shared/format';
import { LoadMoreFooter, useKeysetList } from '../lists/keyset-list';
import { supervisionStatusLabel } from '../supervisionLabels';

export const SupervisionOrderListDocument = graphql(`
  query SupervisionOrderList($first: Int, $after: String, $filter: SupervisionOrderFilter) {
    supervisionOrders(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id instructions issuedAt dueAt status overdue report reportedAt
          issuingUnit { code name }
          case { id number title handlingUnit { code name } }
        }
      }
    }
  }
`);

type Order = SupervisionOrderListQuery['supervisionOrders']['edges'][number]['node'];
const PAGE = 20;

const COLUMNS: ColumnsType<Order> = [
  {
    title: '案件',
    key: 'case',
    width: 220,
    render: (_, o) => (
      <Space direction="vertical" size={0}>
        <Link to={`/cases/${o.case.id}`}>{o.case.number}</Link>
        <Typography.Text type="secondary" ellipsis style={{ maxWidth: 200 }}>
          {o.case.title}
        </Typography.Text>
      </Space>
    ),
  },
  { title: '办理单位', key: 'handling', width: 110, render: (_, o) => o.case.handlingUnit.name },
  { title: '督办单位', key: 'issuer', width: 110, render: (_, o) => o.issuingUnit.name },
  { title: '督办要求', dataIndex: 'instructions', ellipsis: true },
  { title: '督办时间', dataIndex: 'issuedAt', width: 140, render: formatDateTime },
  {
    title: '报告期限',
    dataIndex: 'dueAt',
    width: 150,
    render: (d: string, o) => (
      <Space size={4} className={o.overdue ? 'overdue' : undefined}>
        {formatDate(d)}
        {o.overdue && <Tag color="red">已逾期</Tag>}
      </Space>
    ),
  },
  {
    title: '状态',
    dataIndex: 'status',
    width: 150,
    render: (s: string, o) => (
      <Space direction="vertical" size={0}>
        <Tag color={s === 'OPEN' ? 'blue' : 'green'}>{supervisionStatusLabel[s] ?? s}</Tag>
        {o.reportedAt && <Typography.Text type="secondary">{formatDateTime(o.reportedAt)}</Typography.Text>}
      </Space>
    ),
  },
];

/** 督办事项: orders issued by this bureau and the bureaus below it, newest first, overdue in red. */
export function SupervisionOrderTable({ issuerCode }: { issuerCode: string }) {
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [openOnly, setOpenOnly] = useState(false);
  const filter = { unitCode: issuerCode, ...(overdueOnly ? { overdue: true } : {}), ...(openOnly ? { status: ['OPEN' as const] } : {}) };
  const list = useKeysetList(SupervisionOrderListDocument, 'supervisionOrders', { first: PAGE, filter });


  return (
    <div>
      <Space style={{ marginBottom: 8 }} wrap>
        <Checkbox checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)}>
          只看逾期
        </Checkbox>
        <Checkbox checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)}>
          只看待报告
        </Checkbox>
      </Space>
      {list.error && <Alert type="error" showIcon message={displayMessage(errorInfo(list.error).message)} style={{ marginBottom: 8 }} />}
      <Table<Order>
        rowKey="id"
        size="small"
        columns={COLUMNS}
        dataSource={list.rows}
        loading={list.loading}
        pagination={false}
        rowClassName={(o) => (o.overdue ? 'row-overdue' : '')}
        expandable={{ rowExpandable: (o) => !!o.report, expandedRowRender: (o) => <span>报告：{o.report}</span> }}
        locale={{ emptyText: '暂无督办事项' }}
        data-testid="supervision-orders"
      />
      <LoadMoreFooter list={list} testId="order-count" />
    </div>
  );
}
