import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { DEMO_PASSWORD } from "@tongxin/core/seed/demo";
import { ensureChromium } from "../../scripts/lib/chromium.mjs";

/**
 * The Chromium to drive, found (or installed) exactly as `npm test`'s scripts/ensure-browser.mjs
 * does: CHROMIUM_PATH, PATH, known locations, then apt-get when allowed.
 */
export function chromiumPath(): string {
  return ensureChromium();
}

/** Headless Chromium with everything that phones home switched off. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

/** A 375 px wide touch phone speaking Simplified Chinese, pointed at `baseURL`. */
export function phoneContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    viewport: { width: 375, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
}

/** Signs in on the login page shown in `page` (demo password unless given). */
export async function signInOnPage(page: Page, login: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByRole("heading", { name: "登录" }).waitFor();
  await page.getByLabel("手机号或邮箱").fill(login);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}

/** A separate phone (its own cookies) signed in as `login`, opened at `path`. */
export async function signedInPhone(browser: Browser, baseURL: string, login: string, path = "/"): Promise<{ context: BrowserContext; page: Page }> {
  const context = await phoneContext(browser, baseURL);
  const page = await context.newPage();
  await page.goto(path);
  await signInOnPage(page, login);
  await page.getByRole("navigation", { name: "主导航" }).waitFor();
  return { context, page };
}
