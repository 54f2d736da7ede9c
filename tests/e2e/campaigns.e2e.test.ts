import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "@tongxin/core/seed/demo";
import { call, demoOrgs, signIn as apiSignIn, uniquePhone } from "../support/api";
import { launchBrowser, phoneContext, signInOnPage } from "../support/browser";
import { startTestServer } from "../support/server";
import { screenshotter } from "../support/screenshots";
import { acceptInvitationOf } from "../support/invitations";

const WEB_ROOT = resolve(import.meta.dirname, "../../web");
const DISTRICT_ADMIN = "13800000001"; // 李红, who sets up the offices and people
const OBJECTOR = "13800000004"; // 陈思远, any signed-in person may object
const PASSWORD = "Campaign@2026-pass";
/** The submission window as created: a week; the office closes it early through 概况 once the entry is approved. */
const WINDOW_MS = 7 * 86_400_000;

const snap = screenshotter("campaigns");
const PHOTO = "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGPYrCaHFTEMLQkARnA9wUDwlJ0AAAAASUVORK5CYII=";

let server: { url: string; close(): Promise<void> };
let browser: Browser;
const contexts: BrowserContext[] = [];

interface Person {
  accountId: string;
  name: string;
  phone: string;
}

/** A wide desktop window in Shanghai time. */
async function desktop(): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  contexts.push(context);
  return context;
}

/** A context signed in through the API (the sign-in screen is not the point here). */
async function signedIn(context: BrowserContext, login: string, password = PASSWORD): Promise<Page> {
  const response = await context.request.post("/api/auth/login", { data: { login, password } });
  expect(response.status()).toBe(200);
  return context.newPage();
}

async function phone(login: string, password = PASSWORD): Promise<Page> {
  const context = await phoneContext(browser, server.url);
  contexts.push(context);
  return signedIn(context, login, password);
}

/** A `datetime-local` value (with seconds) `ms` from now, in the page's time zone. */
const localInput = (page: Page, ms: number) =>
  page.evaluate((offset) => {
    const d = new Date(Date.now() + offset);
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }, ms);

const tab = (page: Page, name: string) => page.getByRole("tablist", { name: "评选管理" }).getByRole("tab", { name });

describe("a 十佳案例 campaign from creation to the published results", { timeout: 300_000 }, () => {
  const suffix = Date.now().toString(36);
  const OFFICE_NAME = `锦城街道${suffix}`;
  const UNIT_NAME = `锦创营新空间${suffix}`;
  const TITLE = "起航锦创营：新阶层人士共建共享";
  let officeId: string;
  let unitId: string;
  let people: Record<string, Person>;

  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, "dist/index.html"))) {
      const { build } = await import("vite");
      await build({ root: WEB_ROOT, configFile: join(WEB_ROOT, "vite.config.ts"), logLevel: "warn" });
    }
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);

    // Set-up through the API: a fresh office under the district with one unit, its office admin,
    // four judges (one of them also a member of the unit: a conflict), and the unit's submitter.
    const admin = await apiSignIn(DISTRICT_ADMIN);
    const office = await call("POST", "/orgs", { token: admin, body: { name: OFFICE_NAME, kind: "subdistrict", parentId: demoOrgs().district } });
    expect(office.status, office.text).toBe(201);
    officeId = office.json.orgId;
    const unit = await call("POST", "/orgs", { token: admin, body: { name: UNIT_NAME, kind: "new_space", parentId: officeId } });
    expect(unit.status, unit.text).toBe(201);
    unitId = unit.json.orgId;
    people = {};
    const roster: Array<[string, string, string[]]> = [
      ["评选办", officeId, ["admin", "reviewer"]],
      ["评委甲", officeId, ["judge"]],
      ["评委乙", officeId, ["judge"]],
      ["评委丙", officeId, ["judge"]],
      ["评委丁", officeId, ["judge"]],
      ["申报人", unitId, ["member"]],
    ];
    for (const [name, orgId, roles] of roster) {
      const phoneNumber = uniquePhone();
      const added = await call("POST", `/orgs/${orgId}/members`, { token: admin, body: { name, phone: phoneNumber, roles } });
      expect(added.status, added.text).toBe(201);
      await acceptInvitationOf(added.json.accountId, PASSWORD);
      people[name] = { accountId: added.json.accountId, name, phone: phoneNumber };
    }
    const alsoUnit = await call("POST", `/orgs/${unitId}/members`, { token: admin, body: { name: "评委丁", phone: people["评委丁"]!.phone, roles: ["member"] } });
    expect(alsoUnit.status, alsoUnit.text).toBe(201);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  it("creation, submission, 形式审查, three judges, ranking, 公示 with an objection resolved, publication", async () => {
    const office = await (await desktop()).newPage();
    office.on("dialog", (dialog) => void dialog.accept());
    await office.goto(`/orgs/${officeId}`);
    await signInOnPage(office, people["评选办"]!.phone, PASSWORD);
    const entrant = await phone(people["申报人"]!.phone);

    // The office creates the campaign through 新建评选.
    await office.getByRole("navigation", { name: "组织功能" }).getByRole("link", { name: "评选" }).click();
    await office.getByRole("heading", { name: "评选", exact: true }).waitFor();
    await office.getByLabel("评选名称").fill(`${OFFICE_NAME}2026年度统战工作十佳案例评选`);
    expect(await office.getByTestId("rubric-total").textContent()).toBe("100");
    await office.getByLabel("满分").nth(3).fill("30");
    expect(await office.getByTestId("rubric-total").textContent()).toBe("110");
    await office.getByLabel("满分").nth(3).fill("20");
    expect(await office.getByTestId("rubric-total").textContent()).toBe("100");
    await office.getByLabel("开始征集").fill(await localInput(office, -60_000));
    await office.getByLabel("公示期（工作日）").fill("0");
    // A window that closes before it opens is caught before the round trip.
    await office.getByLabel("截止提交").fill(await localInput(office, -120_000));
    await office.getByRole("button", { name: "创建评选" }).click();
    await office.getByText("截止时间应晚于开始时间").waitFor();
    await snap(office, "editor");
    await office.getByLabel("截止提交").fill(await localInput(office, WINDOW_MS));
    await office.getByRole("button", { name: "创建评选" }).click();
    await office.getByText("评选已创建").waitFor();
    const campaignId = new URL(office.url()).pathname.split("/").pop()!;
    expect(campaignId).toBeTruthy();
    await office.locator(".page-head .status", { hasText: "征集中" }).waitFor();
    expect(await office.getByRole("button", { name: "开始评审" }).isDisabled()).toBe(true);

    // The unit's submitter, on a phone: the draft saves itself, a photo is uploaded, then it is submitted.
    await entrant.goto(`/campaigns/${campaignId}`);
    await entrant.getByRole("link", { name: "提交案例" }).click();
    await entrant.getByText(`申报单位：${UNIT_NAME}`).waitFor();
    await entrant.getByLabel("案例名称").fill(TITLE);
    await entrant.getByText(/草稿已保存 \d{2}:\d{2}/).waitFor(); // autosaved
    await entrant.getByLabel("案例简介").fill("搭建新阶层人士创新创业服务平台，三年孵化项目四十余个，带动就业三百余人。");
    await entrant.getByLabel("案例全文").fill(`${UNIT_NAME}联合辖区园区，以“锦创营”为载体，组织新阶层人士开展创业辅导、公益服务和议事协商。`);
    await entrant.getByLabel("照片", { exact: true }).setInputFiles({ name: "锦创营活动.png", mimeType: "image/png", buffer: Buffer.from(PHOTO, "base64") });
    await entrant.getByRole("list", { name: "照片：已上传" }).getByText("锦创营活动.png").waitFor();
    await entrant.getByLabel("联系人").fill("申报人");
    await entrant.getByLabel("联系电话").fill("13912345678");
    await entrant.getByRole("button", { name: "保存草稿" }).click();
    await snap(entrant, "entry-form");
    await entrant.getByRole("button", { name: "提交", exact: true }).click();
    await entrant.getByText("案例已提交，等待形式审查").waitFor();
    await entrant.locator(".page-head .status", { hasText: "形式审查中" }).waitFor();

    // 形式审查: the office opens the entry from 参评案例 and approves it on the approval page.
    await office.reload();
    await tab(office, "参评案例").click();
    await office.getByRole("list", { name: "参评案例" }).getByRole("link", { name: new RegExp(TITLE) }).click();
    await office.getByRole("link", { name: "办理形式审查" }).click();
    // First it goes back for a fix (a returned entry may be resubmitted until judging starts, even after the window).
    await office.getByRole("group", { name: "审批操作" }).getByRole("button", { name: "退回", exact: true }).click();
    const giveBack = office.getByRole("dialog", { name: "退回修改" });
    await giveBack.getByLabel("退回理由").fill("请在案例简介中写明服务人数。");
    await giveBack.getByRole("button", { name: "确认退回" }).click();
    await office.getByRole("status").filter({ hasText: "已退回" }).waitFor();
    await entrant.goto(`/campaigns/${campaignId}`);
    const mine = entrant.getByRole("list", { name: "我的申报" });
    await mine.getByText("退回修改").waitFor();
    await mine.getByRole("link", { name: "修改后重新提交" }).click();
    await entrant.getByRole("heading", { name: "修改后重新提交" }).waitFor();
    expect(await entrant.getByLabel("案例名称").inputValue()).toBe(TITLE);
    await entrant.getByLabel("案例简介").fill("搭建新阶层人士创新创业服务平台，三年孵化项目四十余个，服务新阶层人士两千余人次，带动就业三百余人。");
    await entrant.getByRole("button", { name: "重新提交" }).click();
    await entrant.getByText("已重新提交，等待形式审查").waitFor();
    await office.reload();
    await office.getByRole("group", { name: "审批操作" }).getByRole("button", { name: "同意", exact: true }).click();
    const approve = office.getByRole("dialog", { name: "同意" });
    await approve.getByRole("button", { name: "确认同意" }).click();
    await office.getByRole("status").filter({ hasText: "已同意" }).waitFor();

    // 概况: the office first extends the window (延长征集期), then closes it early (提前截止, confirmed); judging starts.
    await office.goto(`/campaigns/${campaignId}`);
    await office.getByTestId("count-approved").filter({ hasText: "1" }).waitFor();
    expect(await office.getByRole("button", { name: "开始评审" }).isDisabled()).toBe(true);
    await office.getByRole("button", { name: "调整征集时间" }).click();
    const adjust = office.getByRole("dialog", { name: "调整征集时间" });
    expect(await adjust.getByLabel("开始征集").isDisabled()).toBe(true); // the window has opened
    await adjust.getByLabel("截止提交").fill(await localInput(office, -30 * 86_400_000));
    await adjust.getByRole("button", { name: "保存征集时间" }).click();
    await adjust.getByText("截止时间应晚于开始时间").waitFor();
    const extendedTo = await localInput(office, 14 * 86_400_000);
    await adjust.getByLabel("截止提交").fill(extendedTo);
    await adjust.getByRole("button", { name: "保存征集时间" }).click();
    await office.getByRole("status").filter({ hasText: "征集时间已调整" }).waitFor();
    await office.getByTestId("campaign-window").filter({ hasText: extendedTo.slice(0, 10) }).waitFor();
    await office.getByRole("button", { name: "提前截止" }).click();
    const closeEarly = office.getByRole("dialog", { name: "提前截止征集" });
    await closeEarly.getByText("各单位将不能再申报或保存草稿").waitFor();
    await snap(office, "close-early");
    await closeEarly.getByRole("button", { name: "确认提前截止" }).click();
    await office.getByRole("status").filter({ hasText: "征集已提前截止" }).waitFor();
    await office.getByTestId("campaign-window").filter({ hasText: "已截止" }).waitFor();
    expect(await office.getByRole("button", { name: "提前截止" }).count()).toBe(0);
    const late = await entrant.request.post(`/api/campaigns/${campaignId}/entries`, { data: { unitId, data: { title: "截止之后" }, draft: true } });
    expect(late.status()).toBe(409);
    expect((await late.json()).code).toBe("campaign.window_closed");
    await office.getByRole("button", { name: "开始评审" }).click();
    await office.locator(".page-head .status", { hasText: "评审中" }).waitFor();

    // 评审分配: the panel of four, automatic assignment skips the conflicted judge, a manual override is refused with the reason.
    await tab(office, "评审分配").click();
    for (const name of ["评委甲", "评委乙", "评委丙", "评委丁"]) await office.getByRole("checkbox", { name: new RegExp(name) }).check();
    await office.getByRole("button", { name: "保存评委名单" }).click();
    await office.getByText("评委名单已保存").waitFor();
    await office.getByRole("button", { name: "自动分配" }).click();
    await office.getByText(/已自动分配/).waitFor();
    await office.getByTestId("assign-summary").filter({ hasText: "每件案例的评委均已配齐" }).waitFor();
    for (const name of ["评委甲", "评委乙", "评委丙"]) expect(await office.getByTestId(`load-${name}`).textContent()).toBe("1件");
    expect(await office.getByTestId("load-评委丁").textContent()).toBe("0件");
    await office.locator(".matrix__conflict", { hasText: "回避·本单位" }).waitFor();
    await office.getByRole("button", { name: `分配 评委丁 评审“${TITLE}”` }).click();
    const refusal = office.getByRole("alert");
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/回避|冲突/);
    expect(await office.getByTestId("load-评委丁").textContent()).toBe("0件");
    await snap(office, "assignments");
    // 概况 during 评审: scoring progress and the next step.
    await tab(office, "概况").click();
    await office.getByTestId("judging-progress").filter({ hasText: "已评 0/3" }).waitFor();
    await office.getByRole("list", { name: "各评委进度" }).getByText("评委甲").waitFor();
    await office.getByRole("status").filter({ hasText: "下一步：等待评委评分：还有3份评分未提交" }).waitFor();

    // Three judges score: the first on a 375 px phone. Blind: the unit's name never shows, not even in the full text.
    const marks: Array<[string, number[]]> = [
      ["评委甲", [28, 27, 18, 17]],
      ["评委乙", [25, 26, 16, 15]],
      ["评委丙", [20, 22, 15, 14]],
    ];
    for (const [index, [name, scores]] of marks.entries()) {
      const judge = index === 0 ? await phone(people[name]!.phone) : await signedIn(await desktop(), people[name]!.phone);
      await judge.goto(`/campaigns/${campaignId}/judging`);
      await judge.getByRole("list", { name: "我的评审" }).getByRole("link", { name: new RegExp(TITLE) }).click();
      await judge.getByRole("heading", { name: TITLE }).waitFor();
      await judge.getByText("案例全文").click();
      await judge.getByText(/【申报单位】联合辖区园区/).waitFor();
      await judge.getByRole("note").filter({ hasText: "已替换为【申报单位】" }).waitFor();
      expect(await judge.locator("body").textContent()).not.toContain(UNIT_NAME);
      expect(await judge.getByRole("heading", { name: "各评委评分" }).count()).toBe(0);
      const labels = ["创新性", "实效性", "示范性", "可推广性"];
      // Out of range is refused next to the field.
      await judge.getByLabel(/创新性/).fill("31");
      await judge.getByRole("button", { name: "保存草稿" }).click();
      await judge.getByText("不能超过满分30分").waitFor();
      for (const [i, label] of labels.entries()) await judge.getByLabel(new RegExp(label)).fill(String(scores[i]));
      expect(await judge.getByTestId("score-total").textContent()).toBe(String(scores.reduce((a, b) => a + b, 0)));
      await judge.getByLabel(/评语/).fill("思路新颖，成效扎实。");
      await judge.getByRole("button", { name: "保存草稿" }).click();
      await judge.getByText(/草稿已保存/).waitFor();
      if (index === 0) await snap(judge, "score-phone");
      await judge.getByRole("button", { name: "提交评分" }).click();
      const dialog = judge.getByRole("dialog", { name: "提交评分" });
      await dialog.getByRole("button", { name: "确认提交" }).click();
      await judge.getByRole("heading", { name: "各评委评分" }).waitFor();
      // After submitting, the others' submitted scores appear (the earlier judges'), never the unit.
      const table = judge.getByRole("table", { name: "各评委评分" });
      for (const [earlier] of marks.slice(0, index + 1)) await table.getByRole("rowheader", { name: earlier }).waitFor();
      expect(await judge.locator("body").textContent()).not.toContain(UNIT_NAME);
      if (index === 0) await snap(judge, "scored-phone");
      await judge.context().close();
    }

    // Every score in: 概况 says so and points to 排名.
    await office.goto(`/campaigns/${campaignId}?tab=overview`);
    await office.getByTestId("judging-progress").filter({ hasText: "已评 3/3" }).waitFor();
    await office.getByRole("status").filter({ hasText: "全部评分已提交，请到“排名”" }).waitFor();
    await snap(office, "overview-judging");

    // 排名: the mean of 90, 82 and 71 (fewer than five judges: no trimming); confirm the proposed awards.
    await office.goto(`/campaigns/${campaignId}?tab=ranking`);
    const row = office.getByTestId("ranking-row").filter({ hasText: TITLE });
    await row.waitFor();
    expect(await row.textContent()).toContain("81");
    expect(await row.textContent()).toContain("十佳案例");
    await office.getByRole("heading", { name: "单位奖推荐" }).waitFor();
    await snap(office, "ranking");
    await office.getByRole("button", { name: "确认获奖名单" }).click();
    const confirm = office.getByRole("dialog", { name: "确认获奖名单" });
    expect(await confirm.getByRole("combobox", { name: new RegExp(TITLE) }).inputValue()).toBe("十佳案例");
    expect(await confirm.getByRole("checkbox", { name: new RegExp(UNIT_NAME) }).isChecked()).toBe(true);
    await confirm.getByRole("button", { name: "确认并公示" }).click();
    await office.locator(".page-head .status", { hasText: "公示中" }).waitFor();

    // 公示: without a session the page shows the proposed winner and a login link; a signed-in person objects.
    const visitor = await (await phoneContext(browser, server.url)).newPage();
    contexts.push(visitor.context());
    await visitor.goto(`/public/campaigns/${campaignId}`);
    await visitor.getByText("拟获奖名单公示").waitFor();
    await visitor.getByTestId("public-entry").filter({ hasText: "服务新阶层人士两千余人次" }).waitFor();
    await visitor.getByRole("link", { name: "登录" }).waitFor();
    const objector = await phone(OBJECTOR, DEMO_PASSWORD);
    await objector.goto(`/public/campaigns/${campaignId}`);
    await objector.getByLabel("针对的案例").selectOption({ label: TITLE });
    await objector.getByLabel("异议理由").fill("太短");
    await objector.getByRole("button", { name: "提交异议" }).click();
    await objector.getByText("异议理由至少10个字").waitFor();
    await objector.getByLabel("异议理由").fill("该案例所述孵化项目数量与公开报道不一致，请核实相关数据。");
    await objector.getByRole("button", { name: "提交异议" }).click();
    await objector.getByText("已提交，等待处理").waitFor();
    await snap(objector, "notice-objection");

    // The office finds it in 待办, answers it; publication is refused while it is open, allowed after.
    await office.goto(`/campaigns/${campaignId}?tab=publish`);
    await office.getByText("尚有1条异议未处理").waitFor();
    expect(await office.getByRole("button", { name: "发布评选结果" }).isDisabled()).toBe(true);
    await office.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: /待办/ }).click();
    await office.getByRole("list", { name: "待处理的评选异议" }).getByRole("link", { name: /锦城街道/ }).click();
    await office.getByRole("button", { name: "处理异议" }).click();
    const resolve = office.getByRole("dialog", { name: "处理异议" });
    await resolve.getByRole("radio", { name: "不成立" }).check();
    await resolve.getByLabel("处理意见").fill("经核实，孵化项目数量有园区台账为证，与申报材料一致。");
    await resolve.getByRole("button", { name: "记录处理意见" }).click();
    await office.getByText("异议已处理，处理意见已记录").waitFor();
    await office.locator(".objection", { hasText: "异议不成立" }).waitFor();
    await snap(office, "objections");
    // The objector sees the recorded answer.
    await objector.reload();
    await objector.getByText("已处理：异议不成立").waitFor();
    await objector.getByText(/经核实/).waitFor();
    await tab(office, "发布").click();
    await office.getByRole("button", { name: "发布评选结果" }).click();
    await office.getByRole("dialog", { name: "发布评选结果" }).getByRole("button", { name: "确认发布" }).click();
    await office.getByText(/评选结果已于 .* 发布/).waitFor();
    await office.locator(".page-head .status", { hasText: "已发布" }).waitFor();
    const [download] = await Promise.all([office.waitForEvent("download"), office.getByRole("link", { name: "下载成绩表（XLSX）" }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(await download.failure()).toBeNull();
    // 荣誉证书 as PDF, downloaded in the browser: it opens, holds the winner's title and unit, its CJK font embedded.
    const [certificates] = await Promise.all([office.waitForEvent("download"), office.getByRole("link", { name: "下载荣誉证书（PDF）" }).click()]);
    expect(certificates.suggestedFilename()).toMatch(/荣誉证书.*\.pdf$/);
    expect(await certificates.failure()).toBeNull();
    const pdfBytes = readFileSync((await certificates.path())!);
    const rawPdf = pdfBytes.toString("latin1");
    expect(rawPdf.startsWith("%PDF-")).toBe(true);
    expect(rawPdf).toMatch(/\/BaseFont \/[A-Z]{6}\+SourceHanSansSC-Regular/);
    expect(rawPdf).toMatch(/\/FontFile[23]?/);
    const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const opened = await pdfjs.getDocument({ data: new Uint8Array(pdfBytes), useSystemFonts: false }).promise;
    const pdfPages: string[] = [];
    for (let n = 1; n <= opened.numPages; n += 1) pdfPages.push((await (await opened.getPage(n)).getTextContent()).items.map((item) => ("str" in item ? item.str : "")).join("").replace(/\s+/g, ""));
    await opened.destroy();
    const winnerPage = pdfPages.find((page) => page.includes(TITLE.replace(/\s+/g, "")));
    expect(winnerPage, pdfPages.join("\n")).toBeDefined();
    expect(winnerPage).toContain("荣誉证书");
    expect(winnerPage).toContain(UNIT_NAME);
    expect(pdfPages.some((page) => page.includes("优秀组织奖") && page.includes(UNIT_NAME))).toBe(true);

    // The published page, without a session: the winner by tier, the org award, a certificate.
    await visitor.reload();
    await visitor.getByText("评选结果", { exact: true }).waitFor();
    const tier = visitor.getByRole("region", { name: /十佳案例/ });
    await tier.getByTestId("public-entry").filter({ hasText: TITLE }).waitFor();
    expect(await tier.textContent()).toContain(UNIT_NAME);
    await visitor.getByRole("region", { name: "优秀组织奖" }).getByText(UNIT_NAME).waitFor();
    await snap(visitor, "published");
    await visitor.getByRole("link", { name: "查看证书" }).click();
    await visitor.getByRole("heading", { name: "荣誉证书" }).waitFor();
    expect(await visitor.locator(".certificate").textContent()).toContain(`《${TITLE}》`);
    await snap(visitor, "certificate");
    await visitor.emulateMedia({ media: "print" });
    expect(await visitor.getByRole("button", { name: "打印证书" }).isVisible()).toBe(false);
    await visitor.getByRole("heading", { name: "荣誉证书" }).waitFor();
  });
});
