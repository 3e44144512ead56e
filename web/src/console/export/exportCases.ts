import type { ApolloClient } from '@apollo/client';
import type { CaseFilter, CaseListQuery, CaseOrder } from '../../gql/graphql';
import { activeDeadline, CaseListDocument, type CaseRow } from '../cases/CaseTable';
import { caseSourceLabel, caseStatusLabel } from '../labels';
import { DATE_TIME_FORMAT, downloadXlsx, MONEY_FORMAT, moneyCell, shanghaiCell, stampedName } from './xlsx';

/** The most rows one export fetches (page by page, 100 at a time, on the list's own cursor). */
export const EXPORT_LIMIT = 10_000;

/**
 * 导出Excel of a case list: every case that matches the list's filter (not only the loaded
 * pages), in the server's order the list shows them (the same `orderBy`).
 */
export async function exportCaseList(
  client: ApolloClient,
  filter: CaseFilter,
  orderBy: CaseOrder = 'NEWEST',
  opts: { name?: string } = {},
): Promise<number> {
  const rows: CaseRow[] = [];
  let after: string | null = null;
  for (;;) {
    const result = await client.query({ query: CaseListDocument, variables: { first: 100, after, filter, orderBy }, fetchPolicy: 'network-only' });
    const page: CaseListQuery['cases'] = result.data!.cases;
    rows.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage || rows.length >= EXPORT_LIMIT) break;
    after = page.pageInfo.endCursor ?? null;
  }
  await downloadXlsx<CaseRow>(stampedName(opts.name ?? '案件清单'), '案件清单', [
    { header: '案件编号', value: (c) => c.number, width: 24 },
    { header: '案由', value: (c) => c.title, width: 30 },
    { header: '用人单位', value: (c) => c.employer.name, width: 28 },
    { header: '状态', value: (c) => caseStatusLabel[c.status] ?? c.status, width: 12 },
    { header: '来源', value: (c) => caseSourceLabel[c.source] ?? c.source, width: 10 },
    { header: '办理单位', value: (c) => c.handlingUnit.name, width: 14 },
    { header: '欠薪金额（元）', value: (c) => moneyCell(c.amountOwed), width: 16, format: MONEY_FORMAT },
    { header: '已追回金额（元）', value: (c) => moneyCell(c.amountRecovered), width: 16, format: MONEY_FORMAT },
    { header: '涉及人数', value: (c) => c.workersAffected, width: 10 },
    { header: '登记时间', value: (c) => shanghaiCell(c.openedAt), width: 18, format: DATE_TIME_FORMAT },
    { header: '当前期限', value: (c) => shanghaiCell(activeDeadline(c)), width: 18, format: DATE_TIME_FORMAT },
    { header: '是否超期', value: (c) => (c.overdue ? '是' : '否'), width: 10 },
    { header: '期限暂定', value: (c) => (c.deadlineProvisional ? '是' : '否'), width: 10 },
  ], rows);
  return rows.length;
}
