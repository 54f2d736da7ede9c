/**
 * Accessibility and 长辈版 (issue #25) in real Chromium: axe-core over the main pages at 375 and 1366 px,
 * normal and 长辈版; every visible target at least 24 × 24 CSS px; no sideways scrolling at 320 px; the
 * reader's own default text size (CDP Page.setFontSizes, 32 px) doubles body and input text, keeps the
 * name in the top bar whole and the sticky bars small; the 长辈版 switch is kept on the account and
 * on the device; a code voter and an approver get through their pages in 长辈版 on a 375 px phone.
 * One browser; one context per (viewport, mode, person), its pages reused.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "@tongxin/core/seed/demo";
import { call, demoOrgs, signIn, uniquePhone } from "../support/api";
import { addMemberWithPassword } from "../support/invitations";
import { launchBrowser } from "../support/browser";
import { addPerson, createElection, freshBranch, type Person } from "../support/elections";
import { startTestServer } from "../support/server";

const ROOT = resolve(import.meta.dirname, "../..");
const WEB_ROOT = join(ROOT, "web");
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
/** UPDATE_SCREENS=1 writes the README's 长辈版 screenshots to docs/screens/; otherwise they go to /tmp. */
const SCREENS = process.env.UPDATE_SCREENS ? join(ROOT, "docs/screens") : "/tmp";

const ORGANIZER = "13800000003"; // 张晓雯, admin of 新意城新空间
const TOWN = "13800000002"; // 王海峰, reviewer of 虹桥镇
const DISTRICT = "13800000001"; // 李红

type Who = "anonymous" | "organizer" | "reviewer";
interface Scene {
  name: string;
  who: Who;
  path: () => string;
}

let server: { url: string; close(): Promise<void> };
let browser: Browser;
const contexts: BrowserContext[] = [];
const state: { activityId?: string; instanceId?: string; electionId?: string; code?: string; voteCode?: string } = {};

const SCENES: Scene[] = [
  { name: "登录", who: "anonymous", path: () => "/login" },
  { name: "首页", who: "organizer", path: () => "/" },
  { name: "待办", who: "reviewer", path: () => "/inbox" },
  { name: "审批详情", who: "reviewer", path: () => `/instances/${state.instanceId}` },
  { name: "活动日历", who: "organizer", path: () => `/orgs/${demoOrgs().xinyicheng}/calendar` },
  { name: "活动详情", who: "organizer", path: () => `/activities/${state.activityId}` },
  { name: "填表", who: "organizer", path: () => `/forms/${demoOrgs().activityForm}/fill` },
  { name: "投票", who: "anonymous", path: () => `/elections/${state.electionId}/vote#code=${state.code}` },
  { name: "表单设计", who: "organizer", path: () => `/orgs/${demoOrgs().xinyicheng}/forms/new` },
  { name: "评选公示（公示前）", who: "anonymous", path: () => `/public/campaigns/${demoOrgs().demoCampaign}` },
  { name: "我的账户", who: "organizer", path: () => "/me/account" },
];

const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const tomorrow = new Date(Date.now() + 32 * 3_600_000).toISOString().slice(0, 10);
const proposal = (title: string) => ({
  title,
  theme: "sishi",
  startsAt: `${today}T00:00`,
  endsAt: `${tomorrow}T12:00`,
  venue: "新意城新空间活动室",
  capacity: 20,
  needsFunds: "no",
  description: "共读《中国共产党简史》，分享读书心得。",
});

/** An activity open for sign-up, and a second proposal waiting in 王海峰's 待办. */
async function activities(): Promise<void> {
  const [organizer, town, district] = await Promise.all([signIn(ORGANIZER), signIn(TOWN), signIn(DISTRICT)]);
  const open = await call("POST", `/forms/${demoOrgs().activityForm}/submissions`, { token: organizer, body: { data: proposal(`无障碍读书会-${Date.now().toString(36)}`) } });
  expect(open.status, open.text).toBe(201);
  for (const approver of [town, district]) {
    expect((await call("POST", `/instances/${open.json.instanceId}/actions`, { token: approver, body: { type: "approve" } })).status).toBe(200);
  }
  state.activityId = open.json.submissionId;
  const waiting = await call("POST", `/forms/${demoOrgs().activityForm}/submissions`, { token: organizer, body: { data: proposal(`长辈版茶话会-${Date.now().toString(36)}`) } });
  expect(waiting.status, waiting.text).toBe(201);
  state.instanceId = waiting.json.instanceId;
}

/** An open election in a fresh 分会 and two voting codes handed out (one for the pages, one to vote with). */
async function election(): Promise<void> {
  const admin = await signIn(DISTRICT);
  const orgId = await freshBranch(admin);
  const scrutineers: Person[] = [await addPerson(admin, orgId, "监票甲", ["member", "scrutineer"]), await addPerson(admin, orgId, "监票乙", ["member", "scrutineer"])];
  const voters = [await addPerson(admin, orgId, "会员甲"), await addPerson(admin, orgId, "会员乙")];
  const electionId = await createElection(admin, orgId);
  expect((await call("POST", `/elections/${electionId}/scrutineers`, { token: admin, body: { accountIds: scrutineers.map((s) => s.accountId) } })).status).toBe(200);
  expect((await call("POST", `/elections/${electionId}/roll`, { token: admin })).status).toBe(200);
  expect((await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { accountIds: scrutineers.map((s) => s.accountId) } })).status).toBe(200);
  const issued = await call("POST", `/elections/${electionId}/codes`, { token: admin, body: { accountIds: voters.map((v) => v.accountId) } });
  expect(issued.status, issued.text).toBe(200);
  const codes = issued.json.items as Array<{ accountId: string; code: string }>;
  expect((await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { cards: codes } })).status).toBe(200);
  const opened = await call("POST", `/elections/${electionId}/open`, { token: admin });
  expect(opened.status, opened.text).toBe(200);
  state.electionId = electionId;
  state.code = codes[0]!.code;
  state.voteCode = codes[1]!.code;
}

interface Setup {
  width: number;
  elder: boolean;
}

const phone = (width: number) => width < 720;

async function newContext(setup: Setup, who: Who, options: { elderOffered?: boolean } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: { width: setup.width, height: phone(setup.width) ? 740 : 900 },
    deviceScaleFactor: phone(setup.width) ? 2 : 1,
    isMobile: phone(setup.width),
    hasTouch: phone(setup.width),
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    // axe-core goes in as a script the page's CSP (scripts from the site only) would refuse.
    bypassCSP: true,
  });
  contexts.push(context);
  const device = { elder: setup.elder, offered: options.elderOffered ?? false };
  await context.addInitScript((choice) => {
    if (choice.elder) window.localStorage.setItem("tongxin.elder", "1");
    if (choice.offered) window.localStorage.setItem("tongxin.elderOffered", "1");
  }, device);
  if (who !== "anonymous") {
    const login = who === "organizer" ? ORGANIZER : TOWN;
    const signedIn = await context.request.post("/api/auth/login", { data: { login, password: DEMO_PASSWORD } });
    expect(signedIn.status()).toBe(200);
  }
  return context;
}

/** Opens a page and waits until it has drawn its data (its main region, nothing still loading, the network quiet). */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.locator("main").first().waitFor();
  await page.waitForLoadState("networkidle");
  await expect.poll(() => page.locator(".loading").count()).toBe(0);
}

interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** axe-core's WCAG 2.2 A/AA and best-practice rules (plus the name-matches-label rule the audit used). */
async function axe(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: AxeFinding[] }> } }).axe.run;
    const result = await run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
      rules: { "label-content-name-mismatch": { enabled: true } },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

/**
 * Every visible interactive element smaller than 24 × 24 CSS px. Links inside a run of text are
 * excepted (WCAG 2.5.8's inline exception); a visually hidden control counts by its label.
 */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=tab], [role=switch], [tabindex]:not([tabindex='-1'])";
    const small: string[] = [];
    for (const element of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      const style = getComputedStyle(element);
      if (style.visibility === "hidden" || element.closest("[hidden], [aria-hidden=true], [inert]")) continue;
      let box = element.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not drawn
      if (box.width <= 2 || box.height <= 2 || style.opacity === "0") {
        const label = element.closest("label") ?? (element.id ? document.querySelector(`label[for="${element.id}"]`) : null);
        if (!label) continue;
        box = label.getBoundingClientRect();
      }
      if (element.tagName === "A" && style.display === "inline") {
        const block = element.parentElement;
        if (block && (block.textContent ?? "").trim().length > (element.textContent ?? "").trim().length) continue; // a link in a sentence
      }
      if (box.width < 23.5 || box.height < 23.5) {
        const name = (element.getAttribute("aria-label") ?? element.textContent ?? "").trim().slice(0, 20);
        small.push(`${element.tagName.toLowerCase()}.${element.className || "-"} "${name}" ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return small;
  });
}

/** How far the page scrolls sideways (the document wider than the screen), and the elements sticking out. */
const sideways = (page: Page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const over = document.documentElement.scrollWidth - width;
    if (over <= 0) return 0;
    const wide = Array.from(document.querySelectorAll<HTMLElement>("body *")).filter(
      (element) => element.getBoundingClientRect().right > width || element.getBoundingClientRect().left + element.scrollWidth > width + 1,
    );
    const out = wide
      .filter((element) => !wide.some((other) => other !== element && element.contains(other)))
      .slice(0, 4)
      .map((element) => `${element.tagName.toLowerCase()}${element.getAttribute("type") ? `[${element.getAttribute("type")}]` : ""}.${typeof element.className === "string" ? element.className : ""} ${Math.round(element.getBoundingClientRect().width)}`);
    return `${over} px (${out.join(", ")})`;
  });

/** The share of the screen taken by elements that stay put while the page scrolls. */
const stuckShare = (page: Page) =>
  page.evaluate(() => {
    const stuck = Array.from(document.querySelectorAll<HTMLElement>("body *")).filter((element) => ["sticky", "fixed"].includes(getComputedStyle(element).position));
    const outermost = stuck.filter((element) => !stuck.some((other) => other !== element && other.contains(element)));
    return outermost.reduce((sum, element) => sum + element.getBoundingClientRect().height, 0) / window.innerHeight;
  });

const SETUPS: Setup[] = [
  { width: 375, elder: false },
  { width: 375, elder: true },
  { width: 1366, elder: false },
  { width: 1366, elder: true },
];

describe("accessibility and 长辈版 in Chromium", { timeout: 600_000 }, () => {
  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, "dist/index.html"))) {
      const { build } = await import("vite");
      await build({ root: WEB_ROOT, configFile: join(WEB_ROOT, "vite.config.ts"), logLevel: "warn" });
    }
    [server, browser] = await Promise.all([startTestServer(), launchBrowser(), activities(), election()]);
  }, 240_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  it.each(SETUPS)("the main pages at $width px (长辈版: $elder): axe finds nothing serious, targets are at least 24 px, nothing scrolls sideways at 320 px", async (setup) => {
    const pages = new Map<Who, Page>();
    const findings: string[] = [];
    for (const scene of SCENES) {
      let page = pages.get(scene.who);
      if (!page) {
        page = await (await newContext(setup, scene.who)).newPage();
        pages.set(scene.who, page);
      }
      await open(page, scene.path());
      expect(await page.evaluate(() => document.documentElement.hasAttribute("data-elder")), scene.name).toBe(setup.elder);
      for (const finding of await axe(page)) {
        if (finding.impact === "serious" || finding.impact === "critical" || ["page-has-heading-one", "label-content-name-mismatch", "target-size"].includes(finding.id)) {
          findings.push(`${scene.name}: ${finding.id} (${finding.impact}) ${finding.help} — ${finding.nodes.map((n) => n.target.join(" ")).join(", ")}`);
        }
      }
      if (phone(setup.width)) {
        for (const small of await smallTargets(page)) findings.push(`${scene.name}: target under 24 px: ${small}`);
        const stuck = await stuckShare(page);
        // At large text (长辈版; the reader's own 32 px in the test below) bars take at most a fifth of the screen.
        if (setup.elder && stuck > 0.2) findings.push(`${scene.name}: bars that stay put cover ${Math.round(stuck * 100)} % of the screen`);
        await page.setViewportSize({ width: 320, height: 740 });
        const over = await sideways(page);
        if (over !== 0) findings.push(`${scene.name}: scrolls sideways by ${over} at 320 px`);
        await page.setViewportSize({ width: 375, height: 740 });
      }
    }
    expect(findings).toEqual([]);
  });

  it("the keyboard focus ring is at least 3:1 against the red top bar and against the page", async () => {
    const page = await (await newContext({ width: 375, elder: false }, "organizer", { elderOffered: true })).newPage();
    await open(page, "/me/account");
    /** The better contrast of the ring's two colours (outline, box-shadow) against the background behind the focused element. */
    const ringContrast = () =>
      page.evaluate(() => {
        const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
        const luminance = ([r, g, b]: number[]) => {
          const [R, G, B] = [r!, g!, b!].map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
          return 0.2126 * R! + 0.7152 * G! + 0.0722 * B!;
        };
        const contrast = (a: number[], b: number[]) => {
          const [x, y] = [luminance(a), luminance(b)].sort((m, n) => n - m);
          return (x! + 0.05) / (y! + 0.05);
        };
        const focused = document.activeElement as HTMLElement;
        let behind: Element | null = focused.parentElement;
        while (behind && ["rgba(0, 0, 0, 0)", "transparent"].includes(getComputedStyle(behind).backgroundColor)) behind = behind.parentElement;
        const background = rgb(getComputedStyle(behind ?? document.body).backgroundColor);
        const style = getComputedStyle(focused);
        const colours = [style.outlineStyle !== "none" ? style.outlineColor : "", style.boxShadow.startsWith("rgb") ? style.boxShadow : ""].filter(Boolean).map(rgb);
        return { where: focused.textContent?.trim(), best: Math.max(0, ...colours.map((colour) => contrast(colour, background))) };
      });
    await page.keyboard.press("Tab"); // 同心, on the red bar
    const onBar = await ringContrast();
    expect(onBar.where).toBe("同心");
    expect(onBar.best).toBeGreaterThanOrEqual(3);
    await page.getByRole("switch", { name: "使用长辈版" }).focus();
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab"); // keyboard focus on a control on the white panel
    expect((await ringContrast()).best).toBeGreaterThanOrEqual(3);
  });

  it("the reader's 32 px default doubles body and input text; names stay whole; sticky bars stop covering the screen; nothing scrolls sideways", async () => {
    const page = await (await newContext({ width: 375, elder: false }, "organizer", { elderOffered: true })).newPage();
    await open(page, `/forms/${demoOrgs().activityForm}/fill`);
    const sizes = () =>
      page.evaluate(() => ({
        body: parseFloat(getComputedStyle(document.body).fontSize),
        input: parseFloat(getComputedStyle(document.querySelector(".field input:not([type=checkbox]):not([type=radio]):not([type=file])")!).fontSize),
        name: (() => {
          const name = document.querySelector<HTMLElement>(".topbar__name")!;
          return { scroll: name.scrollWidth, client: name.clientWidth };
        })(),
      }));
    const before = await sizes();
    expect(before.body).toBe(16);
    expect(before.input).toBe(16);
    expect(await stuckShare(page)).toBeLessThanOrEqual(0.2);

    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Page.setFontSizes", { fontSizes: { standard: 32, fixed: 32 } });
    for (const scene of [`/forms/${demoOrgs().activityForm}/fill`, `/orgs/${demoOrgs().xinyicheng}/forms/new`, "/", `/activities/${state.activityId}`]) {
      await open(page, scene);
      if (scene.endsWith("/fill")) {
        const after = await sizes();
        expect(after.body).toBe(before.body * 2);
        expect(after.input).toBe(before.input * 2);
      }
      const name = await page.evaluate(() => {
        const element = document.querySelector<HTMLElement>(".topbar__name")!;
        return { text: element.textContent, cut: element.scrollWidth > element.clientWidth + 1 };
      });
      expect(name, scene).toEqual({ text: "张晓雯", cut: false });
      expect(await stuckShare(page), scene).toBeLessThanOrEqual(0.2);
      expect(await sideways(page), scene).toBe(0);
      await page.setViewportSize({ width: 320, height: 740 });
      expect(await sideways(page), `${scene} at 320 px`).toBe(0);
      await page.setViewportSize({ width: 375, height: 740 });
    }
    await cdp.detach();
  });

  it("长辈版 from 我的账户 follows the account to another phone; the device remembers it for the code voter", async () => {
    const login = uniquePhone();
    const password = "Elder-Switch#2026";
    const admin = await signIn(ORGANIZER);
    expect((await addMemberWithPassword(demoOrgs().xinyicheng!, admin, { name: "长辈版会员", phone: login }, password)).added.status).toBe(201);
    const signedInPhone = async () => {
      const context = await browser.newContext({ baseURL: server.url, viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, locale: "zh-CN" });
      contexts.push(context);
      expect((await context.request.post("/api/auth/login", { data: { login, password } })).status()).toBe(200);
      return context.newPage();
    };
    const first = await signedInPhone();
    await open(first, "/");
    // Offered once on the home page; 不用了 hides it for good on this device.
    const offer = first.getByRole("complementary", { name: /字太小/ });
    await offer.waitFor();
    await offer.getByRole("button", { name: "不用了" }).click();
    await first.reload();
    await open(first, "/");
    expect(await first.getByRole("complementary", { name: /字太小/ }).count()).toBe(0);

    await open(first, "/me/account");
    const elderSwitch = first.getByRole("switch", { name: "使用长辈版" });
    expect(await elderSwitch.isChecked()).toBe(false);
    const rootSize = () => first.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    expect(await rootSize()).toBe(16);
    const saved = first.waitForResponse((response) => response.url().endsWith("/api/me/display") && response.request().method() === "PUT");
    await elderSwitch.check();
    expect((await saved).status()).toBe(200);
    expect(await rootSize()).toBe(20);
    // The primary action of a form is at least 48 px tall.
    const primary = await first.getByRole("button", { name: "修改密码" }).boundingBox();
    expect(primary!.height).toBeGreaterThanOrEqual(48);
    const token = await signIn(login, password);
    expect((await call("GET", "/me", { token })).json.account.elderMode).toBe(true);

    // Another phone, never told on the device: the account's choice applies once signed in.
    const second = await signedInPhone();
    await open(second, "/");
    await expect.poll(() => second.evaluate(() => document.documentElement.hasAttribute("data-elder"))).toBe(true);
    expect(await second.evaluate(() => window.localStorage.getItem("tongxin.elder"))).toBe("1");

    // The code voter: 开启长辈版 on the ballot page, no account; the device keeps it after a reload.
    const voterContext = await browser.newContext({ baseURL: server.url, viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, locale: "zh-CN" });
    contexts.push(voterContext);
    const voter = await voterContext.newPage();
    await open(voter, `/elections/${state.electionId}/vote#code=${state.voteCode}`);
    const ballotOffer = voter.getByRole("complementary", { name: /字太小/ });
    await ballotOffer.getByRole("button", { name: "开启长辈版" }).click();
    expect(await voter.evaluate(() => document.documentElement.hasAttribute("data-elder"))).toBe(true);
    await voter.reload();
    await open(voter, `/elections/${state.electionId}/vote`);
    expect(await voter.evaluate(() => document.documentElement.hasAttribute("data-elder"))).toBe(true);
    expect(await voter.getByRole("complementary", { name: /字太小/ }).count()).toBe(0);
  });

  it("in 长辈版 on a 375 px phone a code voter casts a ballot and an approver approves from 待办", async () => {
    mkdirSync(SCREENS, { recursive: true });
    const voterContext = await newContext({ width: 375, elder: true }, "anonymous");
    const voter = await voterContext.newPage();
    await open(voter, `/elections/${state.electionId}/vote#code=${state.voteCode}`);
    await voter.screenshot({ path: join(SCREENS, "elder-ballot.png") });
    // 会长 (等额): 赞成; 理事 (差额): two of three; a motion: 赞成.
    await voter.getByRole("radiogroup", { name: "王建国" }).getByText("赞成").click();
    for (const name of ["甲", "乙"]) await voter.getByRole("checkbox", { name, exact: true }).check();
    await voter.getByRole("radiogroup", { name: /审议工作报告/ }).getByText("赞成").click();
    await voter.getByRole("button", { name: "下一步：核对选票" }).click();
    await voter.getByRole("heading", { name: "请核对您的选票" }).waitFor();
    await voter.getByRole("button", { name: "确认投票" }).click();
    await voter.getByRole("heading", { name: "投票成功，选票已投入票箱" }).waitFor();
    await voter.getByTestId("tracking-code").waitFor();
    expect(await sideways(voter)).toBe(0);

    const organizer = await (await newContext({ width: 375, elder: true }, "organizer")).newPage();
    await open(organizer, `/forms/${demoOrgs().activityForm}/fill`);
    await organizer.screenshot({ path: join(SCREENS, "elder-fill.png") });
    expect(await sideways(organizer)).toBe(0);

    const reviewer = await (await newContext({ width: 375, elder: true }, "reviewer")).newPage();
    await open(reviewer, "/inbox");
    await reviewer.getByRole("link", { name: /长辈版茶话会/ }).first().click();
    await reviewer.getByRole("group", { name: "审批操作" }).getByRole("button", { name: "同意", exact: true }).click();
    const dialog = reviewer.getByRole("dialog", { name: "同意" });
    const confirm = dialog.getByRole("button", { name: "确认同意" });
    expect((await confirm.boundingBox())!.height).toBeGreaterThanOrEqual(48);
    await confirm.click();
    await reviewer.getByRole("status").filter({ hasText: "已同意" }).waitFor();
    expect(await sideways(reviewer)).toBe(0);
  });
});
