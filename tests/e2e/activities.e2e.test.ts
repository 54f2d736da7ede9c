import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import QRCode from "qrcode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shanghaiLocal } from "@tongxin/core/activities/time";
import { call, demoOrgs, signIn as apiSignIn } from "../support/api";
import { chromiumPath, launchBrowser, phoneContext, signedInPhone, signInOnPage } from "../support/browser";
import { startTestServer } from "../support/server";
import { screenshotter } from "../support/screenshots";

const WEB_ROOT = resolve(import.meta.dirname, "../../web");
const DISTRICT = "13800000001"; // 李红, admin and reviewer of 闵行区委统战部
const TOWN = "13800000002"; // 王海峰, reviewer of 虹桥镇
const ORGANIZER = "13800000003"; // 张晓雯, admin of 新意城新空间 (the organizer)
const MEMBER = "13800000004"; // 陈思远, member of 新意城新空间

let server: { url: string; close(): Promise<void> };
let browser: Browser;
let workDir: string;

const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
const TITLE = `四史读书分享会-${suffix}`;
/** A second activity, checked in through the camera. */
const CAMERA_TITLE = `科普讲座-${suffix}`;
const DAY = 86_400_000;
/**
 * The summary may be filed only once the activity has started, and sign-up stays open until
 * it ends: so it started earlier today (Shanghai time) and ends tomorrow.
 */
const today = shanghaiLocal(new Date()).slice(0, 10);
const STARTS_AT = `${today}T${shanghaiLocal(new Date()).slice(11, 13) >= "09" ? "09:00" : "00:00"}`;
const ENDS_AT = `${shanghaiLocal(new Date(Date.now() + DAY)).slice(0, 10)}T12:00`;
/** An 8×8 red PNG, the summary's photo. */
const PHOTO = "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGPYrCaHFTEMLQkARnA9wUDwlJ0AAAAASUVORK5CYII=";
/** What the tests pass along. */
const shared: { activityId?: string; token?: string; cameraActivityId?: string } = {};

const signIn = (page: Page, login: string) => signInOnPage(page, login);

const snap = screenshotter("activities");

const phoneOf = (login: string, path = "/") => signedInPhone(browser, server.url, login, path);

/**
 * A Y4M video (what Chromium's fake camera plays, looped) of the QR code of `text`, black on
 * white in the middle of a 640×480 frame.
 */
function qrVideo(text: string): Buffer {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const [width, height] = [640, 480];
  const cell = Math.floor(height / (modules.size + 8));
  const left = Math.floor((width - modules.size * cell) / 2);
  const top = Math.floor((height - modules.size * cell) / 2);
  const luma = Buffer.alloc(width * height, 235);
  for (let y = 0; y < modules.size * cell; y += 1) {
    for (let x = 0; x < modules.size * cell; x += 1) {
      if (modules.get(Math.floor(y / cell), Math.floor(x / cell))) luma[(top + y) * width + left + x] = 16;
    }
  }
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, Buffer.alloc(width * height / 2, 128)]);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), frame, frame]);
}

/** Proposes an activity with the seeded 活动申报表 as 张晓雯; 王海峰 and 李红 approve it. */
async function openActivity(title: string, theme: string): Promise<string> {
  const [organizer, town, district] = await Promise.all([apiSignIn(ORGANIZER), apiSignIn(TOWN), apiSignIn(DISTRICT)]);
  const data = {
    title,
    theme,
    startsAt: STARTS_AT,
    endsAt: ENDS_AT,
    venue: "新意城新空间活动室",
    capacity: 2,
    needsFunds: "yes",
    budget: [{ item: "图书采购", amount: 80000 }],
    description: "共读《中国共产党简史》，分享读书心得。",
  };
  const submitted = await call("POST", `/forms/${demoOrgs().activityForm}/submissions`, { token: organizer, body: { data } });
  expect(submitted.status, submitted.text).toBe(201);
  for (const approver of [town, district]) {
    const acted = await call("POST", `/instances/${submitted.json.instanceId}/actions`, { token: approver, body: { type: "approve" } });
    expect(acted.status, acted.text).toBe(200);
  }
  const opened = await call("GET", `/activities/${submitted.json.submissionId}`, { token: organizer });
  expect(opened.status, opened.text).toBe(200);
  return submitted.json.submissionId as string;
}

describe("activities on phones: calendar, sign-up with a QR code, check-in, summary, statistics", { timeout: 90_000 }, () => {
  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, "dist/index.html"))) {
      const { build } = await import("vite");
      await build({ root: WEB_ROOT, configFile: join(WEB_ROOT, "vite.config.ts"), logLevel: "warn" });
    }
    workDir = await mkdtemp(join(tmpdir(), "tongxin-e2e-activities-"));
    [server, browser, shared.activityId, shared.cameraActivityId] = await Promise.all([
      startTestServer(),
      launchBrowser(),
      openActivity(TITLE, "sishi"),
      openActivity(CAMERA_TITLE, "science"),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it("陈思远 finds it in the 新意城新空间 calendar, signs up and sees his check-in QR code", async () => {
    const { context, page } = await phoneOf(MEMBER);
    try {
      await page.getByRole("link", { name: /^新意城新空间/ }).click();
      await page.getByRole("heading", { name: "新意城新空间" }).waitFor();
      await page.getByRole("link", { name: "活动日历" }).click();
      await page.getByRole("heading", { name: "活动日历" }).waitFor();
      const month = `${STARTS_AT.slice(0, 4)}年${Number(STARTS_AT.slice(5, 7))}月`;
      await page.getByRole("heading", { name: month }).waitFor();
      const card = page.locator("a.act-card", { hasText: TITLE });
      await card.waitFor();
      const text = await card.textContent();
      expect(text).toContain(`${STARTS_AT.slice(11, 16)} –`);
      expect(text).toContain("四史学习");
      expect(text).toContain("新意城新空间");
      expect(text).toContain("余 2 位");
      await card.scrollIntoViewIfNeeded();
      await snap(page, "calendar");

      await card.click();
      await page.getByRole("heading", { name: TITLE }).waitFor();
      await page.getByRole("button", { name: "报名", exact: true }).click();
      await page.getByRole("status").filter({ hasText: "报名成功" }).waitFor();
      await page.locator(".my-signup .signup-pill", { hasText: "已报名" }).waitFor();
      expect(await page.locator(".facts").textContent()).toContain("余 1 位");
      const qr = page.getByRole("img", { name: "我的签到二维码" });
      await qr.waitFor();
      expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      shared.token = (await page.locator(".qr__code").textContent())!;
      expect(shared.token.replace(/\s/g, "")).toBe(await page.locator(".qr__code").getAttribute("data-token"));
      // Managing is for the organizer: he sees no sign-up list.
      expect(await page.getByRole("heading", { name: "活动管理" }).count()).toBe(0);
      await snap(page, "activity-qr");

      await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "我的活动" }).click();
      await page.getByRole("heading", { name: "我的活动" }).waitFor();
      expect(await page.locator("a.act-card", { hasText: TITLE }).textContent()).toContain("已报名");
    } finally {
      await context.close();
    }
  });

  it("张晓雯 checks him in by typing his code, and the sign-up list shows him checked in", async () => {
    expect(shared.token).toBeTruthy();
    const { context, page } = await phoneOf(ORGANIZER, `/activities/${shared.activityId}`);
    try {
      await page.getByRole("heading", { name: TITLE }).waitFor();
      await page.getByRole("heading", { name: "活动管理" }).waitFor();
      await page.getByRole("link", { name: "签到扫码" }).click();
      await page.getByRole("heading", { name: "签到扫码" }).waitFor();
      await page.getByRole("button", { name: "开启摄像头扫码" }).waitFor();

      await page.getByLabel("输入签到码").fill("not-a-real-code");
      await page.getByRole("button", { name: "签到", exact: true }).click();
      await page.getByRole("alert").filter({ hasText: "签到码无效" }).waitFor();

      await page.getByLabel("输入签到码").fill(shared.token!);
      await page.getByRole("button", { name: "签到", exact: true }).click();
      await page.getByRole("status").filter({ hasText: "签到成功：陈思远" }).waitFor();
      expect(await page.getByLabel("输入签到码").inputValue()).toBe("");
      expect(await page.getByRole("list", { name: "最近签到" }).textContent()).toContain("陈思远");
      await snap(page, "checkin");

      // The same code again: told when he checked in, not counted twice.
      await page.getByLabel("输入签到码").fill(shared.token!);
      await page.getByRole("button", { name: "签到", exact: true }).click();
      await page.getByRole("alert").filter({ hasText: "重复签到：陈思远 已于" }).waitFor();
      expect(await page.getByRole("list", { name: "最近签到" }).locator("li").count()).toBe(1);

      await page.getByRole("link", { name: TITLE }).click();
      await page.getByRole("heading", { name: "报名名单" }).waitFor();
      const row = page.getByRole("list", { name: "已报名" }).locator("li", { hasText: "陈思远" });
      expect(await row.locator(".signup-pill").textContent()).toBe("已签到");
      expect(await page.locator(".signups__counts").textContent()).toContain("已签到 1");
    } finally {
      await context.close();
    }
  });

  it("张晓雯 checks a member in by scanning his QR code with the camera (Chromium's fake camera shows it)", async () => {
    const member = await apiSignIn(MEMBER);
    const signed = await call("POST", `/activities/${shared.cameraActivityId}/signups`, { token: member, headers: { "idempotency-key": `e2e-camera-${suffix}` } });
    expect(signed.status, signed.text).toBe(201);
    const video = join(workDir, "qr.y4m");
    await writeFile(video, qrVideo(signed.json.checkinToken));
    const camera = await chromium.launch({
      executablePath: chromiumPath(),
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", `--use-file-for-fake-video-capture=${video}`],
    });
    try {
      const context = await phoneContext(camera, server.url);
      await context.grantPermissions(["camera"]);
      const page = await context.newPage();
      await page.goto(`/activities/${shared.cameraActivityId}/checkin`);
      await signIn(page, ORGANIZER);
      await page.getByRole("heading", { name: "签到扫码" }).waitFor();
      await page.getByRole("button", { name: "开启摄像头扫码" }).click();
      await page.getByRole("button", { name: "关闭摄像头" }).waitFor();
      await page.getByRole("status").filter({ hasText: "签到成功：陈思远" }).waitFor({ timeout: 15_000 });
      // The code stays in front of the camera: one check-in, no repeated tries.
      await page.waitForTimeout(4500);
      await expect(page.getByRole("alert").filter({ hasText: "重复签到" }).count()).resolves.toBe(0);
      expect(await page.getByRole("list", { name: "最近签到" }).locator("li").count()).toBe(1);
      await snap(page, "checkin-camera");
      await page.getByRole("button", { name: "关闭摄像头" }).click();
      await page.getByRole("button", { name: "开启摄像头扫码" }).waitFor();
    } finally {
      await camera.close();
    }
  });

  it("张晓雯 files the summary: attendance defaults to the one check-in, money in 元", async () => {
    const { context, page } = await phoneOf(ORGANIZER, `/activities/${shared.activityId}`);
    try {
      await page.getByRole("heading", { name: "活动总结" }).waitFor();
      expect(await page.getByLabel("实际参加人次").inputValue()).toBe("1");
      await page.getByRole("button", { name: "提交活动总结" }).click();
      await page.getByRole("alert").filter({ hasText: "请填写实际支出" }).waitFor();
      await page.getByLabel("实际支出（元）").fill("680.5");
      await page.getByLabel("总结内容").fill("共读一章，六位会员分享心得，反响热烈。");
      await page.getByLabel("活动照片").setInputFiles({ name: "合影.png", mimeType: "image/png", buffer: Buffer.from(PHOTO, "base64") });
      await page.getByRole("list", { name: "活动照片：已上传" }).getByText("合影.png").waitFor();
      await page.getByRole("heading", { name: "活动总结" }).scrollIntoViewIfNeeded();
      await snap(page, "summary-form");
      await page.getByRole("button", { name: "提交活动总结" }).click();
      await page.getByRole("status").filter({ hasText: "活动总结已提交" }).waitFor();
      const facts = await page.locator(".manage .facts").textContent();
      expect(facts).toContain("1 人次（签到 1 人）");
      expect(facts).toContain("680.50 元");
      expect(facts).toContain("结余 119.50 元");
      const photo = page.getByRole("list", { name: "活动照片" }).getByRole("img", { name: "合影.png" });
      await photo.waitFor();
      await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>(".summary-photos img")].every((img) => img.complete && img.naturalWidth > 0));
      await page.locator(".page-head .status", { hasText: "已总结" }).waitFor();
      expect(await page.getByRole("link", { name: "签到扫码" }).count()).toBe(0);
      await snap(page, "summary");
    } finally {
      await context.close();
    }
  });

  it("李红 opens the district's 活动统计: totals, charts with their tables, and the Excel export", async () => {
    const { context, page } = await phoneOf(DISTRICT);
    try {
      await page.getByRole("link", { name: /闵行区委统战部/ }).click();
      await page.getByRole("heading", { name: "闵行区委统战部" }).waitFor();
      await page.getByRole("link", { name: "活动统计" }).click();
      await page.getByRole("heading", { name: "活动统计" }).waitFor();
      const year = STARTS_AT.slice(0, 4);
      expect(await page.getByLabel("年度").inputValue()).toBe(year);
      const totals = page.getByRole("list", { name: `${year}年合计` });
      await totals.waitFor();
      expect(Number(await totals.locator("li", { hasText: "开展活动" }).locator(".totals__value").textContent())).toBeGreaterThanOrEqual(1);
      expect(Number(await totals.locator("li", { hasText: "人次" }).locator(".totals__value").textContent())).toBeGreaterThanOrEqual(1);

      const themes = page.getByRole("table", { name: "各主题活动场次与参与人次" });
      const sishi = themes.getByRole("row", { name: /四史学习/ });
      expect(Number(await sishi.locator("td").first().textContent())).toBeGreaterThanOrEqual(1);
      const months = page.getByRole("table", { name: "各月活动场次与参与人次" });
      const thisMonth = months.getByRole("row", { name: new RegExp(`^${Number(STARTS_AT.slice(5, 7))}月`) });
      expect(Number(await thisMonth.locator("td").first().textContent())).toBeGreaterThanOrEqual(1);
      const children = page.getByRole("table", { name: /各下级组织/ });
      expect(Number(await children.getByRole("row", { name: /虹桥镇/ }).locator("td").first().textContent())).toBeGreaterThanOrEqual(1);
      for (const chart of ["按月份", "按主题", "按下级组织"]) {
        expect(await page.getByRole("img", { name: new RegExp(`^${chart}`) }).count()).toBe(1);
      }

      const excel = page.getByRole("link", { name: "导出 Excel" });
      const href = (await excel.getAttribute("href"))!;
      expect(href).toContain(`year=${year}`);
      expect(href).toContain("format=xlsx");
      const download = await page.request.get(href);
      expect(download.status()).toBe(200);
      expect(download.headers()["content-type"]).toContain("spreadsheetml");
      const ledger = page.getByRole("link", { name: `下载${year}年活动台账（Word）` });
      const ledgerHref = (await ledger.getAttribute("href"))!;
      expect(ledgerHref).toContain("format=docx");
      const word = await page.request.get(ledgerHref);
      expect(word.status()).toBe(200);
      expect(word.headers()["content-type"]).toContain("wordprocessingml");
      expect(decodeURIComponent(word.headers()["content-disposition"] ?? "")).toContain(`${year}年活动台账.docx`);
      await snap(page, "stats");

      // A year without activities: one empty state saying what counts and what to do, no empty charts.
      const empty = String(Number(year) - 5);
      await page.getByLabel("年度").selectOption(empty);
      await page.getByRole("heading", { name: `${empty}年还没有可统计的活动` }).waitFor();
      await page.getByRole("link", { name: "查看活动日历" }).waitFor();
      expect(await page.getByRole("img", { name: /^按月份/ }).count()).toBe(0);
      expect(await page.getByRole("list", { name: `${empty}年合计` }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it("on a wide screen the district's calendar is a month grid", async () => {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1024, height: 800 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    try {
      const page = await context.newPage();
      await page.goto(`/orgs/${demoOrgs().district}/calendar?month=${STARTS_AT.slice(0, 7)}`);
      await signIn(page, DISTRICT);
      const grid = page.getByRole("table");
      await grid.getByRole("columnheader", { name: "周一" }).waitFor();
      const entry = grid.getByRole("link", { name: new RegExp(TITLE) });
      expect(await entry.textContent()).toContain("四史学习 · 新意城新空间 · 已结束");
      expect(Number(await entry.locator("xpath=ancestor::td").locator(".month-grid__date").textContent())).toBe(Number(STARTS_AT.slice(8, 10)));
      await page.screenshot({ path: "/tmp/e2e-activities-calendar-wide.png", fullPage: true });
    } finally {
      await context.close();
    }
  });
});
