import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, DatePicker, Form, Input, Modal, Select, Spin } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { graphql } from '../../gql';
import { applyFieldErrors, displayMessage, errorInfo } from '../../shared/errors';
import { todayInZone } from '../../shared/format';
import { caseStatusLabel } from '../labels';

const OrderCaseSearchDocument = graphql(`
  query OrderCaseSearch($filter: CaseFilter) {
    cases(first: 10, filter: $filter) {
      edges { node { id number title status handlingUnit { code name } } }
    }
  }
`);

const IssueSupervisionOrderDocument = graphql(`
  mutation IssueDashboardSupervisionOrder($caseId: ID!, $instructions: String!, $dueDate: Date!) {
    issueSupervisionOrder(caseId: $caseId, instructions: $instructions, dueDate: $dueDate) { id dueAt status case { id number } }
  }
`);

/** A supervision order's usual deadline: 15 days (30 with approval). */
const DEFAULT_DAYS = 15;

interface Values {
  caseId: string;
  instructions: string;
  dueDate: Dayjs;
}

/** 挂牌督办: pick an open case of the subtree, write the instructions, set the reporting date. */
export function IssueOrderDialog({ unitCode, onClose }: { unitCode: string; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [failure, setFailure] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [issue, { loading: saving }] = useMutation(IssueSupervisionOrderDocument, { refetchQueries: ['SupervisionOrderList'] });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  // Typing is debounced; the open cases of the unit in view that match.
  const find = (value: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setText(value.trim()), 250);
  };
  const { data, loading } = useQuery(OrderCaseSearchDocument, {
    variables: { filter: { unitCode, status: ['RECEIVED', 'FILED', 'RECTIFICATION_ORDERED', 'PENALTY_DECIDED', 'TRANSFERRED_TO_POLICE'], ...(text ? { search: text } : {}) } },
    fetchPolicy: 'network-only',
  });

  const submit = async (v: Values) => {
    setFailure(null);
    try {
      const r = await issue({ variables: { caseId: v.caseId, instructions: v.instructions, dueDate: v.dueDate.format('YYYY-MM-DD') } });
      message.success(`已对 ${r.data!.issueSupervisionOrder.case.number} 挂牌督办`);
      onClose();
    } catch (err) {
      if (!applyFieldErrors(form, err, { caseId: 'caseId' })) setFailure(displayMessage(errorInfo(err).message));
    }
  };

  const options = (data?.cases.edges ?? []).map(({ node: c }) => ({
    value: c.id,
    label: `${c.number} ${c.title}（${c.handlingUnit.name}，${caseStatusLabel[c.status] ?? c.status}）`,
  }));

  return (
    <Modal open title="挂牌督办" okText="下达督办" cancelText="取消" onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} destroyOnHidden width={640}>
      {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ dueDate: dayjs(todayInZone()).add(DEFAULT_DAYS, 'day') }}
      >
        <Form.Item name="caseId" label="督办案件" rules={[{ required: true, message: '请选择要督办的案件' }]}>
          <Select
            showSearch
            filterOption={false}
            onSearch={find}
            options={options}
            placeholder="输入案件编号、案由或用人单位搜索"
            notFoundContent={loading ? <Spin size="small" /> : '没有在办案件'}
          />
        </Form.Item>
        <Form.Item name="instructions" label="督办要求" rules={[{ required: true, whitespace: true, message: '请填写督办要求' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder="如：请于期限内查清欠薪事实，督促用人单位足额支付，并书面报告办理结果。" />
        </Form.Item>
        <Form.Item name="dueDate" label="报告期限" rules={[{ required: true, message: '请选择报告期限' }]} extra="一般为15日，经批准可延长至30日">
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') <= todayInZone()} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
