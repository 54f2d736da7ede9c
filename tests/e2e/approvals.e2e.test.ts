/**
 * Approvals as 钉钉/飞书 users expect, on phones in Chromium: the submitter sees the route the
 * answers take before submitting (条件分支); an approver away names a delegate who approves for
 * them (代理审批); several tasks approved in one go from 待办 (批量审批); the printable 审批单.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/api";
import { addPerson, attachChain, inboxIds, makeUnit, PASSWORD, people, publishForm, submit, type Person, type Unit } from "../support/approvals";
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

describe("代理审批 and the 审批单", { timeout: 120_000 }, () => {
  it("钱审批 names 孙代理 in 待办; a task arriving goes to 孙代理, who approves it as 孙代理（代钱审批）; the 审批单 prints it", async () => {
    const approver = await addPerson(unit, "钱审批", ["reviewer"]);
    const delegate = await addPerson(unit, "孙代理");
    const formId = await publishForm(unit, { title: "外出请示", fields: [{ key: "title", type: "text", label: "事由", required: true }] });
    await attachChain(unit, formId, { name: "外出审批", steps: [{ name: "负责人审批", approvers: people(approver.accountId) }] });

    const away = await phoneAs(approver, "/inbox");
    try {
      await away.page.getByRole("heading", { name: "待办" }).waitFor();
      const panel = away.page.getByRole("region", { name: "代理审批" });
      await panel.getByText("设置代理人（请假、出差时）").click();
      await panel.getByLabel("代理人").selectOption({ label: "孙代理" });
      await panel.getByRole("button", { name: "保存代理设置" }).click();
      await panel.getByText(/期间新到的待办由 孙代理 代为审批/).waitFor();
      await snap(away.page, "delegation-set");
    } finally {
      await away.context.close();
    }

    const { instanceId } = await submit(unit.people.陈申报!, formId, { title: "赴区委汇报" });
    expect(await inboxIds(delegate)).toContain(instanceId);
    expect(await inboxIds(approver)).not.toContain(instanceId);

    const { context, page } = await phoneAs(delegate, `/instances/${instanceId}`);
    try {
      await page.getByRole("heading", { name: "赴区委汇报" }).waitFor();
      await page.getByRole("list", { name: "负责人审批审批人" }).getByText("孙代理（代钱审批）").waitFor();
      await page.getByRole("group", { name: "审批操作" }).getByRole("button", { name: "同意", exact: true }).click();
      const dialog = page.getByRole("dialog", { name: "同意" });
      await dialog.getByRole("textbox").fill("钱主任出差，代为同意");
      await dialog.getByRole("button", { name: "确认同意" }).click();
      await page.getByRole("status").filter({ hasText: "已同意" }).waitFor();
      const timeline = page.getByRole("list", { name: "审批记录" });
      await timeline.getByText("孙代理（代钱审批）").waitFor();
      await snap(page, "delegate-approved");

      await page.getByRole("link", { name: "打印审批单" }).click();
      await page.getByRole("heading", { name: "外出审批审批单" }).waitFor();
      const rows = page.locator(".sheet__lines tbody tr");
      expect(await rows.count()).toBe(2);
      expect(await rows.nth(0).textContent()).toContain("陈申报");
      expect(await rows.nth(1).locator("td").nth(0).textContent()).toBe("负责人审批");
      expect(await rows.nth(1).locator("td").nth(1).textContent()).toBe("孙代理（代钱审批）");
      expect(await rows.nth(1).locator("td").nth(2).textContent()).toBe("同意：钱主任出差，代为同意");
      const view = (await call("GET", `/instances/${instanceId}`, { token: delegate.token })).json;
      expect(await page.locator(".sheet__hash").textContent()).toBe(view.instance.auditHead);
      await page.getByText(`审计记录共${view.audit.length}条，记录完整`).waitFor();
      await page.emulateMedia({ media: "print" });
      expect(await page.locator(".mainnav").isVisible()).toBe(false);
      expect(await page.getByRole("button", { name: "打印审批单" }).isVisible()).toBe(false);
      expect(await page.locator(".sheet__lines").isVisible()).toBe(true);
      await snap(page, "sheet-print");
    } finally {
      await context.close();
    }
  });
});

describe("批量审批 in 待办", { timeout: 120_000 }, () => {
  it("周批量 ticks three tasks and approves them in one go; one taken by another approver meanwhile is reported", async () => {
    const first = await addPerson(unit, "周批量");
    const other = await addPerson(unit, "吴同事");
    const formId = await publishForm(unit, { title: "物资申领", fields: [{ key: "title", type: "text", label: "物品", required: true }] });
    await attachChain(unit, formId, { name: "申领审批", steps: [{ name: "审批", approvers: people(first.accountId, other.accountId), mode: "any" }] });
    const ids: string[] = [];
    for (const item of ["投影仪", "桌椅", "横幅"]) ids.push((await submit(unit.people.陈申报!, formId, { title: item })).instanceId);

    const { context, page } = await phoneAs(first, "/inbox");
    try {
      const list = page.getByRole("list", { name: "待办事项" });
      for (const item of ["投影仪", "桌椅", "横幅"]) await list.getByRole("checkbox", { name: `选择“${item}”` }).check();
      const bar = page.getByRole("region", { name: "批量审批" });
      await bar.getByText("已选3项").waitFor();
      await snap(page, "batch-selected");
      // 吴同事 approves 桌椅 while the page is open.
      expect((await call("POST", `/instances/${ids[1]}/actions`, { token: other.token, body: { type: "approve" } })).status).toBe(200);
      await bar.getByRole("button", { name: "批量同意" }).click();
      const report = bar.getByRole("status");
      await report.getByText("2项已同意，1项未能处理：").waitFor();
      expect(await report.locator("li").allTextContents()).toEqual([expect.stringContaining("桌椅：")]);
      await page.waitForFunction(() => !document.querySelector('input[aria-label="选择“投影仪”"]'));
      expect(await list.count()).toBe(0);
      await snap(page, "batch-done");
    } finally {
      await context.close();
    }
    for (const id of ids) expect((await call("GET", `/instances/${id}`, { token: first.token })).json.instance.state.status).toBe("approved");
  });
});
