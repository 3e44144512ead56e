import { useMutation } from '@apollo/client/react';
import { Button, DatePicker, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { CaseAction, CaseDetailQuery, CaseOutcome, LinkReason } from '../../gql/graphql';
import { formatMoney, todayInZone } from '../../shared/format';
import { caseOutcomeLabel, linkReasonLabel } from '../labels';
import { UnitCascader } from '../units/UnitCascader';
import * as D from './caseDocuments';
import { CommandModal } from './CommandModal';
import { MoneyInput, moneyRules } from './MoneyInput';

export type CaseDetail = NonNullable<CaseDetailQuery['case']>;

/** The commands shown as buttons above the case (the others sit beside what they act on). */
export const TOOLBAR: { action: CaseAction; label: string; primary?: boolean; danger?: boolean }[] = [
  { action: 'FILE', label: '立案', primary: true },
  { action: 'REJECT', label: '不予立案', danger: true },
  { action: 'ORDER_RECTIFICATION', label: '责令整改', primary: true },
  { action: 'RECORD_PAYMENT', label: '登记支付' },
  { action: 'DECIDE_PENALTY', label: '行政处罚' },
  { action: 'TRANSFER_TO_POLICE', label: '移送公安' },
  { action: 'EXTEND_DEADLINE', label: '延长期限' },
  { action: 'CLOSE', label: '结案', primary: true },
  { action: 'TRANSFER', label: '移送其他单位' },
  { action: 'ISSUE_SUPERVISION_ORDER', label: '督办' },
  { action: 'REQUEST_ASSISTANCE', label: '发起协查' },
  { action: 'LINK_UNIT', label: '关联单位' },
];

const day = (d: Dayjs) => d.format('YYYY-MM-DD');
const afterToday = (d: Dayjs) => !!d && d.format('YYYY-MM-DD') <= todayInZone();
const text = (label: string, max = 500) => [
  { required: true, whitespace: true, message: `请填写${label}` },
  { max, message: `${label}不超过${max}字` },
];

/** The action buttons this user may use now (Case.allowedActions), each opening its form. */
export function CaseToolbar({ c, reload }: { c: CaseDetail; reload: () => Promise<unknown> }) {
  const [open, setOpen] = useState<CaseAction | null>(null);
  const allowed = new Set(c.allowedActions);
  const buttons = TOOLBAR.filter((b) => allowed.has(b.action));
  const close = () => setOpen(null);
  const common = { reload, onClose: close };
  const caseId = c.id;

  const [file] = useMutation(D.FileCaseDocument);
  const [reject] = useMutation(D.RejectCaseDocument);
  const [order] = useMutation(D.OrderRectificationDocument);
  const [pay] = useMutation(D.RecordPaymentDocument);
  const [penalty] = useMutation(D.DecidePenaltyDocument);
  const [police] = useMutation(D.TransferToPoliceDocument);
  const [extend] = useMutation(D.ExtendDeadlineDocument);
  const [closeCase] = useMutation(D.CloseCaseDocument);
  const [transfer] = useMutation(D.TransferCaseDocument);
  const [supervise] = useMutation(D.IssueSupervisionOrderDocument);
  const [assist] = useMutation(D.RequestAssistanceDocument);
  const [link] = useMutation(D.LinkUnitDocument);

  const owedLeft = Math.max(0, Number(c.amountOwed) - Number(c.amountRecovered)).toFixed(2);

  return (
    <>
      <Space wrap data-testid="case-actions">
        {buttons.map((b) => (
          <Button key={b.action} type={b.primary ? 'primary' : 'default'} danger={b.danger} onClick={() => setOpen(b.action)}>
            {b.label}
          </Button>
        ))}
        {!buttons.length && <Typography.Text type="secondary">当前状态下您没有可执行的操作</Typography.Text>}
      </Space>

      <CommandModal<{ inspectorIds: string[] }>
        {...common}
        title="立案：指派承办人"
        open={open === 'FILE'}
        success="已立案，办案期限已开始计算"
        onSubmit={(v) => file({ variables: { caseId, inspectorIds: v.inspectorIds } })}
      >
        {() => (
          <Form.Item
            name="inspectorIds"
            label="承办人（至少两名执法人员）"
            rules={[{ required: true, message: '请选择承办人' }]}
          >
            <Select
              mode="multiple"
              placeholder="选择本乡镇或县级监察人员"
              optionFilterProp="label"
              options={c.assignableInspectors.map((u) => ({ value: u.id, label: `${u.displayName}（${u.unit?.name ?? ''}）` }))}
              data-testid="inspector-select"
            />
          </Form.Item>
        )}
      </CommandModal>

      <CommandModal<{ reason: string }>
        {...common}
        title="不予立案"
        open={open === 'REJECT'}
        danger
        success="已作出不予立案决定"
        onSubmit={(v) => reject({ variables: { caseId, reason: v.reason } })}
      >
        {() => (
          <Form.Item name="reason" label="不予立案理由" rules={text('理由')}>
            <Input.TextArea rows={4} placeholder="例如：超过两年时效，或不属于本机关管辖" />
          </Form.Item>
        )}
      </CommandModal>

      <CommandModal<{ dueDate: Dayjs; amountToPay: string; note?: string }>
        {...common}
        title="责令限期整改"
        open={open === 'ORDER_RECTIFICATION'}
        success="已下达责令改正指令书"
        initialValues={{ amountToPay: owedLeft }}
        onSubmit={(v) => order({ variables: { caseId, dueDate: day(v.dueDate), amountToPay: v.amountToPay, note: v.note || null } })}
      >
        {() => (
          <>
            <Form.Item name="dueDate" label="整改期限（截止日）" rules={[{ required: true, message: '请选择整改期限' }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={afterToday} data-testid="due-date" />
            </Form.Item>
            <Form.Item name="amountToPay" label="责令支付金额" rules={moneyRules('金额')}>
              <MoneyInput />
            </Form.Item>
            <Form.Item name="note" label="说明（可选）">
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        )}
      </CommandModal>

      <CommandModal<{ amount: string; workersPaid: number; note?: string }>
        {...common}
        title="登记支付到账"
        open={open === 'RECORD_PAYMENT'}
        success="已登记支付"
        initialValues={{ workersPaid: c.workersAffected }}
        onSubmit={(v) => pay({ variables: { caseId, amount: v.amount, workersPaid: v.workersPaid, note: v.note || null } })}
      >
        {() => (
          <>
            <Typography.Paragraph type="secondary">
              欠薪 {formatMoney(c.amountOwed)}，已追回 {formatMoney(c.amountRecovered)}
            </Typography.Paragraph>
            <Form.Item name="amount" label="本次支付金额" rules={moneyRules('金额')}>
              <MoneyInput />
            </Form.Item>
            <Form.Item name="workersPaid" label="本次受偿人数" rules={[{ required: true, message: '请填写人数' }]}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} addonAfter="人" />
            </Form.Item>
            <Form.Item name="note" label="说明（可选）">
              <Input.TextArea rows={2} placeholder="例如：银行转账，凭证号……" />
            </Form.Item>
          </>
        )}
      </CommandModal>

      <CommandModal<{ fine: string; basis: string }>
        {...common}
        title="作出行政处罚决定"
        open={open === 'DECIDE_PENALTY'}
        success="已登记行政处罚决定"
        onSubmit={(v) => penalty({ variables: { caseId, fine: v.fine, basis: v.basis } })}
      >
        {() => (
          <>
            <Form.Item name="fine" label="罚款金额" rules={moneyRules('罚款金额')}>
              <MoneyInput />
            </Form.Item>
            <Form.Item name="basis" label="处罚依据" rules={text('处罚依据')}>
              <Input.TextArea rows={3} placeholder="例如：《保障农民工工资支付条例》第五十五条" />
            </Form.Item>
          </>
        )}
      </CommandModal>

      <CommandModal<{ reason: string }>
        {...common}
        title="移送公安机关"
        open={open === 'TRANSFER_TO_POLICE'}
        danger
        success="已移送公安机关，办案期限停止计算"
        onSubmit={(v) => police({ variables: { caseId, reason: v.reason } })}
      >
        {() => (
          <Form.Item name="reason" label="移送理由" rules={text('移送理由')}>
            <Input.TextArea rows={3} placeholder="例如：涉嫌拒不支付劳动报酬罪" />
          </Form.Item>
        )}
      </CommandModal>

      <CommandModal<{ reason: string }>
        {...common}
        title="延长办案期限（30个工作日，仅可一次）"
        open={open === 'EXTEND_DEADLINE'}
        success="办案期限已延长"
        onSubmit={(v) => extend({ variables: { caseId, reason: v.reason } })}
      >
        {() => (
          <Form.Item name="reason" label="延期理由" rules={text('延期理由')}>
            <Input.TextArea rows={3} placeholder="例如：案情复杂，需调取银行流水" />
          </Form.Item>
        )}
      </CommandModal>

      <CommandModal<{ outcome: CaseOutcome; summary: string }>
        {...common}
        title="结案"
        open={open === 'CLOSE'}
        success="已结案"
        initialValues={{ outcome: Number(c.amountRecovered) >= Number(c.amountOwed) ? 'PAID_IN_FULL' : undefined }}
        onSubmit={(v) => closeCase({ variables: { caseId, outcome: v.outcome, summary: v.summary } })}
      >
        {() => (
          <>
            <Form.Item name="outcome" label="结案结果" rules={[{ required: true, message: '请选择结案结果' }]}>
              <Select
                options={Object.entries(caseOutcomeLabel).map(([value, label]) => ({ value, label }))}
                placeholder="选择结案结果"
                data-testid="outcome-select"
              />
            </Form.Item>
            <Form.Item name="summary" label="结案摘要" rules={text('结案摘要', 2000)}>
              <Input.TextArea rows={4} />
            </Form.Item>
          </>
        )}
      </CommandModal>

      <CommandModal<{ toUnitCode: string; reason: string }>
        {...common}
        title="移送其他单位办理"
        open={open === 'TRANSFER'}
        success="已移送"
        onSubmit={(v) => transfer({ variables: { caseId, toUnitCode: v.toUnitCode, reason: v.reason } })}
      >
        {() => (
          <>
            <Form.Item name="toUnitCode" label="接收单位（乡镇或县区）" rules={[{ required: true, message: '请选择接收单位' }]}>
              <UnitCascader deepest="TOWNSHIP" selectable={['COUNTY', 'TOWNSHIP']} />
            </Form.Item>
            <Form.Item name="reason" label="移送理由" rules={text('移送理由')}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </>
        )}
      </CommandModal>

      <CommandModal<{ instructions: string; dueDate: Dayjs }>
        {...common}
        title="挂牌督办"
        open={open === 'ISSUE_SUPERVISION_ORDER'}
        success="已下达督办"
        onSubmit={(v) => supervise({ variables: { caseId, instructions: v.instructions, dueDate: day(v.dueDate) } })}
      >
        {() => (
          <>
            <Form.Item name="instructions" label="督办要求" rules={text('督办要求', 2000)}>
              <Input.TextArea rows={3} />
            </Form.Item>
            <Form.Item name="dueDate" label="报告期限" rules={[{ required: true, message: '请选择期限' }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={afterToday} defaultPickerValue={dayjs().add(15, 'day')} />
            </Form.Item>
          </>
        )}
      </CommandModal>

      <CommandModal<{ unitCode: string; request: string }>
        {...common}
        title="发起协查"
        open={open === 'REQUEST_ASSISTANCE'}
        success="已发出协查请求"
        onSubmit={(v) => assist({ variables: { caseId, unitCode: v.unitCode, request: v.request } })}
      >
        {() => (
          <>
            <Form.Item name="unitCode" label="协查单位" rules={[{ required: true, message: '请选择协查单位' }]}>
              <UnitCascader deepest="TOWNSHIP" />
            </Form.Item>
            <Form.Item name="request" label="协查事项" rules={text('协查事项', 2000)}>
              <Input.TextArea rows={3} placeholder="例如：请核实该企业在贵地的项目工地及用工情况" />
            </Form.Item>
          </>
        )}
      </CommandModal>

      <CommandModal<{ unitCode: string; reason: LinkReason }>
        {...common}
        title="关联单位（一地办案，多地监管）"
        open={open === 'LINK_UNIT'}
        success="已关联，该单位及其上级可查看本案"
        onSubmit={(v) => link({ variables: { caseId, unitCode: v.unitCode, reason: v.reason } })}
      >
        {() => (
          <>
            <Form.Item name="unitCode" label="单位" rules={[{ required: true, message: '请选择单位' }]}>
              <UnitCascader />
            </Form.Item>
            <Form.Item name="reason" label="关联原因" rules={[{ required: true, message: '请选择关联原因' }]}>
              <Select
                options={Object.entries(linkReasonLabel)
                  .filter(([v]) => v !== 'TRANSFERRED_FROM')
                  .map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
          </>
        )}
      </CommandModal>
    </>
  );
}
