import { useMutation } from '@apollo/client/react';
import { Alert, App, Button, Drawer, Form, Input, Radio } from 'antd';
import { useState } from 'react';
import { graphql } from '../../gql';
import { creditCodeProblem, normalizeCreditCode } from '../../shared/credit-code';
import { applyFieldErrors, displayMessage, errorInfo } from '../../shared/errors';

const RegisterEmployerDocument = graphql(`
  mutation RegisterGridEmployer($input: RegisterEmployerInput!) {
    registerEmployer(input: $input) { id name creditCode grid { code } }
  }
`);

interface Values {
  name: string;
  creditCode: string;
  registeredUnitCode: string;
}

/** A drawer as wide as the phone (at most 480 px). */
export function drawerWidth(): number | string {
  return typeof window !== 'undefined' && window.innerWidth < 520 ? '100%' : 480;
}

/**
 * 登记用人单位 in the own grid: registered in the grid or in its township, the two places a grid
 * assistant keeps the register of. The credit code's check character is verified here before the
 * server verifies it again.
 */
export function RegisterEmployerDrawer({
  grid,
  township,
  onClose,
  onDone,
}: {
  grid: { code: string; name: string };
  township: { code: string; name: string } | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [failure, setFailure] = useState<string | null>(null);
  const [register, { loading }] = useMutation(RegisterEmployerDocument);

  const submit = async (v: Values) => {
    setFailure(null);
    try {
      await register({
        variables: { input: { name: v.name.trim(), creditCode: normalizeCreditCode(v.creditCode), registeredUnitCode: v.registeredUnitCode, gridCode: grid.code } },
      });
      message.success(`已登记：${v.name.trim()}`);
      onDone();
    } catch (err) {
      if (!applyFieldErrors(form, err)) setFailure(displayMessage(errorInfo(err).message));
    }
  };

  return (
    <Drawer open title="登记用人单位" width={drawerWidth()} onClose={onClose} destroyOnHidden>
      {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ registeredUnitCode: grid.code }}>
        <Form.Item name="name" label="单位名称" rules={[{ required: true, whitespace: true, message: '请填写单位名称' }]}>
          <Input maxLength={200} placeholder="与营业执照一致" />
        </Form.Item>
        <Form.Item
          name="creditCode"
          label="统一社会信用代码"
          normalize={(v: string) => v?.toUpperCase().replace(/\s/g, '')}
          rules={[
            { required: true, message: '请填写统一社会信用代码' },
            {
              validator: (_, v: string | undefined) => {
                const problem = v ? creditCodeProblem(v) : null;
                return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
              },
            },
          ]}
        >
          <Input maxLength={18} placeholder="18位，见营业执照" autoComplete="off" />
        </Form.Item>
        <Form.Item name="registeredUnitCode" label="登记地" rules={[{ required: true }]}>
          <Radio.Group>
            <Radio value={grid.code}>{grid.name}（本网格）</Radio>
            {township && <Radio value={township.code}>{township.name}</Radio>}
          </Radio.Group>
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={loading}>
          登记
        </Button>
      </Form>
    </Drawer>
  );
}
