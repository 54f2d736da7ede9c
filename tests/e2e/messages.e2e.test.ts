import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, demoOrgs, signIn, uniquePhone } from "../support/api";
import { launchBrowser, phoneContext, signedInPhone } from "../support/browser";
import { startTestServer } from "../support/server";

const WEB_ROOT = resolve(import.meta.dirname, "../../web");
const TOWN = "13800000002"; // 王海峰, reviewer of 虹桥镇
let server: { url: string; close(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(join(WEB_ROOT, "dist", "index.html"))) throw new Error("web/dist is missing: run `npx vite build web` first");
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the bell", () => {
  it("the reviewer's bell shows 1 after a proposal is submitted, and following it opens the task", async () => {
    const reviewer = await signIn(TOWN);
    expect((await call("POST", "/messages/read", { token: reviewer, body: { all: true } })).json.unread).toBe(0);
    const title = `铃铛测试-${Date.now().toString(36)}`;
    const submitted = await call("POST", `/forms/${demoOrgs().activityForm}/submissions`, {
      token: await signIn("13800000003"),
      body: { data: { title, theme: "sishi", startsAt: "2026-12-20T14:00", endsAt: "2026-12-20T16:00", venue: "活动室", capacity: 30, needsFunds: "no", description: "铃铛" } },
    });
    expect(submitted.status, submitted.text).toBe(201);

    const { context, page } = await signedInPhone(browser, server.url, TOWN, "/");
    const count = page.getByTestId("bell-count");
    for (let attempt = 0; attempt < 20 && !(await count.isVisible()); attempt += 1) {
      await page.waitForTimeout(500);
      await page.reload();
      await page.getByTestId("bell").waitFor();
    }
    await expect(count.textContent()).resolves.toBe("1");
    await page.getByTestId("bell").click();
    await page.getByRole("heading", { name: "消息" }).waitFor();
    await page.getByRole("button", { name: new RegExp(`待审批：${title}`) }).click();
    await page.waitForURL(`**/instances/${String(submitted.json.instanceId)}`);
    // Opening it marked it read: the count leaves the bell.
    await page.getByTestId("bell-count").waitFor({ state: "detached" });
    await context.close();
  });
});

/** A member the org admin adds by phone number only: no password, as for an elderly 会员. */
async function memberAddedByPhone(name: string): Promise<string> {
  const phone = uniquePhone();
  const added = await call("POST", `/orgs/${demoOrgs().xinyicheng}/members`, { token: await signIn("13800000003"), body: { name, phone, roles: ["member"] } });
  expect(added.status, added.text).toBe(201);
  return phone;
}

/**
 * The SMS code the local outbox page (/dev/outbox) shows for a phone, read in the browser as a
 * new user would read it. The stream consumer writes it there a moment after the request.
 */
async function codeFromOutbox(context: BrowserContext, phone: string): Promise<string> {
  const page = await context.newPage();
  await page.goto("/dev/outbox");
  const row = page.locator("tbody tr", { hasText: phone }).filter({ hasText: "验证码为" }).first();
  for (let attempt = 0; attempt < 30 && !(await row.isVisible()); attempt += 1) {
    await page.waitForTimeout(300);
    await page.reload();
  }
  const code = /验证码为(\d{6})/.exec(await row.innerText())?.[1];
  await page.close();
  if (!code) throw new Error(`no SMS code for ${phone} in /dev/outbox`);
  return code;
}

describe("signing in without a password", () => {
  it("a member added by phone signs in with an SMS code read from the local outbox", async () => {
    const phone = await memberAddedByPhone("短信登录会员");
    const context = await phoneContext(browser, server.url);
    const page = await context.newPage();
    // The invitation's link opens the SMS tab; the tabs switch both ways.
    await page.goto("/login?by=sms");
    const smsTab = page.getByRole("tab", { name: "短信验证码登录" });
    await expect(smsTab.getAttribute("aria-selected")).resolves.toBe("true");
    await page.getByRole("tab", { name: "密码登录" }).click();
    await page.getByLabel("手机号或邮箱").waitFor();
    await smsTab.click();
    await expect(smsTab.getAttribute("aria-selected")).resolves.toBe("true");

    // A number that is not a mobile number is refused before any SMS is asked for.
    await page.getByLabel("手机号").fill("12345");
    await page.getByRole("button", { name: "获取验证码" }).click();
    await page.getByText("请输入正确的11位手机号").waitFor();

    await page.getByLabel("手机号").fill(phone);
    await page.getByRole("button", { name: "获取验证码" }).click();
    // The button counts down and cannot be pressed again until the 60 s are up.
    const resend = page.getByRole("button", { name: /秒后可重新获取/ });
    await resend.waitFor();
    await expect(resend.isDisabled()).resolves.toBe(true);
    await page.getByText(`验证码已发送至 ${phone.slice(0, 3)}****${phone.slice(7)}`).waitFor();

    const code = await codeFromOutbox(context, phone);
    const wrong = code === "000000" ? "111111" : "000000";
    await page.getByLabel("短信验证码").fill(wrong);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.getByText("验证码错误或已过期").first().waitFor();

    await page.getByLabel("短信验证码").fill(code);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.getByRole("navigation", { name: "主导航" }).waitFor();
    const me = await page.evaluate(async () => (await (await fetch("/api/me")).json()) as { account: { name: string } });
    expect(me.account.name).toBe("短信登录会员");
    await context.close();
  });

  it("忘记密码: a password is reset with an SMS code, then the member signs in with it", async () => {
    const phone = await memberAddedByPhone("重置密码会员");
    const password = "Qx7#mLp2vR!n";
    const context = await phoneContext(browser, server.url);
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByRole("button", { name: "忘记密码？" }).click();
    await page.getByRole("heading", { name: "重置密码" }).waitFor();
    await page.getByLabel("手机号").fill(phone);
    await page.getByRole("button", { name: "获取验证码" }).click();
    await page.getByRole("button", { name: /秒后可重新获取/ }).waitFor();
    const code = await codeFromOutbox(context, phone);

    await page.getByLabel("短信验证码").fill(code);
    await page.getByLabel("新密码", { exact: true }).fill(password);
    await page.getByLabel("确认新密码").fill(`${password}x`);
    await page.getByRole("button", { name: "重置密码" }).click();
    await page.getByText("两次输入的新密码不一致").waitFor();
    await page.getByLabel("确认新密码").fill(password);
    await page.getByRole("button", { name: "重置密码" }).click();

    await page.getByText("密码已重置，请用新密码登录。").waitFor();
    await expect(page.getByLabel("手机号或邮箱").inputValue()).resolves.toBe(phone);
    await page.getByLabel("密码", { exact: true }).fill(password);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.getByRole("navigation", { name: "主导航" }).waitFor();
    await context.close();

    // The code was used up: the same code cannot set another password.
    const again = await call("POST", "/auth/password/reset", { body: { phone, code, password: "Another#Pass123" } });
    expect(again.status).toBe(401);
    expect(again.json.errors.code).toBeDefined();
  });
});

describe("催办", () => {
  it("the submitter nudges the approver from the approval's page, once a day; the approver is told", async () => {
    const title = `催办测试-${Date.now().toString(36)}`;
    const submitted = await call("POST", `/forms/${demoOrgs().activityForm}/submissions`, {
      token: await signIn("13800000003"),
      body: { data: { title, theme: "sishi", startsAt: "2026-12-28T14:00", endsAt: "2026-12-28T16:00", venue: "活动室", capacity: 30, needsFunds: "no", description: "催办" } },
    });
    expect(submitted.status, submitted.text).toBe(201);
    const instanceId = String(submitted.json.instanceId);
    const { context, page } = await signedInPhone(browser, server.url, "13800000003", `/instances/${instanceId}`);
    await page.getByRole("heading", { name: title }).waitFor();
    await page.getByRole("button", { name: "催办", exact: true }).click();
    await page.getByText("已提醒审批人尽快处理。").waitFor();
    const done = page.getByRole("button", { name: /^今天\d\d:\d\d已催办$/ });
    await done.waitFor();
    await expect(done.isDisabled()).resolves.toBe(true);
    await context.close();

    // The message reaches the approver through the server's own stream consumer.
    const reviewer = await signIn(TOWN);
    let nudges: Array<{ template: string; body: string }> = [];
    for (let attempt = 0; attempt < 30 && nudges.length === 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const messages = await call("GET", "/messages?limit=100", { token: reviewer });
      nudges = (messages.json.items as Array<{ template: string; body: string; link: string }>).filter((m) => m.template === "approval.nudge" && m.link === `/instances/${instanceId}`);
    }
    expect(nudges.map((m) => m.body)).toEqual([`张晓雯提醒您尽快审批「${title}」。`]);
  });
});
