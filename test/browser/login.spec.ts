import { BrowserSession } from '../support/browser';
import { TestApp } from '../support/test-app';

/** The console's front door: served by the server itself, the login screen, role-based landing, logout. */
describe('console login (browser)', () => {
  let app: TestApp;
  let b: BrowserSession;

  beforeAll(async () => {
    app = await TestApp.start();
    b = await BrowserSession.open(app.url);
  });

  afterAll(async () => {
    await b?.close();
    await app?.close();
  });

  it('shows the login page for a client route, and returns there after login', async () => {
    const { page } = b;
    await page.goto('/cases');
    await page.waitForURL('**/login');
    await page.getByText('欠薪案件办理与网格化监管平台').waitFor();
    await b.screenshot('01-login');

    await page.getByLabel('用户名').fill('lead.fanji');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    // The server's own message, as it is (its Chinese part).
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toContain('用户名或密码错误，或账户已被暂时锁定');

    await page.getByLabel('密码').fill('Demo@2026');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL('**/cases');
    await page.getByTestId('current-user').waitFor();
    expect(await page.getByRole('menuitem').allInnerTexts()).toEqual(expect.arrayContaining(['待办', '案件查询']));
  });

  it('logs out and revokes the session', async () => {
    const { page } = b;
    const refreshToken = await page.evaluate(() => JSON.parse((globalThis as any).localStorage.getItem('labor-inspection.console.session')).refreshToken);
    await page.getByRole('button', { name: /退出登录/ }).click();
    await page.waitForURL('**/login');
    const r = await app.anonymous.gql(`mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }`, { t: refreshToken });
    expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('made no request outside the server', () => {
    expect(b.requests.length).toBeGreaterThan(3);
    expect(b.foreignRequests()).toEqual([]);
  });
});
