import { useQuery } from '@apollo/client/react';
import { Alert, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { graphql } from '../../gql';
import type { DashboardWarningsQuery } from '../../gql/graphql';
import { displayMessage, errorInfo } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { riskLevelColor, riskLevelLabel } from '../supervisionLabels';

const DashboardWarningsDocument = graphql(`
  query DashboardWarnings($unit: String!) {
    warnings(unitCode: $unit) { id level reasons raisedAt employer { id name creditCode blacklisted } unit { code name } }
  }
`);

type WarningRow = DashboardWarningsQuery['warnings'][number];

/** 欠薪预警: open warnings of the subtree, worst first (as the server orders them). */
export function WarningTable({ unitCode }: { unitCode: string }) {
  const { data, loading, error } = useQuery(DashboardWarningsDocument, { variables: { unit: unitCode } });
  const columns: ColumnsType<WarningRow> = [
    { title: '等级', dataIndex: 'level', width: 100, render: (l: string) => <Tag color={riskLevelColor[l]}>{riskLevelLabel[l] ?? l}</Tag> },
    {
      title: '用人单位',
      key: 'employer',
      render: (_, w) => (
        <>
          {w.employer.name} {w.employer.blacklisted && <Tag color="red">失信</Tag>}
        </>
      ),
    },
    { title: '统一社会信用代码', key: 'code', width: 190, render: (_, w) => w.employer.creditCode ?? '—' },
    { title: '所在单位', key: 'unit', width: 140, render: (_, w) => w.unit.name },
    { title: '预警原因', dataIndex: 'reasons', render: (r: string[]) => r.join('；') },
    { title: '预警时间', dataIndex: 'raisedAt', width: 140, render: formatDateTime },
  ];
  return (
    <>
      {error && <Alert type="error" showIcon message={displayMessage(errorInfo(error).message)} />}
      <Table<WarningRow>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data?.warnings ?? []}
        loading={loading}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: '暂无欠薪预警' }}
        data-testid="warnings"
      />
    </>
  );
}
