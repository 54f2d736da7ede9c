/**
 * 修改后重新提交 in Chromium: the submitter of a returned approval sees, before resubmitting, the
 * route the revised answers take (a conditional step appears as the amount grows), with the step
 * approved before the return shown as not asked again — and the 审批单 offers its PDF.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actOn, attachChain, makeUnit, PASSWORD, people, publishForm, submit, type Person, type Unit } from "../support/approvals";
import { launchBrowser, phoneContext, signInOnPage } from "../support/browser";
import { startTestServer } from "../support/server";

const WEB_ROOT = resolve(import.meta.dirname, "../../web");

let server: { url: string; close(): Promise<void> };
let browser: Browser;
let unit: Unit;

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
  [server, browser, unit] = await Promise.all([startTestServer(), launchBrowser(), makeUnit("重提路线", [{ name: "初审周" }, { name: "复审吴" }, { name: "区级郑" }, { name: "申报王" }])]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("route preview on resubmission", { timeout: 120_000 }, () => {
  it("申报王 edits a returned application and sees 区级审批 join the route as the amount grows, 初审 marked as already passed", async () => {
    const { 初审周: first, 复审吴: second, 区级郑: district, 申报王: submitter } = unit.people as Record<string, Person>;
    const formId = await publishForm(unit, {
      title: "经费申报",
      fields: [
        { key: "title", type: "text", label: "事由", required: true },
        { key: "amount", type: "money", label: "金额", required: true },
      ],
    });
    await attachChain(unit, formId, {
      name: "按金额审批",
      formId,
      steps: [
        { name: "初审", approvers: people(first!.accountId) },
        { name: "复审", approvers: people(second!.accountId) },
        { name: "区级审批", approvers: people(district!.accountId), when: { field: "amount", op: "gt", value: 1_000_000 } },
      ],
    });
    const { submissionId, instanceId } = await submit(submitter!, formId, { title: "社区讲座", amount: 500_000 });
    await actOn(first!, instanceId, { type: "approve" });
    await actOn(second!, instanceId, { type: "return", to: "submitter", comment: "请核实金额" });

    const { context, page } = await phoneAs(submitter!, `/submissions/${submissionId}/edit`);
    try {
      await page.getByRole("heading", { name: "经费申报" }).waitFor();
      const route = page.getByRole("region", { name: "审批流程" });
      await route.getByText("重新提交后将依次由以下步骤审批：").waitFor();
      await route.getByText("已通过、不再重复审批：初审").waitFor();
      expect(await route.locator("li").allTextContents()).toEqual(["复审复审吴"]);
      await page.getByLabel("金额").fill("20000");
      await page.waitForFunction(() => document.querySelectorAll(".route-preview li").length === 2);
      expect(await route.getByText("按所填内容无需").count()).toBe(0);
      expect(await route.locator("li").allTextContents()).toEqual(["复审复审吴", "区级审批区级郑"]);

      await page.getByRole("button", { name: "重新提交" }).click();
      await page.waitForURL(new RegExp(`/instances/${instanceId}$`));
      await page.getByRole("status").filter({ hasText: "已重新提交" }).waitFor();

      // The 审批单 offers its PDF, which downloads.
      await page.goto(`/instances/${instanceId}/sheet`);
      const link = page.getByRole("link", { name: "下载 PDF" });
      const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
      expect(download.suggestedFilename()).toBe("社区讲座-审批单.pdf");
    } finally {
      await context.close();
    }
  });
});
