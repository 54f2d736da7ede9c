import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniquePhone } from "../support/api";
import { makeUnit, publishForm, type Unit } from "../support/approvals";
import { launchBrowser, phoneContext, signedInPhone } from "../support/browser";
import { startTestServer } from "../support/server";

/**
 * A public-link form in Chromium: the form's admin publishes it by link (quota set) and sees its
 * QR code; a stranger in a fresh context with no cookie, on a 375 px phone, opens the link,
 * proves a phone with the code the local SMS outbox shows, fills and submits, and opens the
 * receipt link; the admin then sees the submission, the phone masked.
 */
const WEB_ROOT = resolve(import.meta.dirname, "../../web");
const definition = {
  title: "读书会报名表",
  fields: [
    { key: "name", type: "text", label: "姓名", required: true },
    { key: "session", type: "radio", label: "场次", required: true, options: [{ value: "am", label: "上午场" }, { value: "pm", label: "下午场" }] },
  ],
};

let server: { url: string; close(): Promise<void> };
let browser: Browser;
let unit: Unit;
let formId: string;
const contexts: BrowserContext[] = [];

async function codeFromOutbox(page: Page, phone: string): Promise<string> {
  for (let attempt = 0; attempt < 60; attempt++) {
    await page.goto("/dev/outbox");
    const row = page.locator("tr", { hasText: phone }).first();
    if ((await row.count()) > 0) {
      const match = /验证码为(\d{6})/.exec(await row.innerText());
      if (match) return match[1]!;
    }
    await page.waitForTimeout(500);
  }
  throw new Error(`no code for ${phone} in /dev/outbox`);
}

describe("a public-link form", { timeout: 240_000 }, () => {
  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, "dist/index.html"))) {
      const { build } = await import("vite");
      await build({ root: WEB_ROOT, configFile: join(WEB_ROOT, "vite.config.ts"), logLevel: "warn" });
    }
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    unit = await makeUnit("公开表单页", []);
    formId = await publishForm(unit, definition);
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  it("the owner publishes it, a stranger fills it via the link with an SMS code, the owner sees the submission", async () => {
    // The owner (张晓雯, admin carried down to the unit) sets the link up.
    const owner = await signedInPhone(browser, server.url, "13800000003", `/orgs/${unit.orgId}/forms/${formId}/public-link`);
    contexts.push(owner.context);
    await owner.page.getByRole("heading", { name: "公开链接" }).waitFor();
    await owner.page.getByLabel("总名额（可不填）").fill("20");
    await owner.page.getByRole("button", { name: "生成公开链接" }).click();
    const panel = owner.page.getByTestId("public-link");
    await panel.waitFor();
    const path = (await panel.getByRole("link").getAttribute("href"))!;
    expect(path).toMatch(/^\/f\/[\w-]+$/);
    expect(await panel.getByRole("img", { name: "公开链接二维码" }).getAttribute("src")).toMatch(/^data:image\/svg\+xml;base64,/);
    await expect.poll(() => panel.innerText()).toContain("已占用名额：0 / 20");

    // A stranger: a fresh context, no cookie, a 375 px phone.
    const stranger = await phoneContext(browser, server.url);
    contexts.push(stranger);
    expect(await stranger.cookies()).toEqual([]);
    const page = await stranger.newPage();
    await page.goto(path);
    await page.getByRole("heading", { name: "读书会报名表" }).waitFor();
    await expect.poll(() => page.getByTestId("places-left").innerText()).toContain("剩余名额：20");
    const phone = uniquePhone();
    await page.getByLabel("手机号").fill(phone);
    await page.getByRole("button", { name: "获取验证码" }).click();
    await page.getByLabel("短信验证码").waitFor();
    const code = await codeFromOutbox(await stranger.newPage(), phone);
    await page.getByLabel("短信验证码").fill(code);
    await page.getByRole("button", { name: "验证", exact: true }).click();
    await expect.poll(() => page.getByTestId("filler").innerText()).toContain(`已验证手机号 ${phone.slice(0, 3)}****${phone.slice(7)}`);
    // The renderer checks the answers before anything is sent.
    await page.getByRole("button", { name: "提交" }).click();
    await page.getByText("请填写姓名").waitFor();
    await page.getByLabel("姓名").fill("王小明");
    await page.getByLabel("下午场").check();
    await page.getByRole("button", { name: "提交" }).click();
    const receipt = page.getByTestId("public-receipt");
    await receipt.getByText("提交成功，感谢填写！").waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await receipt.getByRole("link").click();
    await page.getByRole("heading", { name: "读书会报名表·填写回执" }).waitFor();
    await expect.poll(() => page.getByTestId("receipt-status").innerText()).toContain("已提交");
    await page.getByText("王小明").waitFor();
    await page.getByText("下午场").waitFor();

    // The owner sees it among the form's submissions, the phone masked.
    await owner.page.goto(`/orgs/${unit.orgId}/forms/${formId}/submissions`);
    await owner.page.getByRole("heading", { name: "提交记录" }).waitFor();
    await owner.page.getByText(`访客 ${phone.slice(0, 3)}****${phone.slice(7)}`).first().waitFor();
    expect(await owner.page.content()).not.toContain(phone);
  });
});
