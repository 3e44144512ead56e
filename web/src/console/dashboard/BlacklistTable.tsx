import { useQuery } from '@apollo/client/react';
import { Alert, Segmented, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { graphql } from '../../gql';
import type { DashboardBlacklistQuery } from '../../gql/graphql';
import { displayMessage, errorInfo } from '../../shared/errors';
import { formatDate } from '../../shared/format';
import { blacklistStatusColor, blacklistStatusLabel } from '../supervisionLabels';

const DashboardBlacklistDocument = graphql(`
  query DashboardBlacklist($unit: String) {
    blacklist(unitCode: $unit) {
      id status reason proposedAt objectionDueAt listedAt expiresAt removedAt removalReason
      employer { id name creditCode }
      case { id number }
    }
  }
`);

type Entry = DashboardBlacklistQuery['blacklist'][number];

/** 失信名单: entries of cases handled in the subtree, by state (拟列入 / 已列入 / 已移出). */
export function BlacklistTable({ unitCode }: { unitCode: string }) {
  const [status, setStatus] = useState<string>('ALL');
  const { data, loading, error } = useQuery(DashboardBlacklistDocument, { variables: { unit: unitCode } });
  const all = data?.blacklist ?? [];
  const rows = status === 'ALL' ? all : all.filter((e) => e.status === status);
  const count = (s: string) => all.filter((e) => e.status === s).length;
  const columns: ColumnsType<Entry> = [
    { title: '状态', dataIndex: 'status', width: 140, render: (s: string) => <Tag color={blacklistStatusColor[s]}>{blacklistStatusLabel[s] ?? s}</Tag> },
    { title: '用人单位', key: 'employer', render: (_, e) => e.employer.name },
    { title: '统一社会信用代码', key: 'code', width: 190, render: (_, e) => e.employer.creditCode ?? '—' },
    { title: '案件', key: 'case', width: 200, render: (_, e) => <Link to={`/cases/${e.case.id}`}>{e.case.number}</Link> },
    { title: '事由', dataIndex: 'reason', ellipsis: true },
    {
      title: '期限',
      key: 'dates',
      width: 210,
      render: (_, e) =>
        e.status === 'PROPOSED'
          ? `异议期至 ${formatDate(e.objectionDueAt)}`
          : e.status === 'LISTED'
            ? `${formatDate(e.listedAt)} 列入，至 ${formatDate(e.expiresAt)}`
            : `${formatDate(e.removedAt)} 移出${e.removalReason ? `：${e.removalReason}` : ''}`,
    },
  ];
  return (
    <>
      <Segmented
        style={{ marginBottom: 8 }}
        value={status}
        onChange={(v) => setStatus(String(v))}
        options={[
          { value: 'ALL', label: `全部 ${all.length}` },
          { value: 'PROPOSED', label: `拟列入 ${count('PROPOSED')}` },
          { value: 'LISTED', label: `已列入 ${count('LISTED')}` },
          { value: 'REMOVED', label: `已移出 ${count('REMOVED')}` },
        ]}
      />
      {error && <Alert type="error" showIcon message={displayMessage(errorInfo(error).message)} />}
      <Table<Entry>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: '暂无失信名单记录' }}
        data-testid="blacklist"
      />
    </>
  );
}
