import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoOrgs } from "../support/api";
import { launchBrowser, phoneContext, signInOnPage } from "../support/browser";
import { startTestServer } from "../support/server";
import { screenshotter } from "../support/screenshots";

const WEB_ROOT = resolve(import.meta.dirname, "../../web");
const DISTRICT_ADMIN = "13800000001"; // 李红, admin of 闵行区委统战部

let server: { url: string; close(): Promise<void> };
let browser: Browser;
const snap = screenshotter("builder-office");
const TITLE = `满意度调查-${Date.now().toString(36)}`;
const FOUR = ["非常满意", "比较满意", "基本满意", "不太满意"];
const shared: { formId?: string } = {};

const card = (page: Page, index: number): Locator => page.locator(".builder__edit > .field-cards > .field-card").nth(index);

async function addField(page: Page, type: string): Promise<Locator> {
  const before = await page.locator(".builder__edit > .field-cards > .field-card").count();
  await page.getByRole("button", { name: "＋ 添加字段" }).click();
  await page.getByRole("group", { name: "选择字段类型" }).getByRole("button", { name: type, exact: true }).click();
  const added = card(page, before);
  await added.getByLabel("字段名称").first().waitFor();
  return added;
}

/** Each option chip's text: its rendered height and the height of one line of it. */
async function chipLines(scope: Locator): Promise<Array<{ text: string; lines: number }>> {
  return scope.locator(".check > span").evaluateAll((spans) =>
    spans.map((span) => {
      const style = getComputedStyle(span);
      const line = Number.parseFloat(style.lineHeight) || Number.parseFloat(style.fontSize) * 1.5;
      return { text: span.textContent ?? "", lines: Math.round(span.getBoundingClientRect().height / line) };
    }),
  );
}

describe("the builder for office staff, on a 375 px phone", { timeout: 90_000 }, () => {
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

  it("offers formats by name, keeps keys under 高级, names mistakes by label, and previews 4-character options on one line", async () => {
    const context = await phoneContext(browser, server.url);
    const page = await context.newPage();
    try {
      await page.goto(`/orgs/${demoOrgs().district}/forms/new`);
      await signInOnPage(page, DISTRICT_ADMIN);
      await page.getByRole("heading", { name: "新建表单" }).waitFor();
      await page.getByLabel("表单标题").fill(TITLE);

      // The first field: its key is generated and hidden until 高级 is opened.
      const zip = card(page, 0);
      await zip.getByLabel("字段名称").fill("邮政编码");
      expect(await zip.getByLabel("字段标识").isVisible()).toBe(false);
      await zip.getByText("高级", { exact: true }).click();
      expect(await zip.getByLabel("字段标识").inputValue()).toMatch(/^field\d+$/);

      // 格式 is picked by name; no regular expression is shown unless 自定义 is chosen.
      const format = zip.getByLabel("格式", { exact: true });
      const names = await format.locator("option").allTextContents();
      expect(names).toEqual(expect.arrayContaining(["不限", "邮政编码", "座机", "手机号", "6位数字", "身份证号", "自定义（正则表达式）"]));
      await format.selectOption({ label: "邮政编码" });
      expect(await zip.getByLabel("正则表达式").count()).toBe(0);
      await zip.getByText("例如：201100").waitFor();

      const rating = await addField(page, "单选");
      await rating.getByLabel("字段名称").fill("总体评价");
      for (const [i, label] of FOUR.entries()) {
        if (i >= 2) await rating.getByRole("button", { name: "＋ 添加选项" }).click();
        await rating.getByLabel(`选项${i + 1}`, { exact: true }).fill(label);
      }

      // A mistake is told by the field's label, never by its key or a path.
      const phone = await addField(page, "单行文本");
      await phone.getByLabel("字段名称").fill("");
      await page.getByRole("button", { name: "保存草稿" }).click();
      const summary = page.locator(".builder-bar").getByRole("alert");
      await summary.filter({ hasText: "第3个字段的字段名称" }).waitFor();
      expect(await summary.textContent()).not.toMatch(/fields\.|field\d/);
      await phone.getByLabel("字段名称").fill("联系电话");
      await phone.getByLabel("格式", { exact: true }).selectOption({ label: "座机" });
      await snap(page, "builder");

      // The preview is the fill page's renderer: chips of four characters stay on one line, and the
      // format's own message names what is wrong.
      await page.getByRole("tab", { name: "预览" }).click();
      const preview = page.getByRole("form", { name: "表单预览" });
      await preview.getByLabel("非常满意").waitFor();
      const chips = await chipLines(preview);
      expect(chips.filter((chip) => FOUR.includes(chip.text))).toEqual(FOUR.map((text) => ({ text, lines: 1 })));
      await preview.getByLabel("邮政编码").fill("2011");
      await preview.getByLabel("联系电话").fill("6412");
      await preview.getByRole("button", { name: "试提交（不会保存）" }).click();
      await preview.getByRole("alert").filter({ hasText: "邮政编码须为6位邮政编码" }).waitFor();
      await preview.getByRole("alert").filter({ hasText: "联系电话须为座机号码" }).waitFor();
      await snap(page, "preview");

      await page.getByRole("tab", { name: "编辑" }).click();
      await page.getByRole("button", { name: "发布" }).click();
      await page.waitForURL(/\/forms\/[^/]+\/edit$/);
      shared.formId = new URL(page.url()).pathname.split("/")[4];

      // Reopened, the saved pattern shows as its name again.
      await page.reload();
      await card(page, 0).getByText("邮政编码", { exact: true }).first().click();
      expect(await card(page, 0).getByLabel("格式", { exact: true }).inputValue()).toBe("postcode");
    } finally {
      await context.close();
    }
  });

  it("the fill page shows the same chips on one line and no version number", async () => {
    expect(shared.formId).toBeTruthy();
    const context = await phoneContext(browser, server.url);
    const page = await context.newPage();
    try {
      await page.goto(`/forms/${shared.formId}/fill`);
      await signInOnPage(page, DISTRICT_ADMIN);
      await page.getByRole("heading", { name: TITLE }).waitFor();
      await page.getByLabel("非常满意").waitFor();
      const chips = await chipLines(page.locator("form.fill-form"));
      expect(chips.filter((chip) => FOUR.includes(chip.text))).toEqual(FOUR.map((text) => ({ text, lines: 1 })));
      expect(await page.locator("main").textContent()).not.toMatch(/第\s*\d+\s*版/);
      await snap(page, "fill");
    } finally {
      await context.close();
    }
  });
});
