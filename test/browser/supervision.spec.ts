import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { searchPick } from '../support/antd';
import { BrowserSession } from '../support/browser';
import { newCreditCode } from '../support/claims';
import { TestApp, unique } from '../support/test-app';

/**
 * The supervision side of the console in a real browser, against the real server: the county
 * supervisor's dashboard (numbers, drill-down, live feed), a supervision order issued from it and
 * seen on the squad's case page, and the Excel exports of the statistics and of the case list.
 */

const FANJI = '411329305';
const YANGZHUANG = '411329305212';

async function login(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('Demo@2026');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('current-user').waitFor();
}

/** The number a Statistic card shows. */
async function statValue(page: Page, id: string): Promise<number> {
  const text = await page.getByTestId(`stat-${id}`).locator('.ant-statistic-content-value').innerText();
  return Number(text.replace(/[^\d.-]/g, ''));
}

/** Waits until a Statistic card shows `expected` (the page refreshes its numbers on its own). */
async function statBecomes(page: Page, id: string, expected: number): Promise<void> {
  const until = Date.now() + 20_000;
  let seen = await statValue(page, id);
  while (seen !== expected && Date.now() < until) {
    await page.waitForTimeout(200);
    seen = await statValue(page, id);
  }
  expect(seen).toBe(expected);
}

async function readWorkbook(path: string): Promise<ExcelJS.Worksheet> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await readFile(path)) as unknown as ExcelJS.Buffer);
  return book.worksheets[0];
}

function sheetRows(sheet: ExcelJS.Worksheet): ExcelJS.CellValue[][] {
  const rows: ExcelJS.CellValue[][] = [];
  sheet.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)));
  return rows;
}

describe('console supervision (browser)', () => {
  let app: TestApp;
  let sup: BrowserSession;
  let squad: BrowserSession | undefined;
  let opened: { id: string; number: string; title: string };

  beforeAll(async () => {
    app = await TestApp.start();
    sup = await BrowserSession.open(app.url);
  });

  afterAll(async () => {
    await squad?.close(false);
    await sup?.close();
    await app?.close();
  });

  it('shows the county supervisor a case opened in 樊集 in the live feed and in the numbers', async () => {
    const { page } = sup;
    await login(page, 'sup.xinye');
    await page.goto('/dashboard');
    await page.getByTestId('dashboard-breadcrumb').getByText('新野县').waitFor();
    await page.getByTestId('feed-status').getByText('已连接').waitFor();
    await page.getByTestId('drill-411329305').waitFor();
    const openBefore = await statValue(page, 'cases-open');

    const title = unique('看板测试-拖欠工资-');
    const { openCase } = await app.as('insp.fanji').ok(
      `mutation($i: OpenCaseInput!) { openCase(input: $i) { id number title } }`,
      {
        i: {
          title,
          source: 'COMPLAINT',
          handlingUnitCode: FANJI,
          workplaceUnitCode: YANGZHUANG,
          employer: { name: unique('看板测试建筑公司'), creditCode: newCreditCode() },
          workersAffected: 4,
          amountOwed: '23456.78',
          description: '4名工人两个月工资未发',
        },
      },
    );
    opened = openCase;

    const item = page.getByTestId('feed-item').filter({ hasText: opened.number });
    await item.waitFor();
    expect(await item.innerText()).toContain('登记');
    // The numbers follow the event.
    await statBecomes(page, 'cases-open', openBefore + 1);
    await page.getByTestId('unit-chart').locator('canvas').first().waitFor();
    await sup.screenshot('05-dashboard');
  });

  it('drills down to a township by clicking it, and back up by the breadcrumb', async () => {
    const { page } = sup;
    const row = page.getByTestId('child-stats').locator('tr', { has: page.getByTestId('drill-411329305') });
    const fanjiOpen = Number(await row.locator('td').nth(1).innerText());
    expect(fanjiOpen).toBeGreaterThanOrEqual(1);
    await page.getByTestId('drill-411329305').click();
    await page.getByTestId('dashboard-breadcrumb').getByText('樊集乡').waitFor();
    await statBecomes(page, 'cases-open', fanjiOpen);
    await sup.screenshot('05-dashboard-township');
    await page.getByTestId('dashboard-breadcrumb').getByText('新野县').click();
    await page.getByTestId('drill-411329305').waitFor();
  });

  it('exports the statistics table to Excel with Chinese headers and numbers for amounts', async () => {
    const { page } = sup;
    const shown = await page.getByTestId('child-stats').locator('tbody tr.ant-table-row').count();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出Excel' }).first().click()]);
    expect(download.suggestedFilename()).toMatch(/^新野县统计表-\d{8}-\d{4}\.xlsx$/);
    const sheet = await readWorkbook((await download.path())!);
    const rows = sheetRows(sheet);
    expect(rows[0].slice(0, 10)).toEqual(['单位代码', '单位', '层级', '在办案件', '超期案件', '已结案件', '待受理求助', '欠薪金额（元）', '已追回金额（元）', '涉及人数']);
    const body = rows.slice(1);
    expect(body).toHaveLength(shown + 1);
    const fanji = body.find((r) => r[0] === FANJI)!;
    expect(fanji[1]).toBe('樊集乡');
    expect(typeof fanji[7]).toBe('number');
    expect(fanji[7] as number).toBeGreaterThanOrEqual(23456.78);
    expect(body[body.length - 1][2]).toBe('合计');
    expect(sheet.getColumn(8).numFmt).toBe('#,##0.00');
  });

  it('issues a supervision order from the dashboard, listed there and shown on the squad\'s case page', async () => {
    const { page } = sup;
    await page.getByRole('button', { name: /挂牌督办/ }).click();
    const dialog = page.getByRole('dialog', { name: '挂牌督办' });
    await searchPick(page, dialog.getByLabel('督办案件'), opened.number);
    const instructions = `请于期限内查清${opened.title}欠薪事实并报告`;
    await dialog.getByLabel('督办要求').fill(instructions);
    await sup.screenshot('05-dashboard-issue-order');
    await dialog.getByRole('button', { name: '下达督办' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const orders = page.getByTestId('supervision-orders');
    await orders.getByText(opened.number).waitFor();
    expect(await orders.locator('tr', { hasText: opened.number }).innerText()).toContain('待报告');

    squad = await BrowserSession.open(app.url, { browser: sup.browser });
    await login(squad.page, 'lead.fanji');
    await squad.page.goto(`/cases/${opened.id}`);
    await squad.page.getByTestId('supervision-orders').getByText(instructions, { exact: true }).waitFor();
    await squad.screenshot('05-case-page-supervision-order');
  });

  it('exports the case list as it is shown, with amounts as numbers and dates in Asia/Shanghai', async () => {
    const { page } = sup;
    await page.goto('/cases');
    const table = page.getByTestId('case-table');
    await table.getByText(opened.number).waitFor();
    const numbers = await table.locator('tbody tr.ant-table-row td:first-child').allInnerTexts();
    const total = Number(/共\s*(\d+)/.exec(await page.getByTestId('case-count').innerText())![1]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出\s*Excel/ }).click()]);
    const rows = sheetRows(await readWorkbook((await download.path())!));
    expect(rows[0]).toEqual(expect.arrayContaining(['案件编号', '案由', '用人单位', '状态', '欠薪金额（元）', '登记时间']));
    const body = rows.slice(1);
    expect(body).toHaveLength(total);
    // The rows on screen, in the same order, are the first rows of the export.
    expect(body.slice(0, numbers.length).map((r) => r[0])).toEqual(numbers.map((n) => n.trim()));
    const ours = body.find((r) => r[0] === opened.number)!;
    const header = rows[0] as string[];
    expect(ours[header.indexOf('欠薪金额（元）')]).toBe(23456.78);
    expect(ours[header.indexOf('状态')]).toBe('待立案');
    // Excel dates carry the Shanghai wall-clock time.
    const [{ opened_at }] = await app.ds.query(`SELECT opened_at FROM case_file WHERE id = $1`, [opened.id]);
    const shanghai = new Date(new Date(opened_at).getTime() + 8 * 3_600_000);
    expect((ours[header.indexOf('登记时间')] as Date).toISOString().slice(0, 16)).toBe(shanghai.toISOString().slice(0, 16));
    await sup.screenshot('08-case-list-export');
  });

  it('made no request outside the server', () => {
    expect(sup.requests.length).toBeGreaterThan(10);
    expect(sup.foreignRequests()).toEqual([]);
    expect(squad!.foreignRequests()).toEqual([]);
  });
});
