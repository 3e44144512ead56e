import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { graphql } from '../../gql';
import type { Role } from '../../gql/graphql';
import { applyFieldErrors, displayMessage, errorInfo } from '../../shared/errors';
import { roleLabel } from '../labels';
import { UnitTreeSelect } from './UnitTreeSelect';

const AssignableRolesDocument = graphql(`
  query AssignableRoles($unit: String!) {
    assignableRoles(unitCode: $unit)
  }
`);

const CreateUserDocument = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) { id username displayName role unit { code name } }
  }
`);

interface Values {
  unitCode: string;
  role: Role;
  username: string;
  displayName: string;
  password: string;
  confirm: string;
}

/**
 * 新建账户: the unit first, then only the roles the server allows at that unit's level (asked from
 * the server, the same rule createUser enforces), then name and an initial password.
 */
export function CreateUserDialog({ root, onClose, onDone }: { root: { code: string; name: string; level: string }; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const unitCode = Form.useWatch('unitCode', form);
  const [failure, setFailure] = useState<string | null>(null);
  const roles = useQuery(AssignableRolesDocument, { variables: { unit: unitCode ?? '' }, skip: !unitCode });
  const allowed = unitCode ? (roles.data?.assignableRoles ?? []) : [];
  const [create, { loading }] = useMutation(CreateUserDocument);

  // A role that the newly chosen unit does not allow is cleared.
  useEffect(() => {
    const role = form.getFieldValue('role');
    if (role && roles.data && !roles.data.assignableRoles.includes(role)) form.setFieldValue('role', undefined);
  }, [roles.data, form]);

  const submit = async (v: Values) => {
    setFailure(null);
    try {
      const r = await create({ variables: { input: { username: v.username.trim(), displayName: v.displayName.trim(), password: v.password, role: v.role, unitCode: v.unitCode } } });
      message.success(`已创建账户 ${r.data!.createUser.username}`);
      onDone();
    } catch (err) {
      if (!applyFieldErrors(form, err)) setFailure(displayMessage(errorInfo(err).message));
    }
  };

  return (
    <Modal open title="新建账户" okText="创建" cancelText="取消" onCancel={onClose} onOk={() => form.submit()} confirmLoading={loading} destroyOnHidden width={560}>
      {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={submit} autoComplete="off">
        <Form.Item name="unitCode" label="所属单位" rules={[{ required: true, message: '请选择所属单位' }]}>
          <UnitTreeSelect root={root} placeholder="选择账户所属单位" />
        </Form.Item>
        <Form.Item
          name="role"
          label="角色"
          rules={[{ required: true, message: '请选择角色' }]}
          extra={unitCode ? (allowed.length ? undefined : '该单位不能设置账户') : '先选择所属单位，再选择该层级允许的角色'}
        >
          <Select
            placeholder="选择角色"
            disabled={!unitCode || !allowed.length}
            loading={roles.loading}
            options={allowed.map((r) => ({ value: r, label: roleLabel[r] ?? r }))}
            data-testid="role-select"
          />
        </Form.Item>
        <Form.Item name="username" label="用户名" rules={[{ required: true, whitespace: true, message: '请填写用户名' }, { pattern: /^[A-Za-z][A-Za-z0-9._-]{2,63}$/, message: '3-64位，字母开头，可含字母、数字、点、下划线或连字符' }]}>
          <Input placeholder="如 insp.shangjiang" />
        </Form.Item>
        <Form.Item name="displayName" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="password" label="初始密码" rules={[{ required: true, message: '请设置初始密码' }]} extra="至少8位，含大小写字母、数字和符号中的三类">
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="确认密码"
          dependencies={['password']}
          rules={[
            { required: true, message: '请再次输入密码' },
            ({ getFieldValue }) => ({ validator: (_, v) => (!v || v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致'))) }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
