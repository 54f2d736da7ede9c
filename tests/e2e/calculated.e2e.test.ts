/**
 * 计算字段 in Chromium: the district admin adds a calculated field in the builder (公式 over a
 * number field, result in 元), publishes, and on the fill page the result follows the answers as
 * they are typed, read-only; after submitting, the receipt shows the server's result.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, phoneContext, signInOnPage } from "../support/browser";
import { startTestServer } from "../support/server";

const WEB_ROOT = resolve(import.meta.dirname, "../../web");
const DISTRICT_ADMIN = "13800000001"; // 李红
const TITLE = `计算字段表-${Date.now().toString(36)}`;

let server: { url: string; close(): Promise<void> };
let browser: Browser;

const card = (page: Page, index: number): Locator => page.locator(".builder__edit > .field-cards > .field-card").nth(index);

async function addField(page: Page, type: string): Promise<Locator> {
  const before = await page.locator(".builder__edit > .field-cards > .field-card").count();
  await page.getByRole("button", { name: "＋ 添加字段" }).click();
  await page.getByRole("group", { name: "选择字段类型" }).getByRole("button", { name: type, exact: true }).click();
  const added = card(page, before);
  await added.getByLabel("字段名称").first().waitFor();
  return added;
}

describe("calculated fields in the browser", { timeout: 120_000 }, () => {
  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, "dist/index.html"))) {
      const { build } = await import("vite");
      await build({ root: WEB_ROOT, configFile: join(WEB_ROOT, "vite.config.ts"), logLevel: "warn" });
    }
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("built in the builder, shown read-only on the fill page as answers are typed, stored as the server works it out", async () => {
    const context = await phoneContext(browser, server.url);
    const page = await context.newPage();
    try {
      await page.goto("/");
      await signInOnPage(page, DISTRICT_ADMIN);
      await page.getByRole("link", { name: /闵行区委统战部/ }).click();
      await page.getByRole("link", { name: "新建表单" }).click();
      await page.getByRole("heading", { name: "新建表单" }).waitFor();
      await page.getByLabel("表单标题").fill(TITLE);

      const people = await addField(page, "数字");
      await people.getByLabel("字段名称").fill("参加人数");
      await people.getByText("高级", { exact: true }).click();
      await people.getByLabel("字段标识").fill("people");
      const fee = await addField(page, "金额");
      await fee.getByLabel("字段名称").fill("人均费用");
      await fee.getByText("高级", { exact: true }).click();
      await fee.getByLabel("字段标识").fill("fee");
      const total = await addField(page, "计算字段");
      await total.getByLabel("字段名称").fill("预算合计");
      await total.getByText("高级", { exact: true }).click();
      await total.getByLabel("字段标识").fill("total");
      // A formula naming a missing field is refused next to 公式 when saving.
      await total.getByLabel("公式").fill("people * price");
      await page.getByRole("button", { name: "保存草稿" }).click();
      await page.getByRole("alert").filter({ hasText: "公式引用了不存在的字段“price”" }).first().waitFor();
      await total.getByLabel("公式").fill("people * fee");
      await total.getByLabel("结果为金额（元）").check();

      await page.getByRole("button", { name: "发布" }).click();
      await page.getByText("已发布（第1版）").waitFor();
      await page.waitForURL(/\/forms\/[^/]+\/edit$/);
      const formId = new URL(page.url()).pathname.split("/")[4]!;

      await page.goto(`/forms/${formId}/fill`);
      await page.getByRole("heading", { name: TITLE }).waitFor();
      const result = page.locator('output[data-field="total"]');
      expect((await result.textContent())?.trim()).toBe("¥0.00");
      await page.getByLabel("参加人数").fill("12");
      await page.getByLabel("人均费用").fill("35.5");
      await expect.poll(async () => (await result.textContent())?.trim()).toBe("¥426.00");
      // Read-only: no input to type into.
      expect(await page.getByRole("textbox", { name: "预算合计" }).count()).toBe(0);

      await page.getByRole("button", { name: "提交", exact: true }).click();
      await page.getByRole("heading", { name: "提交成功" }).waitFor();
      expect(await page.locator(".answers").textContent()).toContain("¥426.00");
    } finally {
      await context.close();
    }
  });
});
