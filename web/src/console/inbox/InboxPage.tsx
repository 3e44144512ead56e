import { PlusOutlined } from '@ant-design/icons';
import { Button, Card } from 'antd';
import { Link } from 'react-router-dom';
import { CaseTable, OPEN_STATUSES } from '../cases/CaseTable';
import { ClaimsWaiting } from './ClaimsWaiting';

/** The squad's desk: claims to accept within 5 working days, then its open cases by urgency. */
export default function InboxPage() {
  return (
    <div>
      <ClaimsWaiting />
      <Card
        title="在办案件"
        extra={
          <Link to="/cases/new">
            <Button type="primary" icon={<PlusOutlined />}>
              立案登记
            </Button>
          </Link>
        }
      >
        <CaseTable defaultStatus={OPEN_STATUSES} orderBy="URGENCY" pageSize={100} />
      </Card>
    </div>
  );
}
