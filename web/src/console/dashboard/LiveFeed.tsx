import { useSubscription } from '@apollo/client/react';
import { Badge, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { graphql } from '../../gql';
import type { LiveCaseEventsSubscription } from '../../gql/graphql';
import { useLiveConnection } from '../../shared/apollo';
import { formatDateTime } from '../../shared/format';
import { eventNoteText, eventTypeLabel } from '../labels';

const LiveCaseEventsDocument = graphql(`
  subscription LiveCaseEvents($unit: String) {
    caseEvents(unitCode: $unit) { caseId caseNumber at type note actor { displayName } }
  }
`);

type FeedEvent = LiveCaseEventsSubscription['caseEvents'];

const KEEP = 50;
/** Statistics are fetched again at most this often while events arrive. */
const REFRESH_MS = 3000;

/** 实时动态: events of the cases in the unit's subtree as they happen (graphql-ws), newest on top. */
export function LiveFeed({ unitCode, unitName, onEvent }: { unitCode: string; unitName: string; onEvent?: () => void }) {
  const [events, setEvents] = useState<(FeedEvent & { key: string })[]>([]);
  const connected = useLiveConnection();
  const last = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const seq = useRef(0);

  useEffect(() => setEvents([]), [unitCode]);
  useEffect(() => () => clearTimeout(pending.current), []);

  useSubscription(LiveCaseEventsDocument, {
    variables: { unit: unitCode },
    onData: ({ data }) => {
      const e = data.data?.caseEvents;
      if (!e) return;
      seq.current += 1;
      setEvents((list) => [{ ...e, key: `${seq.current}` }, ...list].slice(0, KEEP));
      if (!onEvent) return;
      // Throttled: a burst of events refreshes the numbers once.
      const wait = Math.max(0, last.current + REFRESH_MS - Date.now());
      clearTimeout(pending.current);
      pending.current = setTimeout(() => {
        last.current = Date.now();
        onEvent();
      }, wait);
    },
  });

  return (
    <Card
      size="small"
      title="实时动态"
      extra={<Badge status={connected ? 'processing' : 'default'} text={connected ? '已连接' : '连接中…'} data-testid="feed-status" />}
      styles={{ body: { maxHeight: 520, overflowY: 'auto', padding: '4px 12px' } }}
      data-testid="live-feed"
    >
      {events.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`${unitName}暂无新的案件动态，新动态将实时显示`} />
      ) : (
        <List
          size="small"
          dataSource={events}
          rowKey="key"
          renderItem={(e) => (
            <List.Item data-testid="feed-item">
              <Space direction="vertical" size={0} style={{ width: '100%' }}>
                <Space size={6} wrap>
                  <Tag color="blue">{eventTypeLabel[e.type] ?? e.type}</Tag>
                  <Link to={`/cases/${e.caseId}`}>{e.caseNumber}</Link>
                  <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>
                </Space>
                {(e.note || e.actor) && (
                  <Typography.Text type="secondary" ellipsis={{ tooltip: e.note && eventNoteText(e.type, e.note) }} style={{ maxWidth: '100%' }}>
                    {e.actor ? `${e.actor.displayName}：` : ''}
                    {e.note && eventNoteText(e.type, e.note)}
                  </Typography.Text>
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
