import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { graphql } from '../../gql';
import type { LoadHolidayScheduleMutation } from '../../gql/graphql';
import { applyFieldErrors, displayMessage, errorInfo } from '../../shared/errors';
import { formatDate } from '../../shared/format';
import { deadlineKindLabel } from '../supervisionLabels';

const HolidayYearsDocument = graphql(`
  query HolidayYears {
    holidayScheduleYears
  }
`);

const LoadHolidayScheduleDocument = graphql(`
  mutation LoadHolidaySchedule($input: HolidayScheduleInput!) {
    loadHolidaySchedule(input: $input) {
      year holidays workdays deadlinesRecomputed deadlinesChanged
      changes { kind previousDueAt dueAt previousProvisional provisional case { id number title handlingUnit { code name } } }
    }
  }
`);

type Loaded = LoadHolidayScheduleMutation['loadHolidaySchedule'];
type Change = Loaded['changes'][number];

export interface ParsedDay {
  day: string;
  name: string;
}

/**
 * Lines as the State Council notice lists them, one holiday block or make-up day per line:
 * "春节 2027-02-06 至 2027-02-12" or "春节调休 2027-02-14" (至, ~ or ～ between two dates).
 * Returns the days, or the first line that cannot be read.
 */
export function parseScheduleLines(text: string, year: number): { days: ParsedDay[]; error?: string } {
  const days: ParsedDay[] = [];
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  for (const line of lines) {
    const m = /^(.+?)[\s：:]+(\d{4}-\d{2}-\d{2})(?:\s*(?:至|~|～|到)\s*(\d{4}-\d{2}-\d{2}))?$/.exec(line);
    if (!m) return { days, error: `无法识别：“${line}”，应为“名称 YYYY-MM-DD”或“名称 YYYY-MM-DD 至 YYYY-MM-DD”` };
    const [, name, from, to = from] = m;
    const start = Date.parse(`${from}T00:00:00Z`);
    const end = Date.parse(`${to}T00:00:00Z`);
    if (Number.isNaN(start) || Number.isNaN(end) || end < start || end - start > 40 * 86_400_000) return { days, error: `日期有误：“${line}”` };
    for (let d = start; d <= end; d += 86_400_000) {
      const day = new Date(d).toISOString().slice(0, 10);
      if (!day.startsWith(`${year}-`)) return { days, error: `${day} 不在 ${year} 年内：“${line}”` };
      days.push({ day, name: name.trim() });
    }
  }
  return { days };
}

interface Values {
  year: number;
  holidays: string;
  workdays: string;
}

/**
 * 节假日安排: a province ADMIN loads a year's official schedule (国务院办公厅通知); every running
 * clock is counted again, and the page lists the deadlines that moved.
 */
export default function HolidayPage() {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const years = useQuery(HolidayYearsDocument);
  const [load, { loading }] = useMutation(LoadHolidayScheduleDocument, { refetchQueries: ['HolidayYears'] });
  const [result, setResult] = useState<Loaded | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const loadedYears = years.data?.holidayScheduleYears ?? [];
  const nextYear = loadedYears.length ? Math.max(...loadedYears) + 1 : new Date().getFullYear() + 1;

  const year = Form.useWatch('year', form) ?? nextYear;
  const holidaysText = Form.useWatch('holidays', form) ?? '';
  const workdaysText = Form.useWatch('workdays', form) ?? '';
  const preview = useMemo(() => ({ holidays: parseScheduleLines(holidaysText, year), workdays: parseScheduleLines(workdaysText, year) }), [holidaysText, workdaysText, year]);

  const submit = async (v: Values) => {
    setFailure(null);
    const holidays = parseScheduleLines(v.holidays ?? '', v.year);
    const workdays = parseScheduleLines(v.workdays ?? '', v.year);
    try {
      const r = await load({ variables: { input: { year: v.year, holidays: holidays.days, workdays: workdays.days } } });
      setResult(r.data!.loadHolidaySchedule);
      message.success(`${v.year} 年节假日安排已载入`);
    } catch (err) {
      if (!applyFieldErrors(form, err)) setFailure(displayMessage(errorInfo(err).message));
    }
  };

  const linesRule = (field: 'holidays' | 'workdays') => ({
    validator: (_: unknown, v: string | undefined) => {
      const { error } = parseScheduleLines(v ?? '', form.getFieldValue('year') ?? nextYear);
      return error ? Promise.reject(new Error(error)) : field === 'holidays' && !(v ?? '').trim() ? Promise.reject(new Error('请填写放假安排')) : Promise.resolve();
    },
  });

  const columns: ColumnsType<Change> = [
    { title: '案件', key: 'case', width: 200, render: (_, c) => <Link to={`/cases/${c.case.id}`}>{c.case.number}</Link> },
    { title: '案由', key: 'title', ellipsis: true, render: (_, c) => c.case.title },
    { title: '办理单位', key: 'unit', width: 120, render: (_, c) => c.case.handlingUnit.name },
    { title: '期限种类', dataIndex: 'kind', width: 110, render: (k: string) => deadlineKindLabel[k] ?? k },
    {
      title: '原期限',
      key: 'before',
      width: 150,
      render: (_, c) => (
        <Space size={4}>
          {formatDate(c.previousDueAt)}
          {c.previousProvisional && <Tag color="orange">暂定</Tag>}
        </Space>
      ),
    },
    {
      title: '重算后期限',
      key: 'after',
      width: 150,
      render: (_, c) => (
        <Space size={4}>
          <strong>{formatDate(c.dueAt)}</strong>
          {c.provisional ? <Tag color="orange">暂定</Tag> : <Tag color="green">正式</Tag>}
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title="节假日安排">
        <Space wrap style={{ marginBottom: 16 }}>
          <Typography.Text>已载入年份：</Typography.Text>
          {loadedYears.length ? loadedYears.map((y) => <Tag key={y}>{y}</Tag>) : <Typography.Text type="secondary">无</Typography.Text>}
        </Space>
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message="按国务院办公厅当年节假日安排通知填写。载入后，所有在办案件的受理、办案期限和协查答复期限按新日历重新计算；跨入未载入年份的期限按周一至周五暂定。"
        />
        {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 16 }} />}
        <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ year: nextYear, holidays: '', workdays: '' }} key={nextYear}>
          <Form.Item name="year" label="年份" rules={[{ required: true, message: '请填写年份' }]}>
            <InputNumber min={2004} max={2100} style={{ width: 160 }} />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <Form.Item
                name="holidays"
                label="放假日期"
                rules={[linesRule('holidays')]}
                extra={`每行一段，如“春节 ${year}-02-06 至 ${year}-02-12”。共 ${preview.holidays.days.length} 天`}
              >
                <Input.TextArea rows={8} placeholder={`元旦 ${year}-01-01\n春节 ${year}-02-06 至 ${year}-02-12`} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={12}>
              <Form.Item
                name="workdays"
                label="调休上班日期"
                rules={[linesRule('workdays')]}
                extra={`每行一天，如“春节调休 ${year}-02-14”。共 ${preview.workdays.days.length} 天`}
              >
                <Input.TextArea rows={8} placeholder={`春节调休 ${year}-02-14`} />
              </Form.Item>
            </Col>
          </Row>
          <Button type="primary" htmlType="submit" loading={loading}>
            载入并重算期限
          </Button>
        </Form>
      </Card>
      {result && (
        <Card title={`${result.year} 年安排已载入：重算结果`} data-testid="recompute-result">
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <Statistic title="放假天数" value={result.holidays.length} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title="调休上班天数" value={result.workdays.length} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title="重新计算的在办期限" value={result.deadlinesRecomputed} data-testid="deadlines-recomputed" />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title="本辖区期限变动" value={result.deadlinesChanged} data-testid="deadlines-changed" />
            </Col>
          </Row>
          <Table<Change>
            rowKey={(c) => `${c.case.id}-${c.kind}-${c.previousDueAt}`}
            size="small"
            columns={columns}
            dataSource={result.changes}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            locale={{ emptyText: '本辖区没有期限因此变动' }}
            footer={result.deadlinesChanged > result.changes.length ? () => `仅列出最早到期的 ${result.changes.length} 项` : undefined}
            data-testid="deadline-changes"
          />
        </Card>
      )}
    </Space>
  );
}
