import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { deflateSync } from "node:zlib";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { readSheet } from "read-excel-file/universal";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoOrgs } from "../support/api";
import { launchBrowser, phoneContext, signInOnPage } from "../support/browser";
import { startTestServer } from "../support/server";
import { screenshotter } from "../support/screenshots";

const WEB_ROOT = resolve(import.meta.dirname, "../../web");
const DISTRICT_ADMIN = "13800000001"; // 李红, admin of 闵行区委统战部
const SPACE_ADMIN = "13800000003"; // 张晓雯, admin and member of 新意城新空间 (beneath the district)

let server: { url: string; close(): Promise<void> };
let browser: Browser;
let workDir: string;

const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
const TITLE = `活动经费申请-${suffix}`;
/** What the tests pass along: the form built by the admin, the submission made by the member. */
const shared: { formId?: string; submissionId?: string } = {};

const signIn = (page: Page, login: string) => signInOnPage(page, login);

const snap = screenshotter("forms");

/** A small PNG (a red square with a white stripe), made here so the test needs no fixture file. */
function png(size = 24): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Array.from({ length: size }, (_, y) =>
    Buffer.from([0, ...Array.from({ length: size }, () => (Math.abs(y - size / 2) < 3 ? [255, 255, 255] : [179, 38, 30])).flat()]),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** The builder card of the field at `index` (top level). */
const card = (page: Page, index: number): Locator => page.locator(".builder__edit > .field-cards > .field-card").nth(index);

async function addField(page: Page, type: string): Promise<Locator> {
  const before = await page.locator(".builder__edit > .field-cards > .field-card").count();
  await page.getByRole("button", { name: "＋ 添加字段" }).click();
  await page.getByRole("group", { name: "选择字段类型" }).getByRole("button", { name: type, exact: true }).click();
  const added = card(page, before);
  await added.getByLabel("字段名称").first().waitFor();
  return added;
}

async function newPhonePage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await phoneContext(browser, server.url);
  return { context, page: await context.newPage() };
}

describe("forms on a phone: build, fill with a draft and a photo, review and export", { timeout: 90_000 }, () => {
  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, "dist/index.html"))) {
      const { build } = await import("vite");
      await build({ root: WEB_ROOT, configFile: join(WEB_ROOT, "vite.config.ts"), logLevel: "warn" });
    }
    workDir = await mkdtemp(join(tmpdir(), "tongxin-e2e-forms-"));
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it("the district admin builds a form with a condition and an image field, previews it and publishes it", async () => {
    const { context, page } = await newPhonePage();
    try {
      await page.goto("/");
      await signIn(page, DISTRICT_ADMIN);
      await page.getByRole("link", { name: /闵行区委统战部/ }).click();
      await page.getByRole("heading", { name: "闵行区委统战部" }).waitFor();
      await page.getByRole("link", { name: "新建表单" }).click();
      await page.getByRole("heading", { name: "新建表单" }).waitFor();

      // Saving without a title: the validator's message appears next to 表单标题.
      await page.getByRole("button", { name: "保存草稿" }).click();
      await page.getByRole("alert").filter({ hasText: "请填写表单标题" }).first().waitFor();

      await page.getByLabel("表单标题").fill(TITLE);
      await page.getByLabel("表单说明").fill("新空间活动经费申请，请如实填写。");

      const name = card(page, 0);
      await name.getByLabel("字段名称").fill("申请人姓名");
      await name.getByLabel("必填", { exact: true }).check();

      const funding = await addField(page, "单选");
      await funding.getByLabel("字段名称").fill("是否需要经费");
      await funding.getByLabel("选项1", { exact: true }).fill("是");
      await funding.getByLabel("选项2", { exact: true }).fill("否");

      const amount = await addField(page, "金额");
      await amount.getByLabel("字段名称").fill("经费金额");
      await amount.getByLabel("按条件显示", { exact: true }).check();
      await amount.getByLabel("按条件显示：字段").selectOption({ label: "是否需要经费" });
      await amount.getByLabel("按条件显示：条件").selectOption({ label: "等于" });
      await amount.getByLabel("按条件显示：值").selectOption({ label: "是" });

      const photo = await addField(page, "图片");
      await photo.getByLabel("字段名称").fill("活动照片");
      await snap(page, "builder");

      // The preview is the real renderer: 经费金额 appears only after choosing 是.
      await page.getByRole("tab", { name: "预览" }).click();
      const preview = page.getByRole("form", { name: "表单预览" });
      await preview.getByRole("heading", { name: TITLE }).waitFor();
      expect(await preview.getByLabel("经费金额").count()).toBe(0);
      await preview.getByLabel("是", { exact: true }).check();
      await preview.getByLabel("经费金额").waitFor();
      await preview.getByRole("button", { name: "试提交（不会保存）" }).click();
      await preview.getByRole("alert").filter({ hasText: "请填写申请人姓名" }).waitFor();
      await snap(page, "builder-preview");

      await page.getByRole("tab", { name: "编辑" }).click();
      await page.getByRole("button", { name: "发布" }).click();
      await page.getByText("已发布（第1版）").waitFor();
      await page.waitForURL(/\/forms\/[^/]+\/edit$/);
      shared.formId = new URL(page.url()).pathname.split("/")[4];
      expect(shared.formId).toBeTruthy();

      // Back on the org page the form is listed as published.
      await page.goto(`/orgs/${demoOrgs().district}`);
      await page.getByRole("link", { name: `填写 ${TITLE}` }).waitFor();
      await snap(page, "district-org");
    } finally {
      await context.close();
    }
  });

  it("a new-space member fills it on a phone: draft saved and restored, condition, photo upload, receipt", async () => {
    expect(shared.formId).toBeTruthy();
    const { context, page } = await newPhonePage();
    try {
      await page.goto("/");
      await signIn(page, SPACE_ADMIN);
      // She cannot open the district's own page (no role there), but her 新空间's page lists
      // the published forms of the orgs above it.
      await page.getByRole("link", { name: /^新意城新空间/ }).click();
      await page.getByRole("heading", { name: "新意城新空间" }).waitFor();
      await page.getByRole("heading", { name: "闵行区委统战部发布的表单" }).waitFor();
      await snap(page, "space-org");
      await page.getByRole("link", { name: `填写 ${TITLE}` }).click();
      await page.getByRole("heading", { name: TITLE }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/forms/${shared.formId}/fill`);

      await page.getByLabel("申请人姓名").fill("张晓雯");
      await page.getByText(/草稿已保存 \d{2}:\d{2}/).waitFor();

      await page.reload();
      await page.getByText("已恢复上次保存的草稿").waitFor();
      expect(await page.getByLabel("申请人姓名").inputValue()).toBe("张晓雯");

      expect(await page.getByLabel("经费金额").count()).toBe(0);
      await page.getByLabel("是", { exact: true }).check();
      await page.getByLabel("经费金额").fill("1280.5");
      await page.getByLabel("否", { exact: true }).check();
      expect(await page.getByLabel("经费金额").count()).toBe(0);
      await page.getByLabel("是", { exact: true }).check();
      expect(await page.getByLabel("经费金额").inputValue()).toBe("1280.50"); // kept while hidden, shown in 元

      const file = join(workDir, "活动现场.png");
      await writeFile(file, png());
      await page.getByLabel("活动照片", { exact: true }).setInputFiles(file);
      const uploaded = page.getByRole("list", { name: "活动照片：已上传" });
      await uploaded.getByRole("link", { name: "活动现场.png" }).waitFor();
      await uploaded.getByRole("img", { name: "活动现场.png" }).waitFor();
      await page.getByText(/草稿已保存 \d{2}:\d{2}/).waitFor();
      await page.getByLabel("经费金额").blur();
      await snap(page, "fill");

      await page.getByRole("button", { name: "提交", exact: true }).click();
      await page.getByRole("heading", { name: "提交成功" }).waitFor();
      const id = (await page.locator(".receipt__facts").getByText("提交编号").locator("xpath=following-sibling::dd").textContent())?.trim();
      expect(id).toBeTruthy();
      shared.submissionId = id;
      const answers = await page.locator(".answers").textContent();
      expect(answers).toContain("张晓雯");
      expect(answers).toContain("¥1280.50");
      expect(answers).toContain("活动现场.png");
      await snap(page, "receipt");
    } finally {
      await context.close();
    }
  });

  it("the district admin sees the submission, opens it and downloads the XLSX with Chinese headers", async () => {
    expect(shared.submissionId).toBeTruthy();
    const { context, page } = await newPhonePage();
    try {
      await page.goto(`/orgs/${demoOrgs().district}`);
      await signIn(page, DISTRICT_ADMIN);
      await page.getByRole("link", { name: `${TITLE} 的提交记录` }).click();
      await page.getByRole("heading", { name: "提交记录" }).waitFor();
      const row = page.locator("table.submissions tbody tr", { hasText: shared.submissionId! });
      await row.waitFor();
      expect(await row.textContent()).toContain("张晓雯");
      expect(await row.textContent()).toContain("已提交");
      await snap(page, "submissions");

      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "导出 Excel" }).click()]);
      expect(download.suggestedFilename()).toBe(`${TITLE}-提交记录.xlsx`);
      const bytes = await readFile(await download.path());
      const sheet = await readSheet(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      expect(sheet[0]).toEqual(expect.arrayContaining(["提交编号", "提交人", "申请人姓名", "是否需要经费", "经费金额", "活动照片"]));
      const mine = sheet.find((cells) => cells.includes(shared.submissionId!));
      expect(mine).toBeDefined();
      expect(mine).toContain("1280.50");

      await row.getByRole("link", { name: "查看 张晓雯 的提交" }).click();
      await page.getByRole("heading", { name: TITLE }).waitFor();
      await page.getByRole("link", { name: "活动现场.png" }).waitFor();
      expect(await page.locator(".answers").textContent()).toContain("¥1280.50");
      await snap(page, "submission");
    } finally {
      await context.close();
    }
  });

  it("two admins edit the same form: the later save is told about the conflict instead of overwriting", async () => {
    expect(shared.formId).toBeTruthy();
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    try {
      const first = await context.newPage();
      const editUrl = `/orgs/${demoOrgs().district}/forms/${shared.formId}/edit`;
      await first.goto(editUrl);
      await signIn(first, DISTRICT_ADMIN);
      await first.getByRole("heading", { name: "编辑表单" }).waitFor();
      const second = await context.newPage();
      await second.goto(editUrl);
      await second.getByRole("heading", { name: "编辑表单" }).waitFor();
      await first.bringToFront(); // a background tab gets few animation frames, which slows every click

      // A repeating group with a sub-field; on a wide screen the preview sits beside the editor.
      const group = await addField(first, "重复组");
      await group.getByLabel("字段名称").first().fill("经费明细");
      await group.locator(".group-editor .field-card").first().getByLabel("字段名称").fill("项目");
      await group.getByRole("button", { name: "＋ 添加组内字段" }).click();
      await group.getByRole("group", { name: "选择字段类型" }).getByRole("button", { name: "金额", exact: true }).click();
      await group.locator(".group-editor .field-card").nth(1).getByLabel("字段名称").fill("金额");
      const preview = first.getByRole("form", { name: "表单预览" });
      await preview.getByRole("button", { name: "＋ 添加一行" }).click();
      await preview.getByLabel("项目").waitFor();
      await first.getByRole("button", { name: "保存草稿" }).click();
      await first.getByText("草稿已保存（第2版）").waitFor();
      await snap(first, "builder-wide");

      // The second page still holds version 1: its save is refused and says why.
      await second.bringToFront();
      await second.getByLabel("表单说明").fill("另一位管理员的修改");
      await second.getByRole("button", { name: "保存草稿" }).click();
      await second.getByRole("alert").filter({ hasText: "表单已被其他人修改过" }).waitFor();
      expect(await second.getByRole("button", { name: "保存草稿" }).isDisabled()).toBe(true);

      // A duplicate key (generated, kept under 高级) is named next to the field by the other field's label, before anything is sent.
      await first.bringToFront();
      await first.reload();
      await first.getByRole("heading", { name: "编辑表单" }).waitFor();
      await card(first, 1).locator(".field-card__summary").click();
      await card(first, 1).getByText("高级", { exact: true }).click();
      const fundingKey = await card(first, 1).getByLabel("字段标识").inputValue();
      await card(first, 2).locator(".field-card__summary").click();
      await card(first, 2).getByText("高级", { exact: true }).click();
      await card(first, 2).getByLabel("字段标识").fill(fundingKey);
      await first.getByRole("button", { name: "保存草稿" }).click();
      await card(first, 2).getByRole("alert").filter({ hasText: "字段标识与第2个字段“是否需要经费”重复" }).first().waitFor();
      expect(await first.locator(".builder-bar").getByRole("alert").textContent()).not.toContain(fundingKey);
    } finally {
      await context.close();
    }
  });
});
