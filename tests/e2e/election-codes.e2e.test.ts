import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "@tongxin/core/seed/demo";
import { call, demoOrgs, signIn as apiSignIn, uniquePhone } from "../support/api";
import { launchBrowser } from "../support/browser";
import { startTestServer } from "../support/server";

const WEB_ROOT = resolve(import.meta.dirname, "../../web");
const DISTRICT_ADMIN = "13800000001"; // 李红

let server: { url: string; close(): Promise<void> };
let browser: Browser;
const contexts: BrowserContext[] = [];

/**
 * Issue #20, "Fix first": regenerating voting codes after a reload (or from another device) voids
 * every printed card, so the console refuses until the count of codes to void is typed.
 */
describe("regenerating voting codes in the console", { timeout: 180_000 }, () => {
  let electionId: string;
  let admin: string;

  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, "dist/index.html"))) {
      const { build } = await import("vite");
      await build({ root: WEB_ROOT, configFile: join(WEB_ROOT, "vite.config.ts"), logLevel: "warn" });
    }
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    admin = await apiSignIn(DISTRICT_ADMIN);
    const org = await call("POST", "/orgs", { token: admin, body: { name: `投票码演练${Date.now().toString(36)}`, kind: "branch", parentId: demoOrgs().district } });
    expect(org.status).toBe(201);
    const orgId = org.json.orgId as string;
    const ids: string[] = [];
    for (const [name, roles] of [["监票甲", ["member", "scrutineer"]], ["监票乙", ["member", "scrutineer"]], ["会员丙", ["member"]]] as const) {
      const added = await call("POST", `/orgs/${orgId}/members`, { token: admin, body: { name, phone: uniquePhone(), roles } });
      expect(added.status, added.text).toBe(201);
      ids.push(added.json.accountId);
    }
    const created = await call("POST", `/orgs/${orgId}/elections`, {
      token: admin,
      body: { title: "投票码演练选举", mode: "online", positions: [{ title: "会长", seats: 1, kind: "slate", candidates: [{ name: "王建国" }] }], motions: [] },
    });
    expect(created.status, created.text).toBe(201);
    electionId = created.json.election.electionId;
    expect((await call("POST", `/elections/${electionId}/scrutineers`, { token: admin, body: { accountIds: ids.slice(0, 2) } })).status).toBe(200);
    expect((await call("POST", `/elections/${electionId}/roll`, { token: admin })).status).toBe(200);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  it("after a reload the console says codes exist (how many, when, by whom) and regenerates only once the count is typed", async () => {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1366, height: 900 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    contexts.push(context);
    expect((await context.request.post("/api/auth/login", { data: { login: DISTRICT_ADMIN, password: DEMO_PASSWORD } })).status()).toBe(200);
    const page = await context.newPage();
    let browserDialogs = 0;
    page.on("dialog", (dialog) => {
      browserDialogs += 1;
      void dialog.dismiss();
    });

    await page.goto(`/elections/${electionId}`);
    await page.getByRole("button", { name: "生成投票码" }).click();
    await page.getByRole("button", { name: /打印投票卡（3张）/ }).waitFor();
    const firstCodes = await page.locator(".code-card__code").allTextContents();
    expect(firstCodes).toHaveLength(3);

    // A reload forgets the sheet; the console still knows the codes exist.
    await page.reload();
    await expect.poll(() => page.getByTestId("codes-issued").textContent()).toContain("已生成投票码 3 个");
    expect(await page.getByTestId("codes-issued").textContent()).toContain("李红");
    await page.getByRole("button", { name: "重新生成投票码" }).click();

    const dialog = page.getByRole("dialog", { name: "重新生成投票码" });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("3 个未使用");
    // A wrong count is refused in the dialog; nothing is voided.
    await dialog.getByLabel(/请输入作废数量 3 以确认/).fill("2");
    await dialog.getByRole("button", { name: "作废并重新生成" }).click();
    await dialog.getByRole("alert").filter({ hasText: "请输入作废数量 3 以确认" }).waitFor();
    expect(await page.locator(".code-card").count()).toBe(0);
    await dialog.getByRole("button", { name: "取消" }).click();
    await dialog.waitFor({ state: "detached" });

    // The first codes still stand: the roll shows each voter holding one, and the audit one issue.
    const audit = (await call("GET", `/elections/${electionId}/audit`, { token: admin })).json;
    expect(audit.entries.filter((e: { event: { action: string } }) => e.event.action === "codes_issued")).toHaveLength(1);

    await page.getByRole("button", { name: "重新生成投票码" }).click();
    await dialog.getByLabel(/请输入作废数量 3 以确认/).fill("3");
    await dialog.getByRole("button", { name: "作废并重新生成" }).click();
    await page.getByRole("button", { name: /打印投票卡（3张）/ }).waitFor();
    const secondCodes = await page.locator(".code-card__code").allTextContents();
    expect(secondCodes).toHaveLength(3);
    expect(secondCodes.filter((code) => firstCodes.includes(code))).toEqual([]);
    const after = (await call("GET", `/elections/${electionId}/audit`, { token: admin })).json;
    expect(after.entries.filter((e: { event: { action: string } }) => e.event.action === "codes_issued")).toHaveLength(2);
    expect(browserDialogs).toBe(0);
  });
});
