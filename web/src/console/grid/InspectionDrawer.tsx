import { useMutation } from '@apollo/client/react';
import { Alert, App, Button, Drawer, Form, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import { graphql } from '../../gql';
import { applyFieldErrors, displayMessage, errorInfo } from '../../shared/errors';
import type { GridEmployer } from './GridPage';
import { drawerWidth } from './RegisterEmployerDrawer';

const RecordInspectionDocument = graphql(`
  mutation RecordGridInspection($input: RecordInspectionInput!) {
    recordInspection(input: $input) { id inspectedAt violationFound employer { id riskLevel } }
  }
`);

interface Values {
  findings: string;
  violationFound: boolean;
}

/** 记录巡查: what the assistant found at the employer; a violation raises an early warning. */
export function InspectionDrawer({ employer, onClose, onDone }: { employer: GridEmployer; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [failure, setFailure] = useState<string | null>(null);
  const [record, { loading }] = useMutation(RecordInspectionDocument);

  const submit = async (v: Values) => {
    setFailure(null);
    try {
      await record({ variables: { input: { employerId: employer.id, findings: v.findings.trim(), violationFound: v.violationFound } } });
      message.success(v.violationFound ? '巡查已记录，已触发欠薪预警' : '巡查已记录');
      onDone();
    } catch (err) {
      if (!applyFieldErrors(form, err)) setFailure(displayMessage(errorInfo(err).message));
    }
  };

  return (
    <Drawer open title="记录巡查" width={drawerWidth()} onClose={onClose} destroyOnHidden>
      <Typography.Paragraph strong>{employer.name}</Typography.Paragraph>
      {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ violationFound: false }}>
        <Form.Item name="violationFound" label="是否发现欠薪问题" rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid">
            <Radio value={false}>未发现</Radio>
            <Radio value>发现问题</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="findings" label="巡查情况" rules={[{ required: true, whitespace: true, message: '请填写巡查情况' }]}>
          <Input.TextArea rows={5} maxLength={2000} showCount placeholder="如：现场核查工资台账、考勤记录，工资按月足额发放。" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={loading}>
          保存巡查记录
        </Button>
      </Form>
    </Drawer>
  );
}
