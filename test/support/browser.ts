import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

// Never let Playwright fetch a browser: there may be no internet, and we bring our own.
process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';

export const SCREENSHOT_DIR = join(__dirname, '..', '..', 'test-artifacts', 'screenshots');

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-dev-shm-usage'];

/**
 * The Chromium to drive: CHROMIUM_PATH, else the system's /usr/bin/chromium, else the binary
 * that ships inside the npm package @sparticuz/chromium (unpacked on first use), so that the
 * suite runs on a machine that has nothing but Node.
 */
export async function chromiumPath(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  // An ES module: module node16 keeps this a real import() in the CommonJS output.
  const { default: sparticuz } = await import('@sparticuz/chromium');
  return sparticuz.executablePath();
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumPath(), headless: true, args: FLAGS });
}

/**
 * A browser context on the app under test that records the URL of every request it makes (pages,
 * scripts, styles, fonts, XHR, WebSockets, workers) to prove that nothing leaves the origin.
 */
export class BrowserSession {
  readonly requests: string[] = [];

  private constructor(
    readonly browser: Browser,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  static async open(baseUrl: string, opts: { width?: number; height?: number; browser?: Browser } = {}): Promise<BrowserSession> {
    const browser = opts.browser ?? (await launchBrowser());
    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport: { width: opts.width ?? 1366, height: opts.height ?? 768 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const s = new BrowserSession(browser, context, await context.newPage(), baseUrl);
    context.on('request', (r) => s.requests.push(r.url()));
    context.on('page', (p) => p.on('websocket', (ws) => s.requests.push(ws.url())));
    s.page.on('websocket', (ws) => s.requests.push(ws.url()));
    context.on('serviceworker', (w) => s.requests.push(w.url()));
    return s;
  }

  /** Another page (tab) in the same context, recorded the same way. */
  async newPage(): Promise<Page> {
    const p = await this.context.newPage();
    p.on('websocket', (ws) => this.requests.push(ws.url()));
    return p;
  }

  /** Requests that went anywhere but the server's own origin (http and ws alike). */
  foreignRequests(): string[] {
    const origin = new URL(this.baseUrl);
    return this.requests.filter((u) => {
      if (u.startsWith('data:') || u.startsWith('blob:') || u === 'about:blank') return false;
      try {
        return new URL(u).host !== origin.host;
      } catch {
        return true;
      }
    });
  }

  /** A full-page screenshot under test-artifacts/screenshots/<name>.png. */
  async screenshot(name: string, page: Page = this.page): Promise<string> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = join(SCREENSHOT_DIR, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }

  async close(closeBrowser = true): Promise<void> {
    await this.context.close();
    if (closeBrowser) await this.browser.close();
  }
}
