import { readFile } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { readSheet } from "read-excel-file/universal";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, demoOrgs, signIn } from "../support/api";
import { launchBrowser, signedInPhone } from "../support/browser";
import { startTestServer } from "../support/server";

/**
 * 个人信息收集告知 in Chromium (issue #16, item 3): a member filling a form that asks for a
 * 身份证号 must accept the notice, and give the separate consent, before the form submits.
 */
const ID_NUMBER = "11010519491231002X";

let server: { url: string; close(): Promise<void> };
let browser: Browser;
let formId: string;
const title = `入会信息登记-${Date.now().toString(36)}`;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  const admin = await signIn("13800000001");
  const created = await call("POST", `/orgs/${demoOrgs().district}/forms`, {
    token: admin,
    body: {
      definition: {
        title,
        fields: [
          { key: "fullName", type: "text", label: "姓名", required: true, privacy: "personal" },
          { key: "idNumber", type: "idcard", label: "身份证号", required: true },
        ],
      },
      publish: true,
    },
  });
  expect(created.status, created.text).toBe(201);
  formId = created.json.form.formId;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("a submitter accepts the 个人信息收集告知 before submitting", { timeout: 120_000 }, () => {
  it("is stopped without the notice, then without the separate consent, and submits with both", async () => {
    const { context, page } = await signedInPhone(browser, server.url, "13800000003", `/forms/${formId}/fill`);
    try {
      await page.getByRole("heading", { name: title }).waitFor();
      await page.getByRole("heading", { name: "个人信息收集告知" }).waitFor();
      expect(await page.locator(".consent__text").textContent()).toContain("身份证号属于敏感个人信息");
      await page.getByRole("textbox", { name: /^姓名/ }).fill("张晓雯");
      await page.getByRole("textbox", { name: /^身份证号/ }).fill(ID_NUMBER);

      await page.getByRole("button", { name: "提交", exact: true }).click();
      await page.getByRole("alert").filter({ hasText: "请阅读并同意个人信息收集告知" }).first().waitFor();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("consent-notice");

      await page.getByLabel("我已阅读并同意上述个人信息收集告知").check();
      await page.getByRole("button", { name: "提交", exact: true }).click();
      await page.getByRole("alert").filter({ hasText: "须单独同意" }).first().waitFor();

      const token = await signIn("13800000003");
      const before = await call("GET", `/me/submissions?formId=${formId}`, { token });
      expect(before.json.items.filter((s: { status: string }) => s.status !== "draft")).toHaveLength(0);

      await page.getByLabel(/我单独同意处理我的敏感个人信息（身份证号）/).check();
      await page.getByRole("button", { name: "提交", exact: true }).click();
      await page.getByRole("heading", { name: "提交成功" }).waitFor();

      const after = await call("GET", `/me/submissions?formId=${formId}`, { token });
      const submitted = after.json.items.find((s: { status: string }) => s.status !== "draft");
      expect(submitted.data.idNumber).toBe(ID_NUMBER);
      expect(submitted.consent).toMatchObject({ noticeVersion: expect.stringMatching(/^[0-9a-f]{16}$/), sensitive: true });

      // The district's admin reads it masked, and in full after giving a reason.
      const office = await signedInPhone(browser, server.url, "13800000001", `/submissions/${submitted.submissionId}`);
      try {
        await office.page.getByText("1101**********002X").waitFor();
        expect(await office.page.getByText(ID_NUMBER).count()).toBe(0);
        await office.page.getByRole("button", { name: "查看完整 个人信息" }).click();
        await office.page.getByLabel("查看原因").selectOption("verify_identity");
        await office.page.getByRole("button", { name: "确认查看" }).click();
        await office.page.getByText(ID_NUMBER).waitFor();
      } finally {
        await office.context.close();
      }
    } finally {
      await context.close();
    }
  });

  it("an org admin sees the roll masked and asks for one member in full with a reason, which is logged", async () => {
    const { context, page } = await signedInPhone(browser, server.url, "13800000003", `/orgs/${demoOrgs().xinyicheng}/members`);
    try {
      const row = page.locator("table.members tbody tr", { hasText: "陈思远" });
      await row.waitFor();
      expect(await row.textContent()).toContain("138****0004");
      expect(await row.textContent()).not.toContain("13800000004");
      await row.getByRole("button", { name: "查看完整 陈思远" }).click();
      await row.getByRole("button", { name: "确认查看" }).click();
      await row.getByRole("alert").filter({ hasText: "请选择查看原因" }).waitFor();
      await row.getByLabel("查看原因").selectOption("contact");
      await row.getByRole("button", { name: "确认查看" }).click();
      await row.getByRole("link", { name: "13800000004" }).waitFor();

      const token = await signIn("13800000003");
      const log = await call("GET", `/orgs/${demoOrgs().xinyicheng}/personal-data/access-log`, { token });
      // Other test files write to this subtree's log at the same time: find this look among them.
      expect(log.json.items).toContainEqual(expect.objectContaining({ action: "reveal", actorName: "张晓雯", whose: "陈思远", reason: "contact" }));

      // The office's page of the log shows the look just made.
      await page.goto(`/orgs/${demoOrgs().xinyicheng}`);
      await page.getByRole("link", { name: "个人信息访问记录" }).click();
      await page.getByRole("heading", { name: "个人信息访问记录" }).waitFor();
      await page.locator("table.access-log tbody tr", { hasText: "陈思远" }).filter({ hasText: "联系本人" }).first().waitFor();
    } finally {
      await context.close();
    }
  });

  it("a member opens 我的个人信息 from their name (我的账户) and downloads it as XLSX", async () => {
    const { context, page } = await signedInPhone(browser, server.url, "13800000004", "/");
    try {
      await page.getByRole("link", { name: "陈思远" }).click();
      await page.getByRole("heading", { name: "我的账户" }).waitFor();
      await page.getByRole("link", { name: "我的个人信息" }).click();
      await page.getByRole("heading", { name: "我的个人信息" }).waitFor();
      await page.getByText("13800000004").first().waitFor();
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "下载（XLSX）" }).click()]);
      const path = await download.path();
      const bytes = await readFile(path);
      const rows = (await readSheet(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))) as string[][];
      expect(rows[0]).toEqual(["类别", "项目", "内容"]);
      expect(rows).toContainEqual(["账号", "手机", "13800000004"]);
      expect(rows.some((row) => row[0] === "成员资料·新意城新空间")).toBe(true);
    } finally {
      await context.close();
    }
  });
});
