import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { graphql } from '../../gql';
import type { AdminUsersQuery } from '../../gql/graphql';
import { displayMessage, errorInfo } from '../../shared/errors';
import { useSession } from '../../shared/session-react';
import { roleLabel, unitLevelLabel } from '../labels';
import { LoadMoreFooter, useKeysetList } from '../lists/keyset-list';
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

const COLUMNS: ColumnsType<UserRow> = [
  { title: '用户名', dataIndex: 'username', width: 200 },
  { title: '姓名', dataIndex: 'displayName', width: 160 },
  { title: '角色', dataIndex: 'role', width: 120, render: (r: string) => <Tag color="blue">{roleLabel[r] ?? r}</Tag> },
  { title: '所属单位', key: 'unit', render: (_, u) => (u.unit ? `${u.unit.name}（${unitLevelLabel[u.unit.level] ?? u.unit.level}）` : '—') },
  { title: '单位代码', key: 'code', width: 140, render: (_, u) => u.unit?.code ?? '—' },
];

/** 账户管理: the accounts of the admin's subtree, newest first, filtered by unit; create one. */
export default function UsersPage() {
  const session = useSession()!;
  const root = session.user.unit!;
  const [unit, setUnit] = useState<string | undefined>(undefined);
  const [creating, setCreating] = useState(false);
  const list = useKeysetList(AdminUsersDocument, 'users', { first: PAGE, unit: unit ?? null });

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
      {list.error && <Alert type="error" showIcon message={displayMessage(errorInfo(list.error).message)} style={{ marginBottom: 12 }} />}
      <Table<UserRow>
        rowKey="id"
        size="middle"
        columns={COLUMNS}
        dataSource={list.rows}
        loading={list.loading}
        pagination={false}
        locale={{ emptyText: '没有账户' }}
        data-testid="user-table"
      />
      <LoadMoreFooter list={list} unit="个" testId="user-count" />
      {creating && (
        <CreateUserDialog
          root={root}
          onClose={() => setCreating(false)}
          onDone={() => {
            setCreating(false);
            void list.refetch();
          }}
        />
      )}
    </Card>
  );
}
