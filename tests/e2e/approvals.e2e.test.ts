/**
 * Approvals as 钉钉/飞书 users expect, on phones in Chromium: the submitter sees the route the
 * answers take before submitting (条件分支).
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachChain, makeUnit, PASSWORD, people, publishForm, type Person, type Unit } from "../support/approvals";
import { launchBrowser, phoneContext, signInOnPage } from "../support/browser";
import { startTestServer } from "../support/server";
import { screenshotter } from "../support/screenshots";

const WEB_ROOT = resolve(import.meta.dirname, "../../web");
const snap = screenshotter("approvals");

let server: { url: string; close(): Promise<void> };
let browser: Browser;
let unit: Unit;

/** A phone signed in as one of the unit's people. */
async function phoneAs(person: Person, path: string) {
  const context = await phoneContext(browser, server.url);
  const page: Page = await context.newPage();
  await page.goto(path);
  await signInOnPage(page, person.phone, PASSWORD);
  await page.getByRole("navigation", { name: "主导航" }).waitFor();
  return { context, page };
}

beforeAll(async () => {
  if (!existsSync(join(WEB_ROOT, "dist/index.html"))) {
    const { build } = await import("vite");
    await build({ root: WEB_ROOT, configFile: join(WEB_ROOT, "vite.config.ts"), logLevel: "warn" });
  }
  [server, browser, unit] = await Promise.all([
    startTestServer(),
    launchBrowser(),
    makeUnit("浏览器审批", [{ name: "王街镇" }, { name: "李区委" }, { name: "赵备案" }, { name: "陈申报" }]),
  ]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("条件分支: the route before submitting", { timeout: 90_000 }, () => {
  it("陈申报 sees 将依次由…审批 change as the amount and the kind of activity change", async () => {
    const formId = await publishForm(unit, {
      title: "活动经费申请",
      fields: [
        { key: "title", type: "text", label: "活动名称", required: true },
        { key: "kind", type: "select", label: "活动类型", required: true, options: [{ value: "讲座", label: "讲座" }, { value: "联谊", label: "联谊" }] },
        { key: "budget", type: "money", label: "预算金额", required: true },
      ],
    });
    await attachChain(unit, formId, {
      name: "经费审批",
      formId,
      steps: [
        { name: "街镇审核", approvers: people(unit.people.王街镇!.accountId), when: { field: "kind", op: "neq", value: "联谊" } },
        { name: "区委统战部审批", approvers: people(unit.people.李区委!.accountId), when: { field: "budget", op: "gt", value: 1_000_000 } },
      ],
      branches: [{ name: "联谊活动", when: { field: "kind", op: "eq", value: "联谊" }, steps: [{ name: "联谊备案", approvers: people(unit.people.赵备案!.accountId) }] }],
    });
    const { context, page } = await phoneAs(unit.people.陈申报!, `/forms/${formId}/fill`);
    try {
      await page.getByRole("heading", { name: "活动经费申请" }).waitFor();
      const route = page.getByRole("region", { name: "审批流程" });
      await page.getByLabel("活动名称").fill("青年讲座");
      await page.getByLabel("活动类型").selectOption({ label: "讲座" });
      await page.getByLabel("预算金额").fill("8000");
      await route.getByText("街镇审核").waitFor();
      await route.getByText("按所填内容无需：区委统战部审批").waitFor();
      expect(await route.locator("li").allTextContents()).toEqual(["街镇审核王街镇"]);

      await page.getByLabel("预算金额").fill("12000");
      await route.getByText("区委统战部审批").waitFor();
      await page.waitForFunction(() => document.querySelectorAll(".route-preview li").length === 2);
      expect(await route.locator("li").allTextContents()).toEqual(["街镇审核王街镇", "区委统战部审批李区委"]);
      await snap(page, "route-preview");

      await page.getByLabel("活动类型").selectOption({ label: "联谊" });
      await route.getByText("提交后将依次由以下步骤审批（联谊活动）：").waitFor();
      await route.getByText("按所填内容无需：街镇审核").waitFor();
      expect(await route.locator("li").allTextContents()).toEqual(["区委统战部审批李区委", "联谊备案赵备案"]);

      await page.getByRole("button", { name: "提交", exact: true }).click();
      await page.getByRole("heading", { name: "提交成功" }).waitFor();
    } finally {
      await context.close();
    }
  });
});
