import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "@tongxin/core/seed/demo";
import { call, signIn } from "../support/api";
import { launchBrowser, phoneContext } from "../support/browser";
import { addPerson, campaignTree, caseData, createCampaign, enter, PASSWORD, review, type Person } from "../support/campaigns";
import { startTestServer } from "../support/server";

const WEB_ROOT = resolve(import.meta.dirname, "../../web");
const SCREENS = resolve(import.meta.dirname, "../../docs/screens");

let server: { url: string; close(): Promise<void> };
let browser: Browser;
const contexts: BrowserContext[] = [];

/** A 375 px phone signed in (through the API) as `login`, opened at `path`. */
async function phone(login: string, password = DEMO_PASSWORD, path = "/"): Promise<Page> {
  const context = await phoneContext(browser, server.url);
  contexts.push(context);
  expect((await context.request.post("/api/auth/login", { data: { login, password } })).status()).toBe(200);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.goto(path);
  await page.getByRole("navigation", { name: "主导航" }).waitFor();
  (page as Page & { errors?: string[] }).errors = errors;
  return page;
}

/** Home of one demo role, as kept under docs/screens/ (README links them). */
async function keepScreen(page: Page, role: string) {
  mkdirSync(SCREENS, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENS, `home-${role}.png`), fullPage: true });
}

/** Every card has finished loading (no 加载中 left). */
async function settled(page: Page) {
  await page.locator(".home-card").first().waitFor();
  await expect.poll(() => page.locator(".home .loading, .home [aria-busy='true']").count(), { timeout: 15_000 }).toBe(0);
}

describe("首页 by role, the bottom tab bar and one-tap jobs on a 375 px phone", { timeout: 240_000 }, () => {
  let judge: Person;
  let reviewer: Person;
  let campaignId: string;

  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, "dist/index.html"))) {
      const { build } = await import("vite");
      await build({ root: WEB_ROOT, configFile: join(WEB_ROOT, "vite.config.ts"), logLevel: "warn" });
    }
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);

    // A campaign in 评审 with three entries assigned to one judge (through the API; the home page is the point).
    const districtAdmin = await signIn("13800000001");
    const tree = await campaignTree(districtAdmin);
    const officeAdmin = await addPerson(districtAdmin, tree.office.orgId, "首页评选办", ["admin"]);
    reviewer = await addPerson(districtAdmin, tree.office.orgId, "首页审查员", ["reviewer"]);
    judge = await addPerson(districtAdmin, tree.office.orgId, "首页评委", ["judge"]);
    const created = await createCampaign(officeAdmin.token, tree.office.orgId, { judgesPerEntry: 1, title: "首页演示十佳案例评选" });
    campaignId = created.campaignId;
    for (const [i, unit] of [tree.unitA, tree.unitB, tree.unitC].entries()) {
      const entrant = await addPerson(districtAdmin, unit.orgId, `首页申报人${i}`);
      const entry = await enter(entrant.token, campaignId, unit.orgId, caseData(`首页案例${i}`));
      await review(reviewer.token, entry.instanceId!, "approve");
    }
    // One entry of another campaign stays in 形式审查: the reviewer's 待办 has it.
    const other = await createCampaign(officeAdmin.token, tree.office.orgId, { title: "首页待审评选" });
    const waiting = await addPerson(districtAdmin, tree.unitA.orgId, "待审申报人");
    await enter(waiting.token, other.campaignId, tree.unitA.orgId, caseData("首页待审案例"));
    expect((await call("PUT", `/campaigns/${campaignId}/window`, { token: officeAdmin.token, body: { submissionsCloseAt: new Date(Date.now() - 1000).toISOString() } })).status).toBe(200);
    expect((await call("PUT", `/campaigns/${campaignId}/judges`, { token: officeAdmin.token, body: { judgeIds: [judge.accountId] } })).status).toBe(200);
    const started = await call("POST", `/campaigns/${campaignId}/judging`, { token: officeAdmin.token });
    expect(started.status, started.text).toBe(200);
    expect((await call("POST", `/campaigns/${campaignId}/assignments/auto`, { token: officeAdmin.token })).status).toBe(200);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  it("a judge reaches the score form from home in one tap (待评分 3 件)", async () => {
    const page = await phone(judge.phone, PASSWORD);
    const task = page.getByRole("link", { name: /待评分 3 件/ });
    await task.waitFor();
    await settled(page);
    await keepScreen(page, "judge");
    await task.tap();
    await page.waitForURL(new RegExp(`/campaigns/${campaignId}/judging/[^/]+$`));
    await page.getByRole("heading", { name: /首页案例/ }).waitFor();
    await page.getByRole("button", { name: "提交评分" }).waitFor();
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
  });

  it("the organizer's 申报活动 is one tap, from home and from the unit page; 新建下级组织 sits behind a button", async () => {
    const page = await phone("13800000003"); // 张晓雯, 新空间管理员
    const propose = page.getByRole("link", { name: "申报活动" });
    await propose.waitFor();
    await settled(page);
    await keepScreen(page, "organizer");
    await propose.tap();
    await page.getByRole("heading", { name: "活动申报表" }).waitFor();
    // A task screen with its own submit bar: the tab bar steps aside; 同心 on the top bar leads home.
    expect(await page.getByRole("navigation", { name: "主导航" }).isVisible()).toBe(false);
    await page.locator(".topbar").getByRole("link", { name: "同心" }).tap();
    await page.locator(".home").getByRole("link", { name: /新意城新空间/ }).first().tap();
    await page.getByRole("heading", { name: "新意城新空间", level: 1 }).waitFor();
    const onUnit = page.locator(".page-head").getByRole("link", { name: "申报活动" });
    await onUnit.waitFor();
    expect(await onUnit.getAttribute("class")).toContain("button--primary");
    // The form to create a child org is folded away until asked for.
    expect(await page.getByRole("heading", { name: "新建下级组织" }).count()).toBe(0);
    await page.getByRole("button", { name: "新建下级组织" }).tap();
    await page.getByRole("heading", { name: "新建下级组织" }).waitFor();
    await page.getByLabel("名称").waitFor();
  });

  it("a member sees what to do on empty cards, has no 申报活动 and no 新建下级组织; the bottom bar's four tabs lead on", async () => {
    const page = await phone("13800000004"); // 陈思远, 会员
    await settled(page);
    await keepScreen(page, "member");
    expect(await page.getByRole("link", { name: "申报活动" }).count()).toBe(0);
    await page.getByText("没有待您处理的审批").waitFor();

    // The bottom tab bar: four tabs across the bottom of the screen.
    const nav = page.getByRole("navigation", { name: "主导航" });
    const box = (await nav.boundingBox())!;
    expect(box.y + box.height).toBeGreaterThan(740 - 2);
    expect(box.width).toBeGreaterThanOrEqual(374);
    const visible = await nav.getByRole("link").evaluateAll((links) => links.filter((link) => (link as HTMLElement).offsetParent !== null).map((link) => link.textContent?.trim()));
    expect(visible).toEqual(["首页", "待办", "我的活动", "我的"]);
    // Every tab has its icon.
    expect(await nav.locator("a:visible svg").count()).toBe(4);

    await nav.getByRole("link", { name: "待办" }).tap();
    await page.getByRole("heading", { name: "待办" }).waitFor();
    await nav.getByRole("link", { name: "我的", exact: true }).tap();
    await page.getByRole("navigation", { name: "我的" }).getByRole("link", { name: "我的申报" }).tap();
    await page.getByRole("heading", { name: "我的申报" }).waitFor();

    // No 新建下级组织 on a unit where one is only a member.
    await nav.getByRole("link", { name: "首页" }).tap();
    await page.locator(".home").getByRole("link", { name: /新意城新空间/ }).first().tap();
    await page.getByRole("heading", { name: "新意城新空间", level: 1 }).waitFor();
    expect(await page.getByRole("button", { name: "新建下级组织" }).count()).toBe(0);
    // Nothing on the page hides under the bar: the page's last element ends above it.
    const lastBottom = await page.evaluate(() => {
      const main = document.querySelector("main.page")!;
      const style = getComputedStyle(main);
      return parseFloat(style.paddingBottom);
    });
    expect(lastBottom).toBeGreaterThanOrEqual(box.height);
  });

  it("the district office sees this month's 场次/人次 and its 待办; the reviewer's home too", async () => {
    const office = await phone("13800000001"); // 李红
    await office.getByRole("heading", { name: "本月活动" }).waitFor();
    await office.getByTestId("figure-activities").first().waitFor();
    expect(Number(await office.getByTestId("figure-activities").first().textContent())).toBeGreaterThanOrEqual(0);
    await office.getByRole("heading", { name: /待办/ }).first().waitFor();
    await settled(office);
    await keepScreen(office, "district-admin");

    const street = await phone("13800000002"); // 王海峰, 街镇审核人
    await street.getByRole("heading", { name: "本月活动" }).waitFor();
    await settled(street);
    await keepScreen(street, "reviewer");

    const electionAdmin = await phone("13800000005"); // 赵立群, 分会管理员
    await settled(electionAdmin);
    await keepScreen(electionAdmin, "branch-admin");
  });

  it("待办 like 审批中心: tabs, search by title or submitter, filter by kind; overdue first", async () => {
    const page = await phone(reviewer.phone, PASSWORD, "/inbox");
    await page.getByRole("heading", { name: "待办" }).waitFor();
    const centre = page.getByRole("navigation", { name: "审批中心" });
    expect(await centre.getByRole("link").allTextContents()).toEqual(["待处理", "我发起的"]);
    const task = page.locator("a.task", { hasText: "首页待审案例" });
    await task.waitFor();
    const search = page.getByRole("searchbox");
    await search.fill("待审申报人");
    await task.waitFor();
    await search.fill("没有这个词");
    await page.getByText("没有符合条件的待办").waitFor();
    await search.fill("");
    const kinds = page.getByRole("group", { name: "按类型筛选" });
    await kinds.getByRole("button", { name: "活动申报" }).tap();
    await page.getByText("没有符合条件的待办").waitFor();
    await kinds.getByRole("button", { name: "形式审查" }).tap();
    await task.waitFor();
    expect(await kinds.getByRole("button", { name: "形式审查" }).getAttribute("aria-pressed")).toBe("true");
    await centre.getByRole("link", { name: "我发起的" }).tap();
    await page.getByRole("heading", { name: "我的申报" }).waitFor();
  });
});
