import type { Page } from 'playwright-core';
import { makeIdCard } from '../../src/common/id-card';
import { CLOSE, FILE_CASE, OPEN_CASE, PAY, staffIds, caseInput, badCheckChar, newCreditCode } from '../support/claims';
import { APPLY_REPAIR, CONFIRM, DAY, legalRep, openOrderedCase, PROPOSE, registerEmployer, REMOVE } from '../support/grid';
import { newIdCard, newPhone } from '../support/people';
import { button } from '../support/antd';
import { BrowserSession } from '../support/browser';
import { TestApp, travelTo, unique } from '../support/test-app';

/**
 * The workers' phone pages and the public pages (issue 11) at 360×640, against the real server:
 * notice, registration, a claim (also through a dropped connection), the squad's handling seen in
 * the worker's timeline, the public results and the published blacklist. The claim's workplace is
 * a village of 城郊乡 (411329300), where no other test works, so the township's results are this
 * file's alone.
 */

const CHENGJIAO = '411329300';
const FIELD_ERROR = (page: Page, name: string) => page.locator(`[data-field="${name}"] .field-error`);

function dayOffset(days: number): string {
  return new Date(Date.now() + 8 * 3600_000 + days * DAY).toISOString().slice(0, 10);
}

describe('worker and public pages (browser, 360×640)', () => {
  let app: TestApp;
  let b: BrowserSession;
  let page: Page;
  const phone = newPhone();
  const idCard = newIdCard();
  const password = 'Wang@2026';
  const employer = unique('城郊建筑劳务有限公司');
  let claimId = '';

  beforeAll(async () => {
    app = await TestApp.start({ PUBLIC_CACHE_SECONDS: '0' });
    b = await BrowserSession.open(app.url, { width: 360, height: 640 });
    page = b.page;
  });
  /** A full-page screenshot from the top, so that the sticky title bar sits where a person sees it. */
  const shot = async (name: string) => {
    await page.evaluate(() => (globalThis as any).scrollTo(0, 0));
    await b.screenshot(name);
  };
  afterAll(async () => {
    await b?.close();
    await app?.close();
  });

  it('a new worker reads what to prepare and the time limits before anything else', async () => {
    await page.goto('/worker');
    await page.getByRole('heading', { name: '请先准备好' }).waitFor();
    const text = await page.locator('main').innerText();
    for (const words of ['统一社会信用代码', '项目名称', '起止日期', '金额', '人数', '5个工作日内', '超过2年', '《保障农民工工资支付条例》', '《劳动保障监察条例》', '12333']) {
      expect(text).toContain(words);
    }
    await shot('worker-01-notice');
    await page.getByRole('link', { name: '直接登录 ›' }).click();
    await page.waitForURL('**/worker/login');
    await page.getByLabel('手机号').waitFor();
    await shot('worker-01-login');
    await page.goto('/worker');
    await page.getByRole('heading', { name: '请先准备好' }).waitFor();
  });

  it('registration: every field error shows next to its field, from the browser and from the server', async () => {
    await page.getByRole('link', { name: '第一次来：注册' }).click();
    await page.waitForURL('**/worker/register');
    await page.getByRole('button', { name: '注册并登录' }).click();
    for (const f of ['phone', 'realName', 'idCardNumber', 'password']) expect(await FIELD_ERROR(page, f).innerText()).not.toBe('');
    await page.getByLabel('手机号').fill('1380000000');
    await page.getByLabel('真实姓名').fill('王建设');
    await page.getByLabel('身份证号码').fill(badCheckChar18(idCard));
    await page.getByLabel('设置密码').fill('abcdefgh');
    await page.getByRole('button', { name: '注册并登录' }).click();
    expect(await FIELD_ERROR(page, 'phone').innerText()).toContain('11位手机号');
    expect(await FIELD_ERROR(page, 'idCardNumber').innerText()).toContain('校验码');
    expect(await FIELD_ERROR(page, 'password').innerText()).toContain('太简单');
    expect(await FIELD_ERROR(page, 'realName').count()).toBe(0);
    await shot('worker-02-register-errors');
    // the server's refusal, next to the field it concerns: a phone already registered
    await page.getByLabel('手机号').fill('13800000001');
    await page.getByLabel('身份证号码').fill(idCard);
    await page.getByLabel('设置密码').fill(password);
    await page.getByRole('button', { name: '注册并登录' }).click();
    await FIELD_ERROR(page, 'phone').waitFor();
    expect(await FIELD_ERROR(page, 'phone').innerText()).toContain('已经注册');
    await page.getByLabel('手机号').fill(phone);
    await page.getByRole('button', { name: '注册并登录' }).click();
    await page.waitForURL('**/worker/claims/new');
  });

  it('the claim form: every bound explained, every field error next to its field', async () => {
    await page.getByLabel('用人单位名称').waitFor();
    const form = await page.locator('form').innerText();
    for (const words of ['2到100个字', '最多100个字', '不超过1亿元', '1到10000人', '10到2000个字', '超过2年', '5个工作日内答复']) expect(form).toContain(words);
    await page.getByLabel('被拖欠的人数').fill('0');
    await page.getByRole('button', { name: '提交' }).click();
    for (const f of ['employerName', 'workplaceUnitCode', 'periodFrom', 'periodTo', 'amountOwed', 'workersAffected', 'description']) {
      expect([f, await FIELD_ERROR(page, f).count()]).toEqual([f, 1]);
    }
    await shot('worker-03-claim-errors');
    await page.getByLabel('用人单位名称').fill(employer);
    await page.getByLabel('项目名称').fill('项'.repeat(101));
    await page.getByLabel('统一社会信用代码').fill('12345');
    await page.getByLabel('欠薪开始').fill(dayOffset(-10));
    await page.getByLabel('欠薪结束').fill(dayOffset(-20));
    await page.getByLabel('欠薪金额').fill('12.345');
    await page.getByLabel('情况说明').fill('太短');
    await page.getByRole('button', { name: '提交' }).click();
    expect(await FIELD_ERROR(page, 'projectName').innerText()).toContain('最多100个字');
    expect(await FIELD_ERROR(page, 'employerCreditCode').innerText()).toContain('18位');
    expect(await FIELD_ERROR(page, 'periodFrom').innerText()).toContain('不能晚于结束日期');
    expect(await FIELD_ERROR(page, 'amountOwed').innerText()).toContain('两位小数');
    expect(await FIELD_ERROR(page, 'description').innerText()).toContain('现在2个字');
    await page.getByLabel('欠薪开始').fill(dayOffset(-1200));
    await page.getByLabel('欠薪结束').fill(dayOffset(-900));
    await page.getByRole('button', { name: '提交' }).click();
    expect(await FIELD_ERROR(page, 'periodTo').innerText()).toContain('超过2年');

    // the workplace, village by village
    await page.getByRole('button', { name: '河南省' }).click();
    await page.getByRole('button', { name: '南阳市' }).click();
    await page.getByRole('button', { name: '新野县' }).click();
    await page.getByRole('button', { name: '城郊乡' }).click();
    await shot('worker-04-pick-village');
    await page.locator('.unit-list .unit-option').first().click();
    expect(await page.getByTestId('picked-unit').innerText()).toContain('河南省 南阳市 新野县 城郊乡');

    // a credit code of the right shape but a wrong check character: the server's error, next to the field
    await page.getByLabel('项目名称').fill('城郊安置房二期');
    await page.getByLabel('统一社会信用代码').fill(badCheckChar(newCreditCode()));
    await page.getByLabel('欠薪开始').fill(dayOffset(-90));
    await page.getByLabel('欠薪结束').fill(dayOffset(-30));
    await page.getByLabel('欠薪金额').fill('8600.50');
    await page.getByLabel('被拖欠的人数').fill('3');
    await page.getByLabel('情况说明').fill('包工头拖欠我们三个人两个月的工资，多次讨要没有结果。');
    await page.getByRole('button', { name: '提交' }).click();
    await FIELD_ERROR(page, 'employerCreditCode').waitFor();
    expect(await FIELD_ERROR(page, 'employerCreditCode').innerText()).toContain('统一社会信用代码不正确');
    expect(await app.ds.query(`SELECT 1 FROM wage_claim WHERE employer_name = $1`, [employer])).toHaveLength(0);
  });

  it('submits, and the worker sees the claim with its routed township and due date', async () => {
    await page.getByLabel('统一社会信用代码').fill('');
    await page.getByRole('button', { name: '提交' }).click();
    await page.waitForURL('**/worker/claims/*?new=1');
    claimId = new URL(page.url()).pathname.split('/').pop()!;
    const [row] = await app.ds.query(`SELECT response_due_at FROM wage_claim WHERE id = $1`, [claimId]);
    const due = new Date(new Date(row.response_due_at).getTime() + 8 * 3600_000);
    const dueWords = `${due.getUTCFullYear()}年${due.getUTCMonth() + 1}月${due.getUTCDate()}日`;
    await page.getByRole('status').filter({ hasText: '前答复您' }).waitFor();
    expect(await page.getByRole('status').innerText()).toContain(`城郊乡会在 ${dueWords} 前答复您`);
    expect(await page.getByTestId('due-date').innerText()).toContain(dueWords);
    expect(await page.getByTestId('handler').innerText()).toContain('城郊乡');
    expect(await page.getByTestId('handler').innerText()).toContain('0377-66210000'); // 新野县's, inherited
    await shot('worker-05-claim-submitted');
    await page.getByRole('link', { name: '返回', exact: true }).click();
    await page.getByTestId('claim-row').first().waitFor();
    expect(await page.getByTestId('claim-row').first().innerText()).toContain(`答复期限：${dueWords}`);
    await shot('worker-06-my-claims');
  });

  it('a connection cut in the middle of a submit, then a reload and a retry: one claim, shown', async () => {
    const name = unique('断网测试劳务公司');
    await page.goto('/worker/claims/new');
    await page.getByLabel('用人单位名称').fill(name);
    await page.getByRole('tab', { name: '按名称找' }).click();
    await page.getByLabel('乡镇或村的名称').fill('杨庄村');
    await page.getByRole('button', { name: /杨庄村.*樊集乡/ }).first().click();
    await page.getByLabel('欠薪开始').fill(dayOffset(-60));
    await page.getByLabel('欠薪结束').fill(dayOffset(-5));
    await page.getByLabel('欠薪金额').fill('3000');
    await page.getByLabel('情况说明').fill('老板拖欠我一个月工资，电话也不接了。');
    // the request reaches the server, the answer never reaches the phone
    await page.route('**/graphql', async (route) => {
      if (!route.request().postData()?.includes('WorkerSubmitClaim')) return route.continue();
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByRole('button', { name: '重新提交' }).waitFor();
    await shot('worker-07-submit-cut');
    await page.unroute('**/graphql');
    expect(await app.ds.query(`SELECT id FROM wage_claim WHERE employer_name = $1`, [name])).toHaveLength(1);
    await page.reload();
    await page.getByRole('button', { name: '重新提交' }).click();
    await page.waitForURL('**/worker/claims/*?new=1');
    const rows = await app.ds.query(`SELECT id FROM wage_claim WHERE employer_name = $1`, [name]);
    expect(rows).toHaveLength(1);
    expect(page.url()).toContain(rows[0].id);
    // the form starts afresh (a new key) next time
    await page.goto('/worker/claims/new');
    expect(await page.getByLabel('用人单位名称').inputValue()).toBe('');
  });

  it('the squad accepts the claim at its desk in the console; files, orders payment, records it and closes: the worker\'s timeline follows on return to the page', async () => {
    await page.goto(`/worker/claims/${claimId}`);
    await page.getByTestId('timeline').waitFor();
    const [{ number }] = await app.ds.query(`SELECT number FROM wage_claim WHERE id = $1`, [claimId]);
    // 城郊乡 has no squad account of its own (../shared/demo-data.md): 新野县's inspector handles its claims
    const desk = await BrowserSession.open(app.url, { browser: b.browser });
    let caseNumber = '';
    try {
      const squad = desk.page;
      squad.setDefaultTimeout(20_000);
      await squad.goto('/');
      await squad.getByLabel('用户名').fill('insp.xinye');
      await squad.getByLabel('密码').fill('Demo@2026');
      await button(squad, '登录').click();
      await squad.waitForURL('**/inbox');
      const row = squad.getByTestId('claims-waiting').getByRole('row').filter({ hasText: number });
      await row.waitFor();
      expect(await row.innerText()).toContain(employer);
      expect(await row.innerText()).toContain('8,600.50');
      await desk.screenshot('console-01-claim-waiting', squad);
      await button(row, '受理').click();
      await squad.waitForURL('**/cases/*');
      caseNumber = await squad.getByTestId('case-number').innerText();
      expect(await squad.getByTestId('case-status').innerText()).toContain('待立案');
      expect(desk.foreignRequests()).toEqual([]);
    } finally {
      await desk.close(false);
    }
    const [{ case_id: caseId }] = await app.ds.query(`SELECT case_id FROM wage_claim WHERE id = $1`, [claimId]);
    expect(await app.ds.query(`SELECT number FROM case_file WHERE id = $1`, [caseId])).toEqual([{ number: caseNumber }]);
    await page.evaluate(() => (globalThis as any).dispatchEvent(new (globalThis as any).Event('focus')));
    await page.getByText(`已受理，案件编号 ${caseNumber}`).waitFor();
    expect(await page.getByTestId('claim-status').innerText()).toBe('已受理，正在办理');
    expect(await page.getByTestId('handler').innerText()).toContain('受理人（首问负责）');
    await shot('worker-08-claim-accepted');
    await app.as('lead.xinye').ok(FILE_CASE, { id: caseId, ids: await staffIds(app, ['insp.xinye', 'lead.xinye']) });
    await app.as('insp.xinye').ok(PAY, { id: caseId, amount: '8600.50', workers: 3 });
    await app.as('lead.xinye').ok(CLOSE, { id: caseId, outcome: 'PAID_IN_FULL', summary: '已足额支付' });
    await page.evaluate(() => (globalThis as any).dispatchEvent(new (globalThis as any).Event('focus')));
    await page.getByText('案件已办结：工资已全额支付。').waitFor();
    const timeline = await page.getByTestId('timeline').innerText();
    for (const words of ['已提交', '已受理', '已立案调查', '已追回工资 8600.50 元', '案件已办结']) expect(timeline).toContain(words);
    expect(await page.getByTestId('claim-status').innerText()).toBe('已办结');
    expect(await page.getByTestId('handler').innerText()).toContain('主办监察员');
    await shot('worker-09-claim-closed');
  });

  it('the public results count the closed case once the township reaches the minimum', async () => {
    await page.goto(`/public/results?unit=${CHENGJIAO}`);
    await page.getByTestId('results-total').waitFor();
    expect(await page.getByTestId('results-total').innerText()).toContain('不公布具体数字（门槛5件）');
    await shot('public-01-results-withheld');
    for (let i = 0; i < 4; i++) {
      const { r } = await app.as('lead.xinye').ok(OPEN_CASE, { i: caseInput({ name: unique('城郊结果公司') }, { handlingUnitCode: CHENGJIAO, workplaceUnitCode: CHENGJIAO, amountOwed: '1000.00', workersAffected: 1 }) });
      await app.as('lead.xinye').ok(FILE_CASE, { id: r.id, ids: await staffIds(app, ['insp.xinye', 'lead.xinye']) });
      await app.as('insp.xinye').ok(PAY, { id: r.id, amount: '1000.00', workers: 1 });
      await app.as('lead.xinye').ok(CLOSE, { id: r.id, outcome: 'PAID_IN_FULL', summary: '已足额支付' });
    }
    await page.reload();
    await page.locator('[data-figure="casesClosed"]').first().waitFor();
    const total = page.getByTestId('results-total');
    expect(await total.locator('[data-figure="casesClosed"]').innerText()).toBe('5 件');
    expect(await total.locator('[data-figure="amountRecovered"]').innerText()).toBe('12,600.50 元');
    expect(await total.locator('[data-figure="workersPaid"]').innerText()).toBe('7 人');
    expect(await total.locator('[data-figure="closedWithinLimitShare"]').innerText()).toBe('100.0%');
    await shot('public-02-results-township');
    // drill-down from the country
    await page.goto('/public/results');
    await page.getByRole('link', { name: '河南省 ›' }).click();
    await page.getByRole('link', { name: '南阳市 ›' }).click();
    await page.getByRole('link', { name: '新野县 ›' }).click();
    await page.locator(`[data-unit="${CHENGJIAO}"]`).waitFor();
    expect(await page.locator('.crumbs').innerText()).toContain('全国 › 河南省 › 南阳市 › 新野县');
    await shot('public-03-results-county');
  });

  it('the procedures and time limits page shows what the clocks count', async () => {
    await page.goto('/public');
    await shot('public-00-home');
    await page.getByRole('link', { name: /办事程序、依据和时限/ }).click();
    await page.locator('[data-procedure="WAGE_CLAIM"]').waitFor();
    expect(await page.locator('[data-procedure="WAGE_CLAIM"]').innerText()).toContain('时限：5个工作日');
    expect(await page.locator('[data-procedure="CASE"]').innerText()).toContain('时限：60个工作日，可延长30个工作日');
    expect(await page.locator('[data-procedure="CASE"]').innerText()).toContain('《劳动保障监察条例》（国务院令第423号）第十七条');
    await shot('public-04-procedures');
  });

  it('a blacklist entry listed through the API is published, searchable, with no ID number or phone, and goes when removed', async () => {
    const e = await registerEmployer(app, { name: unique('失信公示建筑有限公司') });
    const c = await openOrderedCase(app, e, { workersAffected: 1, amountOwed: '9000.00' });
    app.clock.travel(2 * DAY);
    const { proposeBlacklisting } = await app.as('sup.xinye').ok(PROPOSE, {
      e: e.id,
      c: c.id,
      r: '责令限期支付逾期未支付，拖欠农民工工资达到数额标准',
      parties: [legalRep('周公示')],
    });
    travelTo(app, new Date(new Date(proposeBlacklisting.objectionDueAt).getTime() + 60_000));
    await app.as('sup.xinye').ok(CONFIRM, { id: proposeBlacklisting.id });
    await page.goto('/public/blacklist');
    await page.getByLabel('用人单位名称或统一社会信用代码').fill(e.name);
    await page.getByRole('button', { name: '查询' }).click();
    // before the search the page lists every published entry (other files' too, on a shared database)
    await page.getByText('共 1 家').waitFor();
    expect(await page.getByTestId('blacklist-entry').count()).toBe(1);
    const entry = await page.getByTestId('blacklist-entry').innerText();
    expect(entry).toContain(e.name);
    expect(entry).toContain(e.creditCode);
    expect(entry).toContain('新野县');
    expect(entry).toContain('周公示');
    // No ID number or mobile number anywhere but inside the credit code (whose 18 characters may
    // hold such a run of digits: 91411329 + random characters).
    expect(entry.replace(e.creditCode, '')).not.toMatch(/\d{17}[\dX]|1[3-9]\d{9}/);
    await shot('public-05-blacklist');
    // paid in full, six months on, removed early: gone from the page
    await app.as('insp.fanji').ok(PAY, { id: c.id, amount: '9000.00', workers: 1 });
    app.clock.travel(190 * DAY);
    await app.as('sup.xinye').ok(APPLY_REPAIR, { id: proposeBlacklisting.id, who: '周公示', pledge: '本单位承诺今后依法按时足额支付农民工工资' });
    await app.as('sup.xinye').ok(REMOVE, { id: proposeBlacklisting.id, r: '已足额支付并书面承诺' });
    await page.reload();
    await page.getByLabel('用人单位名称或统一社会信用代码').fill(e.name);
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('没有查到。').waitFor();
    expect(await page.getByTestId('blacklist-entry').count()).toBe(0);
  });

  it('serves the worker scripts gzipped to a browser that accepts it, and as they are otherwise', async () => {
    const html = await (await fetch(`${app.url}/worker`, { headers: { accept: 'text/html' } })).text();
    const script = /src="(\/assets\/worker-[^"]+\.js)"/.exec(html)![1];
    const zipped = await fetch(`${app.url}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('content-type')).toContain('javascript');
    const plain = await fetch(`${app.url}${script}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await zipped.text()).toBe(await plain.text());
  });

  it('made every request to the server\'s own origin', () => {
    expect(b.requests.length).toBeGreaterThan(20);
    expect(b.foreignRequests()).toEqual([]);
  });
});

/** The same 17 digits with a wrong check character. */
function badCheckChar18(id: string): string {
  const good = makeIdCard(id.slice(0, 17));
  const chars = '0123456789X';
  return id.slice(0, 17) + chars[(chars.indexOf(good[17]) + 1) % chars.length];
}
