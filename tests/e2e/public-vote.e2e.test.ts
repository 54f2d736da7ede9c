import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, signIn, uniquePhone } from "../support/api";
import { launchBrowser } from "../support/browser";
import { outboxFor } from "@tongxin/core/messages/channels/outbox";
import { addPerson, campaignTree, caseData, createCampaign, enter, PASSWORD, review, type Person } from "../support/campaigns";
import { startTestServer } from "../support/server";

const WEB_ROOT = resolve(import.meta.dirname, "../../web");
/** WeChat's in-app browser on an iPhone, as it names itself. */
const WECHAT_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800322d) NetType/WIFI Language/zh_CN";

let server: { url: string; close(): Promise<void> };
let browser: Browser;
const contexts: BrowserContext[] = [];

/** The newest code the local outbox (/dev/outbox) shows for a phone, waiting for the stream to deliver it. */
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

describe("a voter on a 375 px phone in WeChat's browser", { timeout: 240_000 }, () => {
  let campaignId: string;
  let admin: Person;
  const titles = ["社区议事厅：新阶层人士参与基层治理", "楼宇党建：白领驿站", "同心讲堂进园区"];

  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, "dist/index.html"))) {
      const { build } = await import("vite");
      await build({ root: WEB_ROOT, configFile: join(WEB_ROOT, "vite.config.ts"), logLevel: "warn" });
    }
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    const districtAdmin = await signIn("13800000001");
    const tree = await campaignTree(districtAdmin);
    admin = await addPerson(districtAdmin, tree.office.orgId, "投票页办公室", ["admin"]);
    const entrant = await addPerson(districtAdmin, tree.unitC.orgId, "投票页申报人", ["member"]);
    campaignId = (await createCampaign(admin.token, tree.office.orgId, { judgesPerEntry: 1, winners: 3, tiers: [] })).campaignId;
    for (const title of titles) {
      const entry = await enter(entrant.token, campaignId, tree.unitC.orgId, caseData(title));
      await review(admin.token, entry.instanceId!, "approve");
    }
    const now = Date.now();
    const set = await call("PUT", `/campaigns/${campaignId}/public-vote`, {
      token: admin.token,
      body: { opensAt: new Date(now - 60_000).toISOString(), closesAt: new Date(now + 3_600_000).toISOString(), picksPerDay: 2, perAddressPerDay: 50, showCounts: true, weight: 0.3 },
    });
    expect(set.status, set.text).toBe(200);
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  it("proves the phone with a code read from the outbox, casts today's two picks, and meets the daily limit", async () => {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "zh-CN", timezoneId: "Asia/Shanghai", userAgent: WECHAT_UA });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`/public/campaigns/${campaignId}/vote`);
    await page.getByRole("heading", { name: /网络投票/ }).waitFor();
    await expect.poll(() => page.getByTestId("vote-entry").count()).toBe(3);
    // Fits a 375 px screen: nothing scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    const phone = uniquePhone();
    await page.getByLabel("手机号").fill(phone);
    await page.getByRole("button", { name: "获取验证码" }).click();
    await page.getByLabel("短信验证码").waitFor();
    const outbox = await context.newPage();
    const code = await codeFromOutbox(outbox, phone);

    await page.getByLabel("短信验证码").fill(code);
    await page.getByRole("button", { name: "验证", exact: true }).click();
    await expect.poll(() => page.getByTestId("voter").innerText()).toContain(`已验证手机号 ${phone.slice(0, 3)}****${phone.slice(7)}，今天还可投 2 票`);

    const entries = page.getByTestId("vote-entry");
    await entries.nth(0).getByRole("checkbox").check();
    await entries.nth(1).getByRole("checkbox").check();
    // Two picks a day: the third cannot be ticked.
    expect(await entries.nth(2).getByRole("checkbox").isDisabled()).toBe(true);
    await page.getByRole("button", { name: "投票（已选2项）" }).click();
    await page.getByRole("status").filter({ hasText: "投票成功，已投2票。今天还可投0票。" }).waitFor();
    await page.getByTestId("limit").filter({ hasText: "该手机号今天的2票已投完，请明天再来" }).waitFor();
    for (let i = 0; i < 3; i++) expect(await entries.nth(i).getByRole("checkbox").isDisabled()).toBe(true);
    // Running counts are shown: one vote each for the two picked.
    await expect.poll(() => entries.nth(0).innerText()).toContain("1票");
    await expect.poll(() => entries.nth(2).innerText()).toContain("0票");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });

  it("the office sees the fraud signals and voids a flagged address's votes with a reason", async () => {
    // Three phones vote from one address, one from another (through the API, addresses set).
    const entryIds = ((await call("GET", `/public/campaigns/${campaignId}/vote`)).json.entries as Array<{ entryId: string }>).map((e) => e.entryId);
    for (const [i, client] of ["10.77.0.1", "10.77.0.1", "10.77.0.1", "10.77.0.2"].entries()) {
      const phone = uniquePhone();
      expect((await call("POST", `/public/campaigns/${campaignId}/vote/code`, { body: { phone }, client })).status).toBe(202);
      let code: string | undefined;
      for (let attempt = 0; attempt < 60 && !code; attempt++) {
        code = (await outboxFor(phone)).find((entry) => entry.template === "auth.sms_code")?.params.code;
        if (!code) await new Promise((r) => setTimeout(r, 500));
      }
      const { pass } = (await call("POST", `/public/campaigns/${campaignId}/vote/voter`, { body: { phone, code }, client })).json;
      expect((await call("POST", `/public/campaigns/${campaignId}/votes`, { body: { pass, entryIds: [entryIds[i % 3]] }, client })).status).toBe(201);
    }
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    contexts.push(context);
    expect((await context.request.post("/api/auth/login", { data: { login: admin.phone, password: PASSWORD } })).status()).toBe(200);
    const page = await context.newPage();
    await page.goto(`/campaigns/${campaignId}?tab=votes`);
    const addresses = page.getByRole("region", { name: "票数最多的网络地址" });
    const row = addresses.getByRole("row", { name: /10\.77\.0\.1/ });
    await row.waitFor();
    expect(await row.innerText()).toContain("3");
    // Phones appear only as prefixes.
    expect(await page.locator("body").innerText()).not.toMatch(/1\d{10}/);
    await row.getByRole("button", { name: "作废该来源的票" }).click();
    await page.getByLabel("作废理由").fill("同一网络地址集中投票，经核实为刷票");
    await page.getByRole("button", { name: "确认作废" }).click();
    await page.getByText("已作废3票，排名已按剩余票数重新计算").waitFor();
    const view = await call("GET", `/campaigns/${campaignId}/public-vote`, { token: admin.token });
    expect(view.json.signals).toMatchObject({ voided: 3 });
    expect(view.json.signals.topAddresses.map((a: { source: string }) => a.source)).not.toContain("10.77.0.1");
  });
});
