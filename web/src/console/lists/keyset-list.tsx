import type { OperationVariables, TypedDocumentNode } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { Button, Typography } from 'antd';
import { useMemo, useState } from 'react';

/** The shape of every Relay connection the console lists. */
interface ConnectionLike {
  totalCount?: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  edges: { node: unknown }[];
}

type NodeOf<C> = C extends { edges: { node: infer N }[] } ? N : never;

/**
 * A list query of one Relay connection (`field` of the result), paged by its keyset cursor:
 * "加载更多" appends the next page after `endCursor`, never an offset. While new variables load,
 * the previous rows stay on screen. `rows` keeps its identity until the edges change, so a
 * table with memoised columns does not redraw its cells on unrelated re-renders.
 */
export function useKeysetList<TData extends Record<K, ConnectionLike>, TVars extends OperationVariables, K extends keyof TData & string>(
  document: TypedDocumentNode<TData, TVars>,
  field: K,
  variables: TVars,
) {
  // One query hook for every list; the typed document fixes data and variables for its callers.
  const result = useQuery(document as TypedDocumentNode<TData, OperationVariables>, { variables, notifyOnNetworkStatusChange: true });
  const { data, previousData, error, refetch } = result;
  const [loadingMore, setLoadingMore] = useState(false);
  const list = ((data ?? previousData) as TData | undefined)?.[field];
  const edges = list?.edges;
  const rows = useMemo(() => (edges ?? []).map((e) => e.node as NodeOf<TData[K]>), [edges]);

  const loadMore = async () => {
    if (!list?.pageInfo.endCursor) return;
    setLoadingMore(true);
    try {
      await result.fetchMore({
        variables: { after: list.pageInfo.endCursor },
        updateQuery: (prev, { fetchMoreResult }) => {
          const before = (prev as TData)[field];
          const next = (fetchMoreResult as TData)[field];
          return { ...(fetchMoreResult as TData), [field]: { ...next, edges: [...before.edges, ...next.edges] } } as never;
        },
      });
    } finally {
      setLoadingMore(false);
    }
  };

  return {
    rows,
    edges,
    totalCount: list?.totalCount ?? 0,
    hasMore: !!list?.pageInfo.hasNextPage,
    /** The first page (or new variables) is loading; not while more rows are being appended. */
    loading: result.loading && !loadingMore,
    loadingMore,
    loadMore,
    error,
    refetch,
  };
}

/** Under a keyset list: "已显示 n / 共 m 件" and the 加载更多 button while there is more. */
export function LoadMoreFooter({
  list,
  unit = '件',
  testId = 'list-count',
}: {
  list: Pick<ReturnType<typeof useKeysetList>, 'rows' | 'totalCount' | 'hasMore' | 'loadingMore' | 'loadMore'>;
  unit?: string;
  testId?: string;
}) {
  return (
    <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 12 }}>
      <Typography.Text type="secondary" data-testid={testId}>
        已显示 {list.rows.length} / 共 {list.totalCount} {unit}
      </Typography.Text>
      {list.hasMore && (
        <Button onClick={() => void list.loadMore()} loading={list.loadingMore}>
          加载更多
        </Button>
      )}
    </div>
  );
}
