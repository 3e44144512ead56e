import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Empty, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { graphql } from '../../gql';
import type { GridEmployersQuery } from '../../gql/graphql';
import { displayMessage, errorInfo } from '../../shared/errors';
import { formatDate, formatDateTime, inZone } from '../../shared/format';
import { useSession } from '../../shared/session-react';
import { riskLevelColor, riskLevelLabel } from '../supervisionLabels';
import { InspectionDrawer } from './InspectionDrawer';
import { RegisterEmployerDrawer } from './RegisterEmployerDrawer';

export const GridEmployersDocument = graphql(`
  query GridEmployers($grid: String!, $first: Int, $after: String, $search: String) {
    unit(code: $grid) { code name parent { code name } }
    employers(unitCode: $grid, first: $first, after: $after, search: $search) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id name creditCode riskLevel blacklisted
          registeredUnit { code name }
          recentInspections { id inspectedAt findings violationFound inspector { displayName } }
        }
      }
    }
  }
`);

export type GridEmployer = GridEmployersQuery['employers']['edges'][number]['node'];

const PAGE = 20;
/** The register of a grid is refreshed at least every 6 months (两网化). */
const STALE_DAYS = 180;

/**
 * 网格员 pages, made for a phone in the village (360 px wide): the employers of the own grid,
 * registering one, and recording an inspection (巡查) of one.
 */
export default function GridPage() {
  const session = useSession()!;
  const grid = session.user.unit!;
  const [search, setSearch] = useState('');
  const [registering, setRegistering] = useState(false);
  const [inspecting, setInspecting] = useState<GridEmployer | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const { data, previousData, loading, error, fetchMore, refetch } = useQuery(GridEmployersDocument, {
    variables: { grid: grid.code, first: PAGE, search: search || null },
    notifyOnNetworkStatusChange: true,
  });
  const view = data ?? previousData;
  const list = view?.employers;
  const rows = (list?.edges ?? []).map((e) => e.node);

  return (
    <div className="grid-page">
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space direction="vertical" size={8} style={{ width: '100%' }}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
            <Typography.Title level={5} style={{ margin: 0 }}>
              网格用人单位
            </Typography.Title>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)}>
              登记用人单位
            </Button>
          </Space>
          <Typography.Text type="secondary">
            {view?.unit?.parent?.name ?? ''} {grid.name} · 共 {list?.totalCount ?? 0} 家 · 每半年至少巡查一次
          </Typography.Text>
          <Input.Search allowClear placeholder="单位名称或统一社会信用代码" onSearch={(v) => setSearch(v.trim())} enterButton="查询" />
        </Space>
      </Card>
      {error && <Alert type="error" showIcon message={displayMessage(errorInfo(error).message)} style={{ marginBottom: 12 }} />}
      <List<GridEmployer>
        loading={loading && !rows.length}
        dataSource={rows}
        locale={{ emptyText: <Empty description={search ? '没有符合条件的用人单位' : '本网格尚未登记用人单位'} /> }}
        renderItem={(e) => {
          const last = e.recentInspections[0];
          const stale = !last || inZone(new Date()).diff(inZone(last.inspectedAt), 'day') > STALE_DAYS;
          return (
            <Card size="small" style={{ marginBottom: 8 }} data-testid="grid-employer">
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                <Space wrap size={4}>
                  <Typography.Text strong>{e.name}</Typography.Text>
                  {e.riskLevel !== 'NONE' && <Tag color={riskLevelColor[e.riskLevel]}>{riskLevelLabel[e.riskLevel]}</Tag>}
                  {e.blacklisted && <Tag color="red">失信名单</Tag>}
                </Space>
                <Typography.Text type="secondary" copyable={!!e.creditCode}>
                  {e.creditCode ?? '无统一社会信用代码'}
                </Typography.Text>
                <Space wrap size={4}>
                  <Typography.Text type="secondary">
                    {last ? `最近巡查 ${formatDate(last.inspectedAt)}${last.violationFound ? '（发现问题）' : ''}` : '尚未巡查'}
                  </Typography.Text>
                  {stale && <Tag color="orange">超过半年未巡查</Tag>}
                </Space>
                <Space wrap>
                  <Button type="primary" ghost size="small" onClick={() => setInspecting(e)}>
                    记录巡查
                  </Button>
                  {e.recentInspections.length > 0 && (
                    <Button size="small" onClick={() => setOpen(open === e.id ? null : e.id)}>
                      {open === e.id ? '收起记录' : `巡查记录（${e.recentInspections.length}）`}
                    </Button>
                  )}
                </Space>
                {open === e.id && (
                  <List
                    size="small"
                    dataSource={e.recentInspections}
                    rowKey="id"
                    renderItem={(i) => (
                      <List.Item>
                        <Space direction="vertical" size={0}>
                          <Space size={4} wrap>
                            <Typography.Text>{formatDateTime(i.inspectedAt)}</Typography.Text>
                            <Tag color={i.violationFound ? 'red' : 'green'}>{i.violationFound ? '发现问题' : '未发现问题'}</Tag>
                            <Typography.Text type="secondary">{i.inspector.displayName}</Typography.Text>
                          </Space>
                          <Typography.Text>{i.findings}</Typography.Text>
                        </Space>
                      </List.Item>
                    )}
                  />
                )}
              </Space>
            </Card>
          );
        }}
      />
      {list?.pageInfo.hasNextPage && (
        <Button
          block
          onClick={() =>
            fetchMore({
              variables: { after: list.pageInfo.endCursor },
              updateQuery: (prev, { fetchMoreResult }) => ({
                ...fetchMoreResult,
                employers: { ...fetchMoreResult.employers, edges: [...prev.employers.edges, ...fetchMoreResult.employers.edges] },
              }),
            })
          }
        >
          加载更多
        </Button>
      )}
      {registering && view?.unit && (
        <RegisterEmployerDrawer
          grid={{ code: grid.code, name: grid.name }}
          township={view.unit.parent ?? null}
          onClose={() => setRegistering(false)}
          onDone={() => {
            setRegistering(false);
            void refetch();
          }}
        />
      )}
      {inspecting && (
        <InspectionDrawer
          employer={inspecting}
          onClose={() => setInspecting(null)}
          onDone={() => {
            setInspecting(null);
            void refetch();
          }}
        />
      )}
    </div>
  );
}
