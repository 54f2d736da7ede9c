import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, demoOrgs, signIn, uniquePhone } from "../support/api";
import { launchBrowser, phoneContext, signInOnPage } from "../support/browser";
import { startTestServer } from "../support/server";
import { acceptInvitationOf } from "../support/invitations";

const WEB_ROOT = resolve(import.meta.dirname, "../../web");
const FIRST_PASSWORD = "First#Pass-2026";
const NEW_PASSWORD = "Qibao-Spring#Council-2027";

let server: { url: string; close(): Promise<void> };
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Every Content-Security-Policy complaint any page made: the app must run under its policy. */
const violations: string[] = [];

async function phone(): Promise<Page> {
  const context = await phoneContext(browser, server.url);
  contexts.push(context);
  const page = await context.newPage();
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return page;
}

async function signedIn(page: Page, login: string, password: string): Promise<void> {
  await page.goto("/");
  await signInOnPage(page, login, password);
  await page.getByRole("navigation", { name: "主导航" }).waitFor();
}

describe("我的账户 on a phone: 修改密码 and 退出所有设备, under the site's CSP", { timeout: 120_000 }, () => {
  let login: string;

  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, "dist/index.html"))) {
      const { build } = await import("vite");
      await build({ root: WEB_ROOT, configFile: join(WEB_ROOT, "vite.config.ts"), logLevel: "warn" });
    }
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    login = uniquePhone();
    const admin = await signIn("13800000003");
    const added = await call("POST", `/orgs/${demoOrgs().xinyicheng}/members`, { token: admin, body: { name: "账户测试", phone: login } });
    expect(added.status, added.text).toBe(201);
    await acceptInvitationOf(added.json.accountId, FIRST_PASSWORD);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  it("changes the password on one phone (the other is signed out), then signs out everywhere", async () => {
    const mine = await phone();
    const other = await phone();
    await signedIn(mine, login, FIRST_PASSWORD);
    await signedIn(other, login, FIRST_PASSWORD);

    // The pages are served with the CSP, and the built page has no inline script for it to block.
    const served = await mine.goto("/me/account");
    expect(served?.headers()["content-security-policy"]).toContain("script-src 'self';");
    expect(await mine.locator("script:not([src])").count()).toBe(0);
    await mine.getByRole("heading", { name: "我的账户" }).waitFor();
    // Reached from the name in the top bar too.
    await mine.goto("/");
    await mine.getByRole("link", { name: "账户测试" }).click();
    await mine.getByRole("heading", { name: "修改密码" }).waitFor();

    // A weak new password: the meter says so and the form names the rule.
    await mine.getByLabel("当前密码").fill(FIRST_PASSWORD);
    await mine.getByLabel("新密码", { exact: true }).fill("12345678");
    await mine.getByText("密码强度：很弱").waitFor();
    await mine.getByLabel("确认新密码").fill("12345678");
    await mine.getByRole("button", { name: "修改密码" }).click();
    await mine.getByRole("alert").filter({ hasText: "这个密码太常见，容易被猜到" }).waitFor();

    // A wrong current password: the server's answer lands next to that field.
    await mine.getByLabel("当前密码").fill("not-my-password-1");
    await mine.getByLabel("新密码", { exact: true }).fill(NEW_PASSWORD);
    await mine.getByLabel("确认新密码").fill(NEW_PASSWORD);
    // zxcvbn-ts (loaded on demand, under the CSP) rates it.
    await mine.getByText(/密码强度：(强|很强)/).waitFor();
    await mine.getByRole("button", { name: "修改密码" }).click();
    await mine.getByRole("alert").filter({ hasText: "当前密码不正确" }).waitFor();

    await mine.getByLabel("当前密码").fill(FIRST_PASSWORD);
    await mine.getByRole("button", { name: "修改密码" }).click();
    await mine.getByRole("status").filter({ hasText: "密码已修改，其他设备上的登录已退出" }).waitFor();

    // This phone carries on; the other one is signed out at its next request.
    await mine.goto("/");
    await mine.getByRole("navigation", { name: "主导航" }).waitFor();
    await other.reload();
    await other.getByRole("heading", { name: "登录" }).waitFor();
    // The old password no longer works, the new one does.
    await signInOnPage(other, login, FIRST_PASSWORD);
    await other.getByRole("alert").filter({ hasText: "账号或密码不正确" }).waitFor();
    await other.getByLabel("密码").fill(NEW_PASSWORD);
    await other.getByRole("button", { name: "登录" }).click();
    await other.getByRole("navigation", { name: "主导航" }).waitFor();

    // 退出所有设备 from this phone: both end up at the login page.
    await mine.goto("/me/account");
    await mine.getByRole("button", { name: "退出所有设备" }).click();
    await mine.getByRole("button", { name: "确定退出所有设备" }).click();
    await mine.getByRole("heading", { name: "登录" }).waitFor();
    await other.goto("/me/activities");
    await other.getByRole("heading", { name: "登录" }).waitFor();
    const me = await other.request.get("/api/me");
    expect(me.status()).toBe(401);

    expect(violations).toEqual([]);
  });
});
