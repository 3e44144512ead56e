import { App, Form, Modal, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { applyFieldErrors, displayMessage, errorInfo } from '../../shared/errors';

export interface CommandModalProps<V> {
  title: string;
  open: boolean;
  onClose: () => void;
  /** Runs the mutation; resolves when it succeeded. */
  onSubmit: (values: V) => Promise<unknown>;
  /** Re-reads the case (after success, and after a CONFLICT). */
  reload: () => Promise<unknown>;
  success: string;
  okText?: string;
  danger?: boolean;
  /** Server field names → form field names, where they differ. */
  fieldMap?: Record<string, string>;
  children: (form: FormInstance<V>) => ReactNode;
  initialValues?: Partial<V>;
}

/**
 * One case command as a form in a dialog. The server's BAD_USER_INPUT errors go next to the fields
 * they name; a CONFLICT (someone changed the case meanwhile, so this step no longer fits) reloads
 * the case and says so; anything else is shown as the server said it.
 */
export function CommandModal<V extends object>(p: CommandModalProps<V>) {
  const { message, notification } = App.useApp();
  const [form] = Form.useForm<V>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await p.onSubmit(values);
      message.success(p.success);
      p.onClose();
      await p.reload();
    } catch (err) {
      const info = errorInfo(err);
      if (info.code === 'CONFLICT') {
        p.onClose();
        await p.reload();
        notification.warning({ message: '案件已被他人修改，已刷新', description: displayMessage(info.message), placement: 'top' });
      } else if (!applyFieldErrors(form, err, p.fieldMap)) {
        message.error(displayMessage(info.message));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={p.title}
      open={p.open}
      onOk={submit}
      onCancel={p.onClose}
      okText={p.okText ?? '确定'}
      okButtonProps={{ danger: p.danger, loading: busy }}
      destroyOnHidden
      maskClosable={false}
      width={560}
    >
      <Form<V> form={form} layout="vertical" preserve={false} initialValues={p.initialValues} requiredMark>
        {p.children(form)}
      </Form>
    </Modal>
  );
}
