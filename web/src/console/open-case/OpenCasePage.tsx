import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, AutoComplete, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { graphql } from '../../gql';
import type { CaseSource } from '../../gql/graphql';
import { creditCodeProblem, normalizeCreditCode } from '../../shared/credit-code';
import { applyFieldErrors, displayMessage, errorInfo } from '../../shared/errors';
import { useSession } from '../../shared/session-react';
import { MoneyInput, moneyRules } from '../case/MoneyInput';
import { caseSourceLabel } from '../labels';
import { UnitCascader } from '../units/UnitCascader';

const EmployerSearchDocument = graphql(`
  query EmployerSearch($search: String!) {
    employers(first: 10, search: $search) {
      edges { node { id name creditCode riskLevel blacklisted registeredUnit { code name } } }
    }
  }
`);

const HandlingUnitsDocument = graphql(`
  query HandlingUnits($code: String!) {
    unit(code: $code) { code name level children { code name level } }
  }
`);

const OpenCaseDocument = graphql(`
  mutation OpenCase($input: OpenCaseInput!) {
    openCase(input: $input) { id number }
  }
`);

interface OpenCaseForm {
  title: string;
  source: CaseSource;
  handlingUnitCode: string;
  workplaceUnitCode: string;
  employerName: string;
  creditCode?: string;
  registeredUnitCode?: string;
  workersAffected: number;
  amountOwed: string;
  description: string;
}

type Found = { id: string; name: string; creditCode?: string | null; blacklisted: boolean; registeredUnit?: { code: string; name: string } | null };

/** 立案登记: a new case (RECEIVED) against an employer of the register, or one entered anew. */
export default function OpenCasePage() {
  const session = useSession()!;
  const client = useApolloClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<OpenCaseForm>();
  const [open, { loading }] = useMutation(OpenCaseDocument);
  const [found, setFound] = useState<Found[]>([]);
  const [chosen, setChosen] = useState<Found | null>(null);
  const [error, setError] = useState<string | null>(null);
  const searchSeq = useRef(0);
  const own = session.user.unit;
  const { data: units } = useQuery(HandlingUnitsDocument, { variables: { code: own?.code ?? '' }, skip: !own });

  // Who handles it: the caller's own township, or (county and above) a township or county below.
  const handlingOptions = (() => {
    const u = units?.unit;
    if (!u) return own ? [{ value: own.code, label: own.name }] : [];
    const here = u.level === 'TOWNSHIP' || u.level === 'COUNTY' ? [{ value: u.code, label: u.name }] : [];
    const below = u.children.filter((ch) => ch.level === 'TOWNSHIP' || ch.level === 'COUNTY').map((ch) => ({ value: ch.code, label: ch.name }));
    return [...here, ...below];
  })();

  const search = async (q: string) => {
    const seq = ++searchSeq.current;
    if (q.trim().length < 2) return setFound([]);
    const { data } = await client.query({ query: EmployerSearchDocument, variables: { search: q.trim() }, fetchPolicy: 'network-only' });
    if (seq === searchSeq.current) setFound(data?.employers.edges.map((e) => e.node) ?? []);
  };

  const choose = (id: string) => {
    const e = found.find((x) => x.id === id);
    if (!e) return;
    setChosen(e);
    form.setFieldsValue({ employerName: e.name, creditCode: e.creditCode ?? undefined, registeredUnitCode: e.registeredUnit?.code });
  };

  const submit = async (v: OpenCaseForm) => {
    setError(null);
    try {
      const r = await open({
        variables: {
          input: {
            title: v.title.trim(),
            source: v.source,
            handlingUnitCode: v.handlingUnitCode,
            workplaceUnitCode: v.workplaceUnitCode,
            employer: {
              name: v.employerName.trim(),
              creditCode: v.creditCode ? normalizeCreditCode(v.creditCode) : null,
              registeredUnitCode: v.registeredUnitCode || null,
            },
            workersAffected: v.workersAffected,
            amountOwed: v.amountOwed,
            description: v.description.trim(),
          },
        },
      });
      message.success(`已登记案件 ${r.data!.openCase.number}`);
      navigate(`/cases/${r.data!.openCase.id}`);
    } catch (err) {
      const mapped = applyFieldErrors(form, err, {
        'employer.name': 'employerName',
        'employer.creditCode': 'creditCode',
        'employer.registeredUnitCode': 'registeredUnitCode',
        creditCode: 'creditCode',
      });
      if (!mapped) setError(displayMessage(errorInfo(err).message));
    }
  };

  return (
    <Card title="立案登记" data-testid="open-case">
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form<OpenCaseForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ source: 'COMPLAINT', handlingUnitCode: own && ['TOWNSHIP', 'COUNTY'].includes(own.level) ? own.code : undefined, workersAffected: 1 }}
        scrollToFirstError
      >
        <Row gutter={24}>
          <Col xs={24} lg={12}>
            <Typography.Title level={5}>案件信息</Typography.Title>
            <Form.Item name="title" label="案由" rules={[{ required: true, whitespace: true, message: '请填写案由' }, { min: 2, max: 200, message: '案由为2至200字' }]}>
              <Input placeholder="例如：某建筑公司拖欠农民工工资" />
            </Form.Item>
            <Form.Item name="source" label="案件来源" rules={[{ required: true }]}>
              <Select options={Object.entries(caseSourceLabel).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item name="handlingUnitCode" label="办理单位" rules={[{ required: true, message: '请选择办理单位' }]}>
              <Select options={handlingOptions} showSearch optionFilterProp="label" placeholder="办理本案的乡镇或县区" />
            </Form.Item>
            <Form.Item
              name="workplaceUnitCode"
              label="用工地（乡镇或村/社区）"
              rules={[{ required: true, message: '请选择用工地（到乡镇或村/社区）' }]}
              extra="按 省 → 市 → 县区 → 乡镇 → 村（社区）逐级选择"
            >
              <UnitCascader selectable={['TOWNSHIP', 'GRID']} placeholder="选择用工地" data-testid="workplace" />
            </Form.Item>
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item name="workersAffected" label="涉及劳动者人数" rules={[{ required: true, message: '请填写人数' }]}>
                  <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} addonAfter="人" />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="amountOwed" label="欠薪金额" rules={moneyRules('欠薪金额')}>
                  <MoneyInput />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="description" label="基本案情" rules={[{ required: true, whitespace: true, message: '请填写基本案情' }, { max: 5000 }]}>
              <Input.TextArea rows={4} placeholder="欠薪期间、项目、涉及人员、已掌握的证据等" />
            </Form.Item>
          </Col>
          <Col xs={24} lg={12}>
            <Typography.Title level={5}>用人单位</Typography.Title>
            <Form.Item label="在用人单位库中查找" extra="输入名称或18位统一社会信用代码；查不到时直接在下方填写">
              <AutoComplete
                onSearch={search}
                onSelect={choose}
                placeholder="名称或统一社会信用代码"
                data-testid="employer-search"
                options={found.map((e) => ({
                  value: e.id,
                  label: (
                    <Space>
                      <span>{e.name}</span>
                      <Typography.Text type="secondary">{e.creditCode}</Typography.Text>
                      {e.blacklisted && <Tag color="black">失信</Tag>}
                    </Space>
                  ),
                }))}
              />
            </Form.Item>
            {chosen && (
              <Alert
                type={chosen.blacklisted ? 'warning' : 'info'}
                showIcon
                style={{ marginBottom: 16 }}
                message={`已选用单位库中的：${chosen.name}${chosen.blacklisted ? '（失信名单）' : ''}`}
                action={
                  <Button size="small" type="text" onClick={() => (setChosen(null), form.resetFields(['employerName', 'creditCode', 'registeredUnitCode']))}>
                    清除
                  </Button>
                }
              />
            )}
            <Form.Item name="employerName" label="单位名称" rules={[{ required: true, whitespace: true, message: '请填写用人单位名称' }]}>
              <Input onChange={() => setChosen(null)} />
            </Form.Item>
            <Form.Item
              name="creditCode"
              label="统一社会信用代码"
              normalize={(v: string) => v?.toUpperCase().replace(/\s/g, '')}
              rules={[{ validator: async (_r, v?: string) => { const p = v ? creditCodeProblem(v) : null; if (p) throw new Error(p); } }]}
              extra="18位，校验位在浏览器中即核对（GB 32100）"
            >
              <Input maxLength={18} placeholder="例如 91411329MA44XXXXXX" onChange={() => setChosen(null)} />
            </Form.Item>
            <Form.Item name="registeredUnitCode" label="注册地（可选）">
              <UnitCascader deepest="COUNTY" placeholder="选择注册地（到县区）" />
            </Form.Item>
          </Col>
        </Row>
        <Space>
          <Button type="primary" htmlType="submit" loading={loading}>
            登记
          </Button>
          <Button onClick={() => navigate(-1)}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}
