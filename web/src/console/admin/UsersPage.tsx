import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { graphql } from '../../gql';
import type { AdminUsersQuery } from '../../gql/graphql';
import { displayMessage, errorInfo } from '../../shared/errors';
import { useSession } from '../../shared/session-react';
import { roleLabel, unitLevelLabel } from '../labels';
import { CreateUserDialog } from './CreateUserDialog';
import { UnitTreeSelect } from './UnitTreeSelect';

export const AdminUsersDocument = graphql(`
  query AdminUsers($first: Int, $after: String, $unit: String) {
    users(first: $first, after: $after, unitCode: $unit) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id username displayName role unit { code name level } } }
    }
  }
`);

type UserRow = AdminUsersQuery['users']['edges'][number]['node'];
const PAGE = 50;

/** 账户管理: the accounts of the admin's subtree, newest first, filtered by unit; create one. */
export default function UsersPage() {
  const session = useSession()!;
  const root = session.user.unit!;
  const [unit, setUnit] = useState<string | undefined>(undefined);
  const [creating, setCreating] = useState(false);
  const { data, previousData, loading, error, fetchMore, refetch } = useQuery(AdminUsersDocument, {
    variables: { first: PAGE, unit: unit ?? null },
    notifyOnNetworkStatusChange: true,
  });
  const list = (data ?? previousData)?.users;
  const rows = (list?.edges ?? []).map((e) => e.node);

  const columns: ColumnsType<UserRow> = [
    { title: '用户名', dataIndex: 'username', width: 200 },
    { title: '姓名', dataIndex: 'displayName', width: 160 },
    { title: '角色', dataIndex: 'role', width: 120, render: (r: string) => <Tag color="blue">{roleLabel[r] ?? r}</Tag> },
    { title: '所属单位', key: 'unit', render: (_, u) => (u.unit ? `${u.unit.name}（${unitLevelLabel[u.unit.level] ?? u.unit.level}）` : '—') },
    { title: '单位代码', key: 'code', width: 140, render: (_, u) => u.unit?.code ?? '—' },
  ];

  return (
    <Card
      title="账户管理"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          新建账户
        </Button>
      }
    >
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Text>所属单位</Typography.Text>
        <div style={{ width: 320 }}>
          <UnitTreeSelect root={root} value={unit} onChange={setUnit} placeholder={`${root.name}及下级全部单位`} />
        </div>
        {unit && <Button onClick={() => setUnit(undefined)}>清除</Button>}
      </Space>
      {error && <Alert type="error" showIcon message={displayMessage(errorInfo(error).message)} style={{ marginBottom: 12 }} />}
      <Table<UserRow>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={false}
        locale={{ emptyText: '没有账户' }}
        data-testid="user-table"
      />
      <Space style={{ marginTop: 12, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">
          已显示 {rows.length} / 共 {list?.totalCount ?? 0} 个
        </Typography.Text>
        {list?.pageInfo.hasNextPage && (
          <Button
            onClick={() =>
              fetchMore({
                variables: { after: list.pageInfo.endCursor },
                updateQuery: (prev, { fetchMoreResult }) => ({
                  users: { ...fetchMoreResult.users, edges: [...prev.users.edges, ...fetchMoreResult.users.edges] },
                }),
              })
            }
          >
            加载更多
          </Button>
        )}
      </Space>
      {creating && (
        <CreateUserDialog
          root={root}
          onClose={() => setCreating(false)}
          onDone={() => {
            setCreating(false);
            void refetch();
          }}
        />
      )}
    </Card>
  );
}
