import { makeCreditCode } from '../../src/common/credit-code';
import { shanghaiDate } from '../../src/common/time';
import { button, cascade, dialog, fieldError, pick, pickDate } from '../support/antd';
import { BrowserSession, launchBrowser } from '../support/browser';
import { serverDay, TestApp, unique } from '../support/test-app';
import type { Browser, Page } from 'playwright-core';

/**
 * A wage-arrears case from opening to closing through the console, as the squad of 樊集乡 works it:
 * open (employer entered anew, workplace picked from the unit tree), file with two inspectors,
 * order rectification, a payment refused with the error next to its field, a conflicting change
 * shown and reloaded, payment in full, close; the timeline and deadlines checked on screen; a
 * sibling township cannot find it; an expired access token is refreshed without losing a form;
 * and every request went to the server's own origin.
 */
describe('a case through the console (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let b: BrowserSession;
  let page: Page;
  let caseId = '';
  let caseNumber = '';
  const title = unique('拖欠农民工工资-');
  const employer = `南阳宏远建筑劳务有限公司${unique()}`;

  const apiCase = async () =>
    (
      await app.as('sup.henan').ok(
        `query($id: ID!) { case(id: $id) { status handlingDueAt acceptanceDueAt amountRecovered extended events { type } } }`,
        { id: caseId },
      )
    ).case;
  const status = () => page.getByTestId('case-status').innerText();
  const timeline = () => page.getByTestId('timeline').locator('.ant-timeline').innerText();
  /**
   * The timeline once one of its entries shows `text` (it is refetched after the command, a moment
   * after the status). Entries only: the note form below them holds what was typed.
   */
  const timelineWith = async (text: string) => {
    await page.getByTestId('timeline').locator('.ant-timeline-item', { hasText: text }).first().waitFor();
    return timeline();
  };

  beforeAll(async () => {
    app = await TestApp.start();
    browser = await launchBrowser();
    b = await BrowserSession.open(app.url, { browser });
    page = b.page;
    page.setDefaultTimeout(20_000);
  });

  afterAll(async () => {
    await b?.close(false);
    await browser?.close();
    await app?.close();
  });

  it('the squad leader logs in and lands on the inbox', async () => {
    await page.goto('/');
    await page.getByLabel('用户名').fill('lead.fanji');
    await page.getByLabel('密码').fill('Demo@2026');
    await button(page, '登录').click();
    await page.waitForURL('**/inbox');
    await page.getByTestId('claims-waiting').waitFor();
    await page.getByTestId('case-table').locator('.ant-table-row').first().waitFor();
    await b.screenshot('02-inbox');
  });

  it('opens a case: a wrong check character is caught in the browser, the workplace comes from the tree', async () => {
    await page.getByRole('menuitem', { name: '立案登记' }).click();
    await page.waitForURL('**/cases/new');
    await page.getByLabel('案由').fill(title);
    await page.getByLabel('基本案情').fill('2026年8月至10月工资未发放，涉及钢筋工、木工。');
    await cascade(page, page.getByTestId('workplace'), '河南省', '南阳市', '新野县', '樊集乡', '杨庄村');
    await page.getByLabel('涉及劳动者人数').fill('6');
    await page.getByLabel('欠薪金额').fill('48600');
    await page.getByLabel('单位名称').fill(employer);
    const good = makeCreditCode('91411329MA4' + String(Date.now()).slice(-6));
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    await page.getByLabel('统一社会信用代码').fill(bad);
    await button(page, '登记').click();
    await fieldError(page, '统一社会信用代码').filter({ hasText: '校验位不正确' }).waitFor();
    await b.screenshot('03-open-case');
    await page.getByLabel('统一社会信用代码').fill(good);
    await button(page, '登记').click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    caseId = page.url().split('/').pop()!;
    caseNumber = await page.getByTestId('case-number').innerText();
    expect(caseNumber).toMatch(/^411329305-\d{4}-\d{6}$/);
    expect(await status()).toBe('待立案');
    const c = await apiCase();
    // The 5-working-day acceptance deadline, on screen as its day in Asia/Shanghai.
    expect(await page.getByTestId('case-header').innerText()).toContain(shanghaiDate(new Date(c.acceptanceDueAt)));
    expect(await page.getByTestId('case-header').innerText()).toContain('¥48,600.00');
    expect(await timelineWith('登记')).toContain('登记');
  });

  it('files it with two inspectors; the handling deadline shows', async () => {
    await button(page.getByTestId('case-actions'), '立案').click();
    const d = dialog(page, '立案');
    await pick(page, d.getByTestId('inspector-select'), '樊集乡监察员甲', '樊集乡监察员乙');
    await b.screenshot('04-file-case');
    await button(d, '确定').click();
    await page.getByTestId('case-status').filter({ hasText: '已立案' }).waitFor();
    const c = await apiCase();
    // The status comes with the command's answer; the header's deadline may render a moment later.
    await page.getByTestId('case-header').filter({ hasText: shanghaiDate(new Date(c.handlingDueAt)) }).waitFor();
    expect(await page.getByTestId('case-header').innerText()).toContain(shanghaiDate(new Date(c.handlingDueAt)));
    expect(await page.getByTestId('inspectors').innerText()).toMatch(/樊集乡监察员甲[\s\S]*樊集乡监察员乙|樊集乡监察员乙[\s\S]*樊集乡监察员甲/);
    expect(await timelineWith('立案')).toContain('立案');
  });

  it('orders rectification', async () => {
    await button(page.getByTestId('case-actions'), '责令整改').click();
    const d = dialog(page, '责令限期整改');
    await pickDate(d.getByTestId('due-date'), serverDay(app, 10));
    await button(d, '确定').click();
    await page.getByTestId('case-status').filter({ hasText: '已责令整改' }).waitFor();
    expect(await timelineWith(`责令于 ${serverDay(app, 10)} 前支付 48600.00 元`)).toContain(`责令于 ${serverDay(app, 10)} 前支付 48600.00 元`);
  });

  it("shows the server's field error next to the amount, keeping the form", async () => {
    await button(page.getByTestId('case-actions'), '登记支付').click();
    const d = dialog(page, '登记支付到账');
    await d.getByLabel('本次支付金额').fill('200000');
    await button(d, '确定').click();
    await fieldError(d, '本次支付金额').filter({ hasText: 'twice the amount owed' }).waitFor();
    await b.screenshot('05-field-error');
    expect(await d.getByLabel('本次支付金额').inputValue()).toBe('200000.00');
    await d.getByLabel('本次支付金额').fill('48600');
    await button(d, '确定').click();
    await page.getByTestId('amount-recovered').filter({ hasText: '¥48,600.00' }).waitFor();
    expect((await apiCase()).amountRecovered).toBe('48600.00');
  });

  it('says so and reloads when someone else changed the case meanwhile (CONFLICT)', async () => {
    await button(page.getByTestId('case-actions'), '延长期限').click();
    const d = dialog(page, '延长办案期限');
    await d.getByLabel('延期理由').fill('需调取银行流水');
    // A colleague extends it first, from another desk.
    await app.as('lead.fanji').ok(`mutation($id: ID!) { extendDeadline(caseId: $id, reason: "案情复杂") { id } }`, { id: caseId });
    await button(d, '确定').click();
    await page.locator('.ant-notification-notice', { hasText: '案件已被他人修改，已刷新' }).waitFor();
    await b.screenshot('06-conflict');
    // Reloaded: the extension shows, and the action is no longer offered.
    await timelineWith('延长办案期限');
    expect(await button(page.getByTestId('case-actions'), '延长期限').count()).toBe(0);
    const c = await apiCase();
    expect(c.extended).toBe(true);
    expect(await page.getByTestId('case-header').innerText()).toContain(shanghaiDate(new Date(c.handlingDueAt)));
  });

  it('closes it; the timeline tells the whole story', async () => {
    await button(page.getByTestId('case-actions'), '结案').click();
    const d = dialog(page, '结案');
    await d.getByLabel('结案摘要').fill('企业已足额支付6名劳动者工资48600元。');
    await button(d, '确定').click();
    await page.getByTestId('case-status').filter({ hasText: '已结案' }).waitFor();
    const text = await timelineWith('结案');
    const order = ['登记', '立案', '责令整改', '支付到账', '延长办案期限', '结案'].map((s) => text.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect((await apiCase()).events.map((e: { type: string }) => e.type)).toEqual(['OPENED', 'FILED', 'RECTIFICATION_ORDERED', 'PAYMENT_RECORDED', 'EXTENDED', 'CLOSED']);
    expect(await page.getByTestId('case-header').innerText()).toContain('工资已全额支付');
    expect(await page.getByTestId('case-actions').innerText()).not.toMatch(/结\s*案|登记支付/);
    await b.screenshot('07-case-closed');
  });

  it('is found in 案件查询 by its number', async () => {
    await page.getByRole('menuitem', { name: '案件查询' }).click();
    await page.getByPlaceholder('案件编号、案由或用人单位').fill(caseNumber);
    await page.getByPlaceholder('案件编号、案由或用人单位').press('Enter');
    // The unfiltered list already shows this case (it is the newest), so wait for the search's
    // answer, not for the row.
    await page.getByTestId('case-count').filter({ hasText: /共 1 件/ }).waitFor();
    expect(await page.getByTestId('case-table').locator('.ant-table-row').count()).toBe(1);
    expect(await page.getByTestId('case-table').locator('.ant-table-row').innerText()).toContain(caseNumber);
    await b.screenshot('08-cases');
  });

  it("is not found by the sibling township's inspector", async () => {
    const other = await BrowserSession.open(app.url, { browser });
    try {
      const p = other.page;
      await p.goto('/login');
      await p.getByLabel('用户名').fill('insp.wangzhuang');
      await p.getByLabel('密码').fill('Demo@2026');
      await button(p, '登录').click();
      await p.waitForURL('**/inbox');
      await p.goto('/cases');
      await p.getByPlaceholder('案件编号、案由或用人单位').fill(caseNumber);
      await p.getByPlaceholder('案件编号、案由或用人单位').press('Enter');
      await p.getByTestId('case-count').filter({ hasText: '共 0 件' }).waitFor();
      await p.goto(`/cases/${caseId}`);
      await p.getByText('案件不存在，或不在您的管辖范围内').waitFor();
      expect(other.foreignRequests()).toEqual([]);
    } finally {
      await other.close(false);
    }
  });

  it('refreshes an expired access token without losing what was typed', async () => {
    await page.goto(`/cases/${caseId}`);
    const before = await page.evaluate(() => JSON.parse((globalThis as any).localStorage.getItem('labor-inspection.console.session')).accessToken);
    await page.getByLabel('添加备注').fill('结案后回访：劳动者确认已收到全部工资。');
    // Sixteen minutes later on the server: the 15-minute access token has expired.
    app.clock.travel(16 * 60 * 1000);
    await button(page, '添加备注').click();
    await timelineWith('劳动者确认已收到全部工资');
    const after = await page.evaluate(() => JSON.parse((globalThis as any).localStorage.getItem('labor-inspection.console.session')).accessToken);
    expect(after).not.toBe(before);
    expect(page.url()).toContain(`/cases/${caseId}`);
  });

  it('made every request to the server itself', () => {
    expect(b.requests.some((u) => u.includes('/assets/'))).toBe(true);
    expect(b.requests.some((u) => u.endsWith('/graphql'))).toBe(true);
    expect(b.foreignRequests()).toEqual([]);
  });
});
