import { useMutation } from '@apollo/client/react';
import { App, Button, Card, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { graphql } from '../../gql';
import type { PendingClaimsQuery } from '../../gql/graphql';
import { applyFieldErrors, displayMessage, errorInfo } from '../../shared/errors';
import { daysUntil, formatDate, formatDateTime, formatMoney } from '../../shared/format';
import { LoadMoreFooter, useKeysetList } from '../lists/keyset-list';

const PendingClaimsDocument = graphql(`
  query PendingClaims($after: String) {
    wageClaims(first: 20, after: $after, filter: { status: [SUBMITTED] }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id number employerName employerCreditCode projectName amountOwed workersAffected
          periodFrom periodTo description claimantName claimantPhone submittedAt responseDueAt overdue
          workplaceUnit { code name }
        }
      }
    }
  }
`);

const AcceptClaimDocument = graphql(`
  mutation AcceptClaim($claimId: ID!) {
    acceptWageClaim(claimId: $claimId) { id status caseNumber case { id } }
  }
`);

const RejectClaimDocument = graphql(`
  mutation RejectClaim($claimId: ID!, $reason: String!) {
    rejectWageClaim(claimId: $claimId, reason: $reason) { id status rejectReason }
  }
`);

type Claim = PendingClaimsQuery['wageClaims']['edges'][number]['node'];

/**
 * 待受理的欠薪求助: each must be answered within 5 working days of submission (受理或不予受理);
 * accepting attaches it to the open case against the same employer, or opens one.
 */
export function ClaimsWaiting() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const list = useKeysetList(PendingClaimsDocument, 'wageClaims', {});
  const refetch = list.refetch;
  const [accept] = useMutation(AcceptClaimDocument);
  const [reject] = useMutation(RejectClaimDocument);
  const [rejecting, setRejecting] = useState<Claim | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  const onAccept = async (c: Claim) => {
    setBusy(c.id);
    try {
      const r = await accept({ variables: { claimId: c.id } });
      const caseId = r.data?.acceptWageClaim.case?.id;
      message.success(`已受理，并入案件 ${r.data?.acceptWageClaim.caseNumber ?? ''}`);
      await refetch();
      if (caseId) navigate(`/cases/${caseId}`);
    } catch (err) {
      message.error(displayMessage(errorInfo(err).message));
      await refetch();
    } finally {
      setBusy(null);
    }
  };

  const onReject = async () => {
    const v = await form.validateFields();
    try {
      await reject({ variables: { claimId: rejecting!.id, reason: v.reason } });
      message.success('已不予受理，并告知劳动者');
      setRejecting(null);
      form.resetFields();
      await refetch();
    } catch (err) {
      if (!applyFieldErrors(form, err)) message.error(displayMessage(errorInfo(err).message));
    }
  };

  const columns: ColumnsType<Claim> = [
    { title: '求助编号', dataIndex: 'number', width: 160 },
    {
      title: '用人单位',
      key: 'employer',
      ellipsis: true,
      render: (_, c) => (
        <span>
          {c.employerName}
          {c.projectName && <Typography.Text type="secondary">（{c.projectName}）</Typography.Text>}
        </span>
      ),
    },
    { title: '金额', dataIndex: 'amountOwed', width: 110, align: 'right', render: formatMoney },
    { title: '人数', dataIndex: 'workersAffected', width: 56, align: 'right' },
    { title: '用工地', key: 'wp', width: 100, ellipsis: true, render: (_, c) => c.workplaceUnit.name },
    { title: '提交时间', dataIndex: 'submittedAt', width: 130, render: formatDateTime },
    {
      title: '受理期限（5个工作日）',
      key: 'due',
      width: 170,
      render: (_, c) => {
        const d = daysUntil(c.responseDueAt);
        return (
          <Space size={4} className={c.overdue ? 'overdue' : undefined} data-testid="claim-due">
            <span>{formatDate(c.responseDueAt)}</span>
            <span>{c.overdue ? `已超期 ${Math.max(1, -d)} 天` : d === 0 ? '今日到期' : `剩 ${d} 天`}</span>
          </Space>
        );
      },
    },
    {
      title: '操作',
      key: 'actions',
      width: 130,
      render: (_, c) => (
        <Space>
          <Button type="link" size="small" loading={busy === c.id} onClick={() => onAccept(c)}>
            受理
          </Button>
          <Button type="link" size="small" danger onClick={() => setRejecting(c)}>
            不予受理
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={
        <Space>
          待受理欠薪求助
          <Tag color={list.totalCount ? 'red' : 'default'}>{list.totalCount}</Tag>
        </Space>
      }
      style={{ marginBottom: 16 }}
      data-testid="claims-waiting"
    >
      <Table<Claim>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.rows}
        loading={list.loading}
        pagination={false}
        expandable={{
          expandedRowRender: (c) => (
            <Typography.Paragraph style={{ margin: 0 }}>
              {c.description}
              <br />
              <Typography.Text type="secondary">
                欠薪期间 {c.periodFrom} 至 {c.periodTo}；求助人 {c.claimantName} {c.claimantPhone}
                {c.employerCreditCode ? `；统一社会信用代码 ${c.employerCreditCode}` : ''}
              </Typography.Text>
            </Typography.Paragraph>
          ),
        }}
        locale={{ emptyText: '没有待受理的欠薪求助' }}
      />
      {list.hasMore && <LoadMoreFooter list={list} unit="条" testId="claim-count" />}
      <Modal
        title={`不予受理：${rejecting?.number ?? ''}`}
        open={!!rejecting}
        onOk={onReject}
        onCancel={() => setRejecting(null)}
        okText="确认不予受理"
        okButtonProps={{ danger: true }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="reason" label="不予受理理由（将告知劳动者）" rules={[{ required: true, whitespace: true, message: '请填写理由' }]}>
            <Input.TextArea rows={4} maxLength={500} showCount placeholder="例如：超过两年时效、不属于本辖区管辖（请告知向何处反映）" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
