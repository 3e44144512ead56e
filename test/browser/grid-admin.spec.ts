import type { Page } from 'playwright-core';
import { makeCreditCode } from '../../src/common/credit-code';
import { CalendarService } from '../../src/modules/calendar/calendar.service';
import { CasesService } from '../../src/modules/cases/cases.service';
import { BrowserSession, launchBrowser } from '../support/browser';
import { TestApp, unique } from '../support/test-app';

/**
 * The grid assistant's pages on a phone (360×640) and the admin's pages, in a real browser against
 * the real server: register an employer (the credit code's check character verified in the
 * browser), record an inspection; create an account with a role the unit allows; load a year's
 * holiday schedule and see which deadlines moved.
 */

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function creditCode(): string {
  let body = '91411329MA';
  for (let i = 0; i < 7; i++) body += CREDIT_CHARS[Math.floor(Math.random() * CREDIT_CHARS.length)];
  return makeCreditCode(body);
}

/** The same code with a wrong check character. */
function wrongCheck(code: string): string {
  const other = CREDIT_CHARS[(CREDIT_CHARS.indexOf(code[17]) + 1) % CREDIT_CHARS.length];
  return code.slice(0, 17) + other;
}

async function login(page: Page, username: string, password = 'Demo@2026'): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('current-user').waitFor();
}

describe('console grid assistant and admin (browser)', () => {
  let app: TestApp;
  let phone: BrowserSession;
  let desk: BrowserSession;

  beforeAll(async () => {
    app = await TestApp.start();
    const browser = await launchBrowser();
    phone = await BrowserSession.open(app.url, { browser, width: 360, height: 640 });
    desk = await BrowserSession.open(app.url, { browser });
  });

  afterAll(async () => {
    // The database is shared with other test files: unload 2028 and count the deadlines again.
    if (app) {
      await app.ds.query(`DELETE FROM calendar_day WHERE day >= '2028-01-01' AND day < '2029-01-01'`);
      await app.ds.query(`DELETE FROM calendar_year WHERE year = 2028`);
      app.app.get(CalendarService).invalidate();
      await app.ds.transaction((m) => app.app.get(CasesService).recomputeOpenDeadlines(m));
      app.app.get(CalendarService).invalidate();
    }
    await desk?.close(false);
    await phone?.close();
    await app?.close();
  });

  it('lets the grid assistant register an employer of the own grid on a phone, checking the credit code first', async () => {
    const { page } = phone;
    await login(page, 'grid.yangzhuang');
    await page.waitForURL('**/grid');
    await page.getByRole('heading', { name: '网格用人单位' }).waitFor();
    await phone.screenshot('06-grid-employers-360');

    const name = unique('杨庄村测试食品厂');
    const code = creditCode();
    await page.getByRole('button', { name: /登记用人单位/ }).click();
    const drawer = page.getByRole('dialog', { name: '登记用人单位' });
    await drawer.getByLabel('单位名称').fill(name);
    await drawer.getByLabel('统一社会信用代码').fill(wrongCheck(code));
    await drawer.getByRole('button', { name: /^登\s*记$/ }).click();
    await drawer.getByText('统一社会信用代码校验位不正确，请核对').waitFor();
    await phone.screenshot('06-grid-register-360');
    // Nothing went to the server.
    const [{ n }] = await app.ds.query(`SELECT count(*)::int AS n FROM employer WHERE name = $1`, [name]);
    expect(n).toBe(0);

    await drawer.getByLabel('统一社会信用代码').fill(code.toLowerCase());
    await drawer.getByRole('button', { name: /^登\s*记$/ }).click();
    await drawer.waitFor({ state: 'hidden' });
    const card = page.getByTestId('grid-employer').filter({ hasText: name });
    await card.waitFor();
    expect(await card.innerText()).toContain(code);
    expect(await card.innerText()).toContain('尚未巡查');
    const [row] = await app.ds.query(`SELECT registered_unit_code, grid_code, credit_code FROM employer WHERE name = $1`, [name]);
    expect(row).toEqual({ registered_unit_code: '411329305212', grid_code: '411329305212', credit_code: code });
    // The page fits the phone: nothing wider than the screen.
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number)).toBeLessThanOrEqual(360);
  });

  it('records an inspection on a phone, shown in the employer\'s record', async () => {
    const { page } = phone;
    const card = page.getByTestId('grid-employer').filter({ hasText: '杨庄村测试食品厂' }).first();
    const name = (await card.locator('strong').first().innerText()).trim();
    await card.getByRole('button', { name: '记录巡查' }).click();
    const drawer = page.getByRole('dialog', { name: '记录巡查' });
    await drawer.getByText('发现问题').click();
    await drawer.getByLabel('巡查情况').fill('现场核查工资台账，3名工人10月工资未发放');
    await phone.screenshot('06-grid-inspection-360');
    await drawer.getByRole('button', { name: /保存巡查记录/ }).click();
    await drawer.waitFor({ state: 'hidden' });
    const updated = page.getByTestId('grid-employer').filter({ hasText: name });
    await updated.getByText(/最近巡查 \d{4}-\d{2}-\d{2}（发现问题）/).waitFor();
    await updated.getByRole('button', { name: /巡查记录（1）/ }).click();
    await updated.getByText('现场核查工资台账，3名工人10月工资未发放').waitFor();
    // A violation raises the employer's warning.
    await updated.getByText(/预警/).waitFor();
    await phone.screenshot('06-grid-after-inspection-360');
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number)).toBeLessThanOrEqual(360);
  });

  it('lets the province admin create an account with only the roles the chosen unit allows', async () => {
    const { page } = desk;
    await login(page, 'admin.henan');
    await page.goto('/admin/users');
    await page.getByTestId('user-table').getByText('sup.xinye').waitFor();
    await desk.screenshot('07-admin-users');

    await page.getByRole('button', { name: /新建账户/ }).click();
    const dialog = page.getByRole('dialog', { name: '新建账户' });
    // Down the tree: 河南省 (opened) → 南阳市 → 新野县 → 樊集乡.
    await dialog.getByLabel('所属单位').click();
    const node = (name: string) => page.locator('.ant-select-tree-treenode').filter({ has: page.getByTitle(name, { exact: true }) });
    for (const [parent, child] of [
      ['南阳市', '新野县'],
      ['新野县', '樊集乡'],
    ]) {
      await node(parent).locator('.ant-select-tree-switcher').click();
      await node(child).waitFor();
    }
    await node('樊集乡').locator('.ant-select-tree-title').click();
    await dialog.getByTestId('role-select').click();
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await options.first().waitFor();
    // The list may render again while it opens (the unit just chosen): read it once it has settled.
    let shown: string[] = [];
    for (const end = Date.now() + 5_000; Date.now() < end; await page.waitForTimeout(50)) {
      shown = await options.allInnerTexts();
      if (shown.length && JSON.stringify(shown) === JSON.stringify(await options.allInnerTexts())) break;
    }
    expect(shown).toEqual(['监察员', '中队长']);
    await options.filter({ hasText: '监察员' }).click();
    const username = unique('insp.fanji.new');
    await dialog.getByLabel('用户名').fill(username);
    await dialog.getByLabel('姓名').fill('樊集新监察员');
    await dialog.getByLabel('初始密码').fill('weak');
    await dialog.getByLabel('确认密码').fill('weak');
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    // The server's password rule, next to the field.
    await dialog.getByText(/密码至少8位/).first().waitFor();
    await dialog.getByLabel('初始密码').fill('Strong#2026');
    await dialog.getByLabel('确认密码').fill('Strong#2026');
    await desk.screenshot('07-admin-create-user');
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('user-table').getByText(username).waitFor();
    const [user] = await app.ds.query(`SELECT role, unit_code FROM app_user WHERE username = $1`, [username]);
    expect(user).toEqual({ role: 'INSPECTOR', unit_code: '411329305' });
  });

  it('loads a year of holidays and shows which deadlines moved', async () => {
    // A case whose acceptance is due in early 2028: opened Monday Dec 27, 2027 (5 weekdays: Jan 3).
    app.clock.reset();
    app.clock.travel(Date.parse('2027-12-27T02:00:00Z') - Date.now());
    let caseNumber: string;
    try {
      const { openCase } = await app.as('insp.fanji').ok(
        `mutation($i: OpenCaseInput!) { openCase(input: $i) { number acceptanceDueAt } }`,
        {
          i: {
            title: unique('跨年期限-'),
            source: 'COMPLAINT',
            handlingUnitCode: '411329305',
            workplaceUnitCode: '411329305212',
            employer: { name: unique('跨年测试公司') },
            workersAffected: 1,
            amountOwed: '3000.00',
            description: '年底欠薪',
          },
        },
      );
      expect(openCase.acceptanceDueAt).toBe('2028-01-03T15:59:59.999Z');
      caseNumber = openCase.number;
    } finally {
      app.clock.reset();
    }

    const { page } = desk;
    await page.goto('/admin/holidays');
    await page.getByText('已载入年份：').waitFor();
    await page.getByLabel('年份').fill('2028');
    await page.getByLabel('放假日期').fill('元旦 2028-01-01 至 2028-01-03\n春节 2028-01-26 至 2028-02-01');
    await page.getByLabel('调休上班日期').fill('春节调休 2028-01-23\n春节调休 2028-02-05');
    await page.getByText('共 10 天').waitFor();
    await desk.screenshot('07-admin-holidays');
    await page.getByRole('button', { name: /载入并重算期限/ }).click();
    const result = page.getByTestId('recompute-result');
    // The result, or whatever the page says instead (so that a failure names its reason).
    const outcome = page.locator('[data-testid="recompute-result"], .ant-alert-error, .ant-form-item-explain-error').first();
    await outcome.waitFor();
    if (!(await result.isVisible())) throw new Error(`no result: ${await outcome.innerText()}`);
    const row = result.getByTestId('deadline-changes').locator('tr', { hasText: caseNumber });
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('受理期限');
    expect(text).toContain('2028-01-03');
    expect(text).toContain('2028-01-04');
    expect(Number(await result.getByTestId('deadlines-changed').locator('.ant-statistic-content-value').innerText())).toBeGreaterThanOrEqual(1);
    await page.locator('.ant-tag', { hasText: '2028' }).waitFor();
    await desk.screenshot('07-admin-holidays-result');
  });

  it('made no request outside the server', () => {
    expect(phone.foreignRequests()).toEqual([]);
    expect(desk.foreignRequests()).toEqual([]);
    expect(phone.requests.length + desk.requests.length).toBeGreaterThan(10);
  });
});
