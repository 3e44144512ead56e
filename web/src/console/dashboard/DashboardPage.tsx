import { DownloadOutlined, FlagOutlined } from '@ant-design/icons';
import { useQuery } from '@apollo/client/react';
import { Alert, Breadcrumb, Button, Card, Col, DatePicker, Row, Space, Spin, Statistic, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { graphql } from '../../gql';
import type { DashboardQuery } from '../../gql/graphql';
import { displayMessage, errorInfo } from '../../shared/errors';
import { formatMoney, inZone } from '../../shared/format';
import { useSession } from '../../shared/session-react';
import { downloadXlsx, MONEY_FORMAT, moneyCell, stampedName } from '../export/xlsx';
import { unitLevelLabel } from '../labels';
import { BlacklistTable } from './BlacklistTable';
import { IssueOrderDialog } from './IssueOrderDialog';
import { LiveFeed } from './LiveFeed';
import { SupervisionOrderTable } from './SupervisionOrderTable';
import { WarningTable } from './WarningTable';

// ECharts is big: its own chunk, loaded after the numbers are on screen.
const UnitChart = lazy(() => import('./UnitChart'));

export const DashboardDocument = graphql(`
  query Dashboard($unit: String!, $from: Date, $to: Date) {
    unit(code: $unit) { code name level ancestors { code name level } }
    unitStats(unitCode: $unit, from: $from, to: $to) {
      casesOpen casesOverdue casesClosed claimsPending amountOwed amountRecovered workersAffected
    }
    childUnitStats(unitCode: $unit, from: $from, to: $to) {
      casesOpen casesOverdue casesClosed claimsPending amountOwed amountRecovered workersAffected
      unit { code name level }
    }
  }
`);

export type ChildRow = DashboardQuery['childUnitStats'][number];

/**
 * 监管看板 for bureaus at county level and above: the totals of the unit in view and a row per
 * child unit (click one to drill down, the breadcrumb goes back up), a chart of the children,
 * early warnings worst first, the blacklist, the supervision orders this bureau and those below it
 * issued, and the live feed of case events.
 */
export default function DashboardPage() {
  const session = useSession()!;
  const home = session.user.unit!;
  const [unitCode, setUnitCode] = useState(home.code);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [issuing, setIssuing] = useState(false);
  const from = range?.[0]?.format('YYYY-MM-DD') ?? null;
  const to = range?.[1]?.format('YYYY-MM-DD') ?? null;
  const { data, previousData, loading, error, refetch } = useQuery(DashboardDocument, { variables: { unit: unitCode, from, to } });
  const view = data ?? previousData;
  const canIssue = session.user.role === 'SUPERVISOR' || session.user.role === 'SQUAD_LEADER';

  // The breadcrumb runs from the caller's own unit down to the unit in view.
  const trail = view?.unit ? [...view.unit.ancestors, { code: view.unit.code, name: view.unit.name, level: view.unit.level }] : [];
  const crumbs = trail.slice(Math.max(0, trail.findIndex((u) => u.code === home.code)));
  const stats = view?.unitStats;
  // The busiest units first, as the chart draws them (open + closed cases), then by code.
  const children = [...(view?.childUnitStats ?? [])].sort(
    (a, b) => b.casesOpen + b.casesClosed - (a.casesOpen + a.casesClosed) || a.unit.code.localeCompare(b.unit.code),
  );
  const drillable = (row: ChildRow) => row.unit.level !== 'GRID';

  const columns: ColumnsType<ChildRow> = [
    {
      title: '单位',
      key: 'unit',
      render: (_, r) =>
        drillable(r) ? (
          <Typography.Link onClick={() => setUnitCode(r.unit.code)} data-testid={`drill-${r.unit.code}`}>
            {r.unit.name}
          </Typography.Link>
        ) : (
          r.unit.name
        ),
    },
    { title: '在办', dataIndex: 'casesOpen', align: 'right', sorter: (a, b) => a.casesOpen - b.casesOpen },
    {
      title: '超期',
      dataIndex: 'casesOverdue',
      align: 'right',
      sorter: (a, b) => a.casesOverdue - b.casesOverdue,
      render: (n: number) => <span className={n > 0 ? 'overdue' : undefined}>{n}</span>,
    },
    { title: '已结案', dataIndex: 'casesClosed', align: 'right' },
    { title: '待受理求助', dataIndex: 'claimsPending', align: 'right' },
    { title: '欠薪金额', dataIndex: 'amountOwed', align: 'right', render: formatMoney },
    { title: '已追回', dataIndex: 'amountRecovered', align: 'right', render: formatMoney },
    { title: '涉及人数', dataIndex: 'workersAffected', align: 'right' },
  ];

  const exportStats = () => {
    const unitName = view?.unit?.name ?? unitCode;
    const period = from || to ? `${from ?? '开始'}至${to ?? '今'}` : '全部';
    return downloadXlsx<ChildRow & { total?: boolean }>(
      stampedName(`${unitName}统计表`),
      '统计表',
      [
        { header: '单位代码', value: (r) => (r.total ? '' : r.unit.code), width: 14 },
        { header: '单位', value: (r) => r.unit.name, width: 22 },
        { header: '层级', value: (r) => (r.total ? '合计' : unitLevelLabel[r.unit.level]), width: 10 },
        { header: '在办案件', value: (r) => r.casesOpen, width: 10 },
        { header: '超期案件', value: (r) => r.casesOverdue, width: 10 },
        { header: '已结案件', value: (r) => r.casesClosed, width: 10 },
        { header: '待受理求助', value: (r) => r.claimsPending, width: 12 },
        { header: '欠薪金额（元）', value: (r) => moneyCell(r.amountOwed), width: 16, format: MONEY_FORMAT },
        { header: '已追回金额（元）', value: (r) => moneyCell(r.amountRecovered), width: 16, format: MONEY_FORMAT },
        { header: '涉及人数', value: (r) => r.workersAffected, width: 10 },
        { header: '统计期间', value: () => period, width: 22 },
        { header: '导出时间', value: () => inZone(new Date()).format('YYYY-MM-DD HH:mm'), width: 18 },
      ],
      [...children, ...(stats && view?.unit ? [{ ...stats, unit: { code: view.unit.code, name: `${view.unit.name}（合计）`, level: view.unit.level }, total: true }] : [])],
    );
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Breadcrumb
            data-testid="dashboard-breadcrumb"
            items={crumbs.map((u, i) => ({
              key: u.code,
              title: i < crumbs.length - 1 ? <a onClick={() => setUnitCode(u.code)}>{u.name}</a> : <strong>{u.name}</strong>,
            }))}
          />
          <Space wrap>
            <DatePicker.RangePicker value={range} onChange={(v) => setRange(v)} placeholder={['立案登记起', '止']} allowEmpty={[true, true]} />
            <Button onClick={() => refetch()}>刷新</Button>
            {canIssue && (
              <Button type="primary" icon={<FlagOutlined />} onClick={() => setIssuing(true)}>
                挂牌督办
              </Button>
            )}
          </Space>
        </Space>
      </Card>
      {error && <Alert type="error" showIcon message={displayMessage(errorInfo(error).message)} />}
      <Spin spinning={loading && !view}>
        <div className="dashboard-totals" data-testid="dashboard-totals">
          {(
            [
              ['在办案件', stats?.casesOpen, 'cases-open'],
              ['超期案件', stats?.casesOverdue, 'cases-overdue'],
              ['已结案件', stats?.casesClosed, 'cases-closed'],
              ['待受理求助', stats?.claimsPending, 'claims-pending'],
              ['欠薪金额', stats ? formatMoney(stats.amountOwed) : undefined, 'amount-owed'],
              ['已追回', stats ? formatMoney(stats.amountRecovered) : undefined, 'amount-recovered'],
              ['涉及人数', stats?.workersAffected, 'workers'],
            ] as const
          ).map(([title, value, id]) => (
            <Card size="small" key={id}>
              <Statistic
                title={title}
                value={value ?? '—'}
                valueStyle={{
                  fontSize: id.startsWith('amount') ? 20 : 24,
                  ...(id === 'cases-overdue' && (stats?.casesOverdue ?? 0) > 0 ? { color: '#cf1322' } : {}),
                }}
                data-testid={`stat-${id}`}
              />
            </Card>
          ))}
        </div>
      </Spin>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card
            size="small"
            title={`下级单位（${view?.unit ? unitLevelLabel[children[0]?.unit.level ?? ''] ?? '' : ''}）`}
            extra={
              <Button size="small" icon={<DownloadOutlined />} onClick={exportStats} disabled={!children.length}>
                导出Excel
              </Button>
            }
          >
            <Suspense fallback={<div style={{ height: 240 }} />}>{children.length > 0 && <UnitChart rows={children} onPick={(code) => setUnitCode(code)} />}</Suspense>
            <Table<ChildRow>
              rowKey={(r) => r.unit.code}
              size="small"
              columns={columns}
              dataSource={children}
              pagination={children.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
              locale={{ emptyText: '没有下级单位数据' }}
              data-testid="child-stats"
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <LiveFeed unitCode={unitCode} unitName={view?.unit?.name ?? ''} onEvent={() => refetch()} />
        </Col>
      </Row>
      <Card size="small">
        <Tabs
          items={[
            { key: 'orders', label: '督办事项', children: <SupervisionOrderTable issuerCode={home.code} /> },
            { key: 'warnings', label: '欠薪预警', children: <WarningTable unitCode={unitCode} /> },
            { key: 'blacklist', label: '失信名单', children: <BlacklistTable unitCode={unitCode} /> },
          ]}
        />
      </Card>
      {issuing && <IssueOrderDialog unitCode={unitCode} onClose={() => setIssuing(false)} />}
    </Space>
  );
}
