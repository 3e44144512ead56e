import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@apollo/client/react';
import { App, Button, Card, Col, Descriptions, Empty, Form, Input, List, Popconfirm, Result, Row, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { applyFieldErrors, displayMessage, errorInfo } from '../../shared/errors';
import { formatDate, formatDateTime, formatMoney } from '../../shared/format';
import { DeadlineCell } from '../cases/CaseTable';
import { caseOutcomeLabel, caseSourceLabel, eventNoteText as noteText, caseStatusColor, caseStatusLabel, claimStatusLabel, eventTypeLabel, linkReasonLabel } from '../labels';
import { CaseToolbar, type CaseDetail } from './CaseActions';
import * as D from './caseDocuments';
import { CommandModal } from './CommandModal';

/** 案件详情: everything about one case, and the commands this user may run on it now. */
export default function CasePage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { data, loading, error, refetch } = useQuery(D.CaseDetailDocument, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const reload = () => refetch();
  const c = data?.case;

  if (!c && loading) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (!c) {
    const info = error ? errorInfo(error) : null;
    return (
      <Result
        status={info?.code === 'NOT_FOUND' || !info ? '404' : 'error'}
        title={info?.code === 'NOT_FOUND' || !info ? '案件不存在，或不在您的管辖范围内' : '案件读取失败'}
        subTitle={info && info.code !== 'NOT_FOUND' ? displayMessage(info.message) : undefined}
        extra={<Button onClick={() => navigate(-1)}>返回</Button>}
      />
    );
  }

  const closed = c.status === 'CLOSED' || c.status === 'REJECTED';
  return (
    <div data-testid="case-page">
      <Card
        style={{ marginBottom: 16 }}
        title={
          <Space wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label="返回" />
            <span data-testid="case-number">{c.number}</span>
            <Tag color={caseStatusColor[c.status]} data-testid="case-status">
              {caseStatusLabel[c.status]}
            </Tag>
            {c.overdue && <Tag color="red">已超期</Tag>}
            {c.employer.blacklisted && <Tag color="black">失信名单</Tag>}
          </Space>
        }
        extra={<Button icon={<ReloadOutlined />} onClick={reload} loading={loading} aria-label="刷新" />}
      >
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {c.title}
        </Typography.Title>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="case-header">
          <Descriptions.Item label="用人单位">
            {c.employer.name}
            {c.employer.creditCode && <Typography.Text type="secondary">（{c.employer.creditCode}）</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label="办理单位">{c.handlingUnit.name}</Descriptions.Item>
          <Descriptions.Item label="用工地">{c.workplaceUnit.name}</Descriptions.Item>
          <Descriptions.Item label="欠薪金额">
            <span data-testid="amount-owed">{formatMoney(c.amountOwed)}</span>
          </Descriptions.Item>
          <Descriptions.Item label="已追回">
            <span data-testid="amount-recovered">{formatMoney(c.amountRecovered)}</span>
          </Descriptions.Item>
          <Descriptions.Item label="涉及人数">{c.workersAffected} 人</Descriptions.Item>
          <Descriptions.Item label="来源">{caseSourceLabel[c.source]}</Descriptions.Item>
          <Descriptions.Item label="登记时间">{formatDateTime(c.openedAt)}</Descriptions.Item>
          {c.status === 'RECEIVED' ? (
            <Descriptions.Item label="受理期限">
              <DeadlineCell c={c} />
            </Descriptions.Item>
          ) : (
            <Descriptions.Item label="办案期限">
              {closed || c.status === 'TRANSFERRED_TO_POLICE' ? (
                <span data-testid="deadline">
                  {c.handlingDueAt ? formatDateTime(c.handlingDueAt) : '—'}
                  {c.status === 'TRANSFERRED_TO_POLICE' ? '（已移送公安，停止计算）' : '（已结束）'}
                </span>
              ) : (
                <DeadlineCell c={c} />
              )}
            </Descriptions.Item>
          )}
          {c.closedAt && <Descriptions.Item label="办结时间">{formatDateTime(c.closedAt)}</Descriptions.Item>}
          {c.outcome && <Descriptions.Item label="结案结果">{caseOutcomeLabel[c.outcome]}</Descriptions.Item>}
        </Descriptions>
        {c.description && (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }} ellipsis={{ rows: 2, expandable: true, symbol: '展开' }}>
            {c.description}
          </Typography.Paragraph>
        )}
        <CaseToolbar c={c} reload={reload} />
      </Card>

      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card title="办案进程" style={{ marginBottom: 16 }} data-testid="timeline">
            <Timeline
              items={c.events.map((e) => ({
                color: e.type === 'OVERDUE' ? 'red' : e.type === 'CLOSED' ? 'green' : 'blue',
                children: (
                  <div>
                    <Space size={8} wrap>
                      <Typography.Text strong>{eventTypeLabel[e.type] ?? e.type}</Typography.Text>
                      <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>
                      {e.actor && <Typography.Text type="secondary">{e.actor.displayName}</Typography.Text>}
                    </Space>
                    {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{noteText(e.type, e.note)}</div>}
                  </div>
                ),
              }))}
            />
            {c.allowedActions.includes('ADD_NOTE') && <NoteForm caseId={c.id} reload={reload} />}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Inspectors c={c} />
          <Links c={c} reload={reload} />
          <SupervisionOrders c={c} reload={reload} />
          <AssistanceRequests c={c} reload={reload} />
          <Claims c={c} />
        </Col>
      </Row>
    </div>
  );
}

/** The closing note starts with the outcome's code (e.g. "PAID_IN_FULL：…"): shown in Chinese. */
function NoteForm({ caseId, reload }: { caseId: string; reload: () => Promise<unknown> }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note: string }>();
  const [add, { loading }] = useMutation(D.AddCaseNoteDocument);
  const submit = async (v: { note: string }) => {
    try {
      await add({ variables: { caseId, note: v.note } });
      form.resetFields();
      message.success('已添加备注');
      await reload();
    } catch (err) {
      if (!applyFieldErrors(form, err)) message.error(displayMessage(errorInfo(err).message));
    }
  };
  return (
    <Form form={form} onFinish={submit} layout="vertical">
      <Form.Item name="note" label="添加备注" rules={[{ required: true, whitespace: true, message: '请填写备注内容' }]}>
        <Input.TextArea rows={2} maxLength={2000} placeholder="例如：电话联系企业负责人，约定下周一到队说明情况" />
      </Form.Item>
      <Button htmlType="submit" loading={loading}>
        添加备注
      </Button>
    </Form>
  );
}

function Inspectors({ c }: { c: CaseDetail }) {
  return (
    <Card title="承办人" size="small" style={{ marginBottom: 16 }} data-testid="inspectors">
      {c.inspectors.length ? (
        <Space wrap>
          {c.inspectors.map((u) => (
            <Tag key={u.id}>
              {u.displayName}
              {u.unit ? `（${u.unit.name}）` : ''}
            </Tag>
          ))}
        </Space>
      ) : (
        <Typography.Text type="secondary">立案时指派</Typography.Text>
      )}
    </Card>
  );
}

function Links({ c, reload }: { c: CaseDetail; reload: () => Promise<unknown> }) {
  const { message } = App.useApp();
  const [unlink] = useMutation(D.UnlinkUnitDocument);
  const can = c.allowedActions.includes('UNLINK_UNIT');
  return (
    <Card title="关联单位" size="small" style={{ marginBottom: 16 }} data-testid="links">
      <List
        size="small"
        dataSource={c.links}
        locale={{ emptyText: '无关联单位' }}
        renderItem={(l) => (
          <List.Item
            actions={
              can && l.reason !== 'TRANSFERRED_FROM'
                ? [
                    <Popconfirm
                      key="rm"
                      title={`取消关联${l.unit.name}？`}
                      description="该单位将不再能查看本案"
                      okText="取消关联"
                      cancelText="保留"
                      onConfirm={async () => {
                        try {
                          await unlink({ variables: { caseId: c.id, unitCode: l.unit.code } });
                          message.success('已取消关联');
                        } catch (err) {
                          message.error(displayMessage(errorInfo(err).message));
                        }
                        await reload();
                      }}
                    >
                      <Button type="link" size="small" danger>
                        取消关联
                      </Button>
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <Space direction="vertical" size={0}>
              <span>{l.unit.name}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {linkReasonLabel[l.reason]} · {formatDate(l.linkedAt)}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

function SupervisionOrders({ c, reload }: { c: CaseDetail; reload: () => Promise<unknown> }) {
  const [reporting, setReporting] = useState<string | null>(null);
  const [report] = useMutation(D.ReportOnSupervisionOrderDocument);
  const can = c.allowedActions.includes('REPORT_ON_SUPERVISION_ORDER');
  if (!c.supervisionOrders.length) return null;
  return (
    <Card title="上级督办" size="small" style={{ marginBottom: 16 }} data-testid="supervision-orders">
      <List
        size="small"
        dataSource={c.supervisionOrders}
        renderItem={(o) => (
          <List.Item
            actions={
              can && o.status === 'OPEN'
                ? [
                    <Button key="r" type="link" size="small" onClick={() => setReporting(o.id)}>
                      回复
                    </Button>,
                  ]
                : []
            }
          >
            <Space direction="vertical" size={2} style={{ width: '100%' }}>
              <Space wrap>
                <Typography.Text strong>{o.issuingUnit.name}</Typography.Text>
                {o.status === 'OPEN' ? <Tag color={o.overdue ? 'red' : 'orange'}>{o.overdue ? '逾期未报' : '待回复'}</Tag> : <Tag color="green">已回复</Tag>}
                <Typography.Text type="secondary" className={o.overdue ? 'overdue' : undefined}>
                  报告期限 {formatDate(o.dueAt)}
                </Typography.Text>
              </Space>
              <span>{o.instructions}</span>
              {o.report && (
                <Typography.Text type="secondary">
                  回复（{formatDateTime(o.reportedAt)}）：{o.report}
                </Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
      <CommandModal<{ report: string }>
        title="回复督办"
        open={!!reporting}
        onClose={() => setReporting(null)}
        reload={reload}
        success="已回复督办"
        fieldMap={{ report: 'report' }}
        onSubmit={(v) => report({ variables: { orderId: reporting!, report: v.report } })}
      >
        {() => (
          <Form.Item name="report" label="办理情况" rules={[{ required: true, whitespace: true, message: '请填写办理情况' }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
        )}
      </CommandModal>
    </Card>
  );
}

function AssistanceRequests({ c, reload }: { c: CaseDetail; reload: () => Promise<unknown> }) {
  const [answering, setAnswering] = useState<string | null>(null);
  const [answer] = useMutation(D.AnswerAssistanceDocument);
  if (!c.assistanceRequests.length) return null;
  return (
    <Card title="协查" size="small" style={{ marginBottom: 16 }} data-testid="assistance-requests">
      <List
        size="small"
        dataSource={c.assistanceRequests}
        renderItem={(r) => (
          <List.Item
            actions={
              r.canAnswer
                ? [
                    <Button key="a" type="link" size="small" onClick={() => setAnswering(r.id)}>
                      答复
                    </Button>,
                  ]
                : []
            }
          >
            <Space direction="vertical" size={2} style={{ width: '100%' }}>
              <Space wrap>
                <Typography.Text strong>致 {r.toUnit.name}</Typography.Text>
                {r.answer ? <Tag color="green">已答复</Tag> : <Tag color={r.overdue ? 'red' : 'orange'}>{r.overdue ? '逾期未复' : '待答复'}</Tag>}
                <Typography.Text type="secondary">
                  期限 {formatDate(r.dueAt)}
                  {r.dueProvisional ? '（暂定）' : ''}
                </Typography.Text>
              </Space>
              <span>{r.request}</span>
              {r.answer && (
                <Typography.Text type="secondary">
                  答复（{formatDateTime(r.answeredAt)}）：{r.answer}
                </Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
      <CommandModal<{ answer: string }>
        title="答复协查"
        open={!!answering}
        onClose={() => setAnswering(null)}
        reload={reload}
        success="已答复"
        onSubmit={(v) => answer({ variables: { requestId: answering!, answer: v.answer } })}
      >
        {() => (
          <Form.Item name="answer" label="协查结果" rules={[{ required: true, whitespace: true, message: '请填写协查结果' }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
        )}
      </CommandModal>
    </Card>
  );
}

function Claims({ c }: { c: CaseDetail }) {
  return (
    <Card title="并入的欠薪求助" size="small" style={{ marginBottom: 16 }} data-testid="claims">
      {c.claims.length ? (
        <List
          size="small"
          dataSource={c.claims}
          renderItem={(w) => (
            <List.Item>
              <Space wrap>
                <span>{w.number}</span>
                <span>{w.claimantName}</span>
                <span>{formatMoney(w.amountOwed)}</span>
                <Tag>{claimStatusLabel[w.status]}</Tag>
                <Typography.Text type="secondary">{formatDate(w.submittedAt)}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无" />
      )}
    </Card>
  );
}

