import { Card } from 'antd';
import { CaseTable } from './CaseTable';

/** 案件查询: every case the caller may see (its own and its subtree's, and linked ones). */
export default function CasesPage() {
  return (
    <Card title="案件查询">
      <CaseTable />
    </Card>
  );
}
