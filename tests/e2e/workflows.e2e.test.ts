import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, tableName } from "@tongxin/core/db/client";
import { shanghaiLocal } from "@tongxin/core/activities/time";
import { Keys } from "@tongxin/core/db/keys";
import { call, demoOrgs, signIn as apiSignIn } from "../support/api";
import { launchBrowser, signedInPhone } from "../support/browser";
import { startTestServer } from "../support/server";
import { screenshotter } from "../support/screenshots";

const WEB_ROOT = resolve(import.meta.dirname, "../../web");
const DISTRICT = "13800000001"; // 李红, reviewer of 闵行区委统战部 (step 3)
const TOWN = "13800000002"; // 王海峰, reviewer of 虹桥镇 (step 2)
const SPACE_ADMIN = "13800000003"; // 张晓雯, admin of 新意城新空间 (step 1)
const MEMBER = "13800000004"; // 陈思远, member of 新意城新空间 and of 七宝分会
const JUDGE = "13800000007"; // 吴一鸣, the sole approver of the chain made for the overdue test

let server: { url: string; close(): Promise<void> };
let browser: Browser;

const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
const TITLE = `四史读书会-${suffix}`;
const REASON = "请补充安全预案，并写明场地容纳人数";
const DAY = 86_400_000;
/**
 * Once approved the activity is signed up for, checked in and summarized: the summary may be
 * filed only once it has started, and sign-up stays open until it ends. So it started earlier
 * today (Shanghai time) and ends tomorrow.
 */
const today = shanghaiLocal(new Date()).slice(0, 10);
const STARTS_AT = `${today}T${shanghaiLocal(new Date()).slice(11, 13) >= "09" ? "09:00" : "00:00"}`;
const ENDS_AT = `${shanghaiLocal(new Date(Date.now() + DAY)).slice(0, 10)}T12:00`;
/** The approval walked through the tests, the activity it opens, and the member's check-in code. */
const shared: { instanceId?: string; activityId?: string; token?: string } = {};


const snap = screenshotter("workflows");

const phoneOf = (login: string, path = "/") => signedInPhone(browser, server.url, login, path);

/** Opens 待办 from the nav and then this proposal's card (pressing 加载更多 while it is not listed yet). */
async function openFromInbox(page: Page) {
  const nav = page.getByRole("navigation", { name: "主导航" });
  await nav.getByRole("link", { name: /待办/ }).click();
  await page.getByRole("heading", { name: "待办" }).waitFor();
  const card = page.locator("a.task", { hasText: TITLE });
  const more = page.getByRole("button", { name: "加载更多" });
  await page.locator("a.task, .empty").first().waitFor();
  while (!(await card.isVisible()) && (await more.isVisible())) {
    await more.click();
    await page.waitForFunction(() => ![...document.querySelectorAll("button")].some((b) => b.textContent === "加载中…"));
  }
  await card.waitFor();
  return card;
}

const tracker = (page: Page) => page.locator(".tracker > li");
const status = (page: Page) => page.locator(".page-head .status");

/** Opens an action's dialog, fills the comment, confirms, and waits for the page to say it is done. */
async function act(page: Page, button: string, dialogName: string, confirm: string, done: string, comment?: string) {
  await page.getByRole("group", { name: "审批操作" }).getByRole("button", { name: button, exact: true }).click();
  const dialog = page.getByRole("dialog", { name: dialogName });
  await dialog.waitFor();
  if (comment) await dialog.getByRole("textbox").fill(comment);
  await dialog.getByRole("button", { name: confirm }).click();
  await page.getByRole("status").filter({ hasText: done }).waitFor();
  expect(await dialog.count()).toBe(0);
}

describe("an activity proposal through its approval chain, on phones", { timeout: 90_000 }, () => {
  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, "dist/index.html"))) {
      const { build } = await import("vite");
      await build({ root: WEB_ROOT, configFile: join(WEB_ROOT, "vite.config.ts"), logLevel: "warn" });
    }
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("陈思远 fills the 活动申报表 for 新意城新空间 and submits it into review", async () => {
    const { context, page } = await phoneOf(MEMBER, `/forms/${demoOrgs().activityForm}/fill`);
    try {
      await page.getByRole("heading", { name: "活动申报表" }).waitFor();
      // He belongs to two units beneath the district: the chain starts from the one he picks.
      await page.getByLabel("提交单位").selectOption({ label: "新意城新空间" });
      await page.getByLabel("活动名称").fill(TITLE);
      await page.getByLabel("活动主题").selectOption({ label: "四史学习" });
      await page.getByLabel("开始时间").fill(STARTS_AT);
      await page.getByLabel("结束时间").fill(ENDS_AT);
      await page.getByLabel("活动地点").fill("新意城新空间活动室");
      await page.getByLabel("人数上限").fill("30");
      await page.getByLabel("否", { exact: true }).check();
      await page.getByLabel("活动内容").fill("讲述、行走、荐书、创意、奋斗");
      await page.getByText(/草稿已保存 \d{2}:\d{2}/).waitFor();
      await page.getByText("提交单位：新意城新空间").waitFor(); // the draft fixed the unit
      await snap(page, "fill");

      await page.getByRole("button", { name: "提交", exact: true }).click();
      await page.getByRole("heading", { name: "提交成功" }).waitFor();
      await page.getByRole("link", { name: "查看审批进度" }).click();
      await page.waitForURL(/\/instances\/[^/]+$/);
      shared.instanceId = new URL(page.url()).pathname.split("/")[2];
      await page.getByRole("heading", { name: TITLE }).waitFor();
      expect(await status(page).textContent()).toBe("审核中");
      expect(await tracker(page).nth(0).textContent()).toContain("审批中");
      expect(await tracker(page).nth(0).textContent()).toContain("张晓雯");
      // Nobody has acted yet: he may still withdraw.
      await page.getByRole("group", { name: "审批操作" }).getByRole("button", { name: "撤回" }).waitFor();
    } finally {
      await context.close();
    }
  });

  it("张晓雯 finds it in 待办 (with the badge) and approves", async () => {
    expect(shared.instanceId).toBeTruthy();
    const { context, page } = await phoneOf(SPACE_ADMIN);
    try {
      await page.getByRole("navigation", { name: "主导航" }).locator(".badge").waitFor();
      const card = await openFromInbox(page);
      expect(await card.textContent()).toContain("新空间负责人审核");
      expect(await card.textContent()).toContain("陈思远 · 新意城新空间");
      await snap(page, "inbox");
      await card.click();
      await page.getByRole("heading", { name: TITLE }).waitFor();
      expect(await page.locator(".answers").textContent()).toContain("新意城新空间活动室");
      expect(await page.locator(".answers").textContent()).toContain("四史学习");
      await snap(page, "detail-step1");

      await act(page, "同意", "同意", "确认同意", "已同意", "内容充实，同意");
      expect(await tracker(page).nth(0).textContent()).toContain("已完成");
      expect(await tracker(page).nth(1).textContent()).toContain("审批中");
      expect(await page.getByRole("group", { name: "审批操作" }).count()).toBe(0); // nothing left for her to decide
    } finally {
      await context.close();
    }
  });

  it("王海峰 returns it to the submitter with a reason; his stale second tab is told someone acted first", async () => {
    const { context, page } = await phoneOf(TOWN, `/instances/${shared.instanceId}`);
    try {
      await page.getByRole("heading", { name: TITLE }).waitFor();
      const stale = await context.newPage();
      await stale.goto(`/instances/${shared.instanceId}`);
      await stale.getByRole("heading", { name: TITLE }).waitFor();
      await page.bringToFront();

      await page.getByRole("group", { name: "审批操作" }).getByRole("button", { name: "退回", exact: true }).click();
      const dialog = page.getByRole("dialog", { name: "退回修改" });
      await dialog.waitFor();
      expect(await dialog.getByLabel("退回到").inputValue()).toBe("submitter");
      await dialog.getByRole("button", { name: "确认退回" }).click();
      await dialog.getByRole("alert").filter({ hasText: "请填写退回理由" }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("TEXTAREA");
      await snap(page, "return-dialog");
      await dialog.getByLabel("退回理由").fill(REASON);
      await dialog.getByRole("button", { name: "确认退回" }).click();
      await page.getByRole("status").filter({ hasText: "已退回" }).waitFor();
      expect(await status(page).textContent()).toBe("已退回");
      expect(await page.locator(".return-note").textContent()).toContain(REASON);

      await stale.bringToFront();
      await stale.getByRole("group", { name: "审批操作" }).getByRole("button", { name: "同意", exact: true }).click();
      await stale.getByRole("dialog", { name: "同意" }).getByRole("button", { name: "确认同意" }).click();
      await stale.getByRole("alert").filter({ hasText: "该事项刚被他人处理" }).waitFor();
      await stale.locator(".page-head .status", { hasText: "已退回" }).waitFor();
    } finally {
      await context.close();
    }
  });

  it("陈思远 sees it returned in 我的申报 with the reason, edits it and resubmits", async () => {
    const { context, page } = await phoneOf(MEMBER);
    try {
      await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "我的", exact: true }).click();
      await page.getByRole("navigation", { name: "我的" }).getByRole("link", { name: "我的申报" }).click();
      await page.getByRole("heading", { name: "我的申报" }).waitFor();
      const card = page.locator("li.proposal", { hasText: TITLE });
      await card.locator(".status", { hasText: "已退回" }).waitFor();
      await card.getByText(REASON).waitFor();
      await snap(page, "mine-returned");

      await card.getByRole("link", { name: "修改后重新提交" }).click();
      await page.getByRole("heading", { name: "活动申报表" }).waitFor();
      await page.locator(".return-note", { hasText: REASON }).waitFor();
      expect(await page.getByLabel("活动名称").inputValue()).toBe(TITLE);
      await page.getByLabel("活动地点").fill("新意城新空间一楼多功能厅（可容纳60人）");
      await page.getByLabel("安全预案").fill("安排两名安全员，准备急救箱，疏散通道保持畅通");
      await snap(page, "resubmit");
      await page.getByRole("button", { name: "重新提交" }).click();

      await page.waitForURL(new RegExp(`/instances/${shared.instanceId}$`));
      await page.getByRole("status").filter({ hasText: "已重新提交" }).waitFor();
      expect(await status(page).textContent()).toBe("审核中");
      expect(await tracker(page).nth(1).textContent()).toContain("审批中"); // back to the step that returned it
      expect(await page.locator(".answers").textContent()).toContain("一楼多功能厅");
    } finally {
      await context.close();
    }
  });

  it("王海峰 approves the revision: step 2 is done and the district has it", async () => {
    const { context, page } = await phoneOf(TOWN);
    try {
      const card = await openFromInbox(page);
      await card.click();
      await page.getByRole("heading", { name: TITLE }).waitFor();
      expect(await page.locator(".answers").textContent()).toContain("安排两名安全员");
      await act(page, "同意", "同意", "确认同意", "已同意", "已补充，同意");
      const step2 = tracker(page).nth(1);
      expect(await step2.textContent()).toContain("已完成");
      expect(await step2.locator(".tracker__person--approved").textContent()).toContain("王海峰");
      expect(await tracker(page).nth(2).textContent()).toContain("审批中");
      await snap(page, "detail-step2-done");
    } finally {
      await context.close();
    }
  });

  it("李红 approves at the district, and 陈思远 sees it approved with the whole timeline (the reviewer sees 记录完整, he sees no hash-chain wording)", async () => {
    const reviewer = await phoneOf(DISTRICT);
    try {
      const card = await openFromInbox(reviewer.page);
      await card.click();
      await reviewer.page.getByRole("heading", { name: TITLE }).waitFor();
      // 抄送 from the people picker: her district's roll is offered, grouped by org.
      await reviewer.page.getByRole("region", { name: "其他操作" }).getByRole("button", { name: "抄送" }).click();
      const cc = reviewer.page.getByRole("dialog", { name: "抄送" });
      await cc.getByRole("group", { name: /抄送给/ }).waitFor();
      await cc.getByRole("button", { name: "确认抄送" }).click();
      await cc.getByRole("alert").filter({ hasText: "请选择抄送对象" }).waitFor();
      await cc.getByLabel(/吴一鸣/).check();
      await snap(reviewer.page, "cc-dialog");
      await cc.getByRole("button", { name: "确认抄送" }).click();
      await reviewer.page.getByRole("status").filter({ hasText: "已抄送" }).waitFor();
      await act(reviewer.page, "同意", "同意", "确认同意", "已同意");
      expect(await status(reviewer.page).textContent()).toBe("已通过");
      // The reviewer's audit badge says the record is whole, in words.
      await reviewer.page.getByRole("status").filter({ hasText: "记录完整：共7条审批记录，均未被改动" }).waitFor();
    } finally {
      await reviewer.context.close();
    }

    const { context, page } = await phoneOf(MEMBER);
    try {
      await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "我的", exact: true }).click();
      await page.getByRole("navigation", { name: "我的" }).getByRole("link", { name: "我的申报" }).click();
      const card = page.locator("li.proposal", { hasText: TITLE });
      await card.locator(".status", { hasText: "已通过" }).waitFor();
      await card.getByRole("link", { name: TITLE }).click();
      await page.getByRole("heading", { name: TITLE }).waitFor();
      expect(await status(page).textContent()).toBe("已通过");
      for (let step = 0; step < 3; step += 1) expect(await tracker(page).nth(step).textContent()).toContain("已完成");

      const timeline = page.getByRole("list", { name: "审批记录" });
      const entries = await timeline.locator(":scope > li").allTextContents();
      expect(entries).toHaveLength(7);
      const expected = [
        ["陈思远", "提交申报"],
        ["张晓雯", "同意", "内容充实，同意"],
        ["王海峰", "退回给提交人", REASON],
        ["陈思远", "重新提交"],
        ["王海峰", "同意", "已补充，同意"],
        ["李红", "抄送 吴一鸣"],
        ["李红", "同意", "审批通过"],
      ];
      expected.forEach((words, index) => {
        for (const word of words) expect(entries[index]).toContain(word);
      });
      // The submitter sees the whole timeline but no hash-chain wording (reviewers see 记录完整).
      expect(await page.locator(".audit").count()).toBe(0);
      expect(await page.locator("main").textContent()).not.toMatch(/哈希|审计链/);
      expect(await page.getByRole("group", { name: "审批操作" }).count()).toBe(0);
      await snap(page, "detail-approved");
    } finally {
      await context.close();
    }
  });

  it("the approved activity is in the 新意城新空间 calendar: 陈思远 signs up and gets his check-in QR code", async () => {
    const { context, page } = await phoneOf(MEMBER);
    try {
      await page.getByRole("link", { name: /^新意城新空间/ }).click();
      await page.getByRole("heading", { name: "新意城新空间" }).waitFor();
      await page.getByRole("link", { name: "活动日历" }).click();
      await page.getByRole("heading", { name: "活动日历" }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/orgs/${demoOrgs().xinyicheng}/calendar`); // this month's
      await page.getByRole("heading", { name: `${STARTS_AT.slice(0, 4)}年${Number(STARTS_AT.slice(5, 7))}月` }).waitFor();
      const card = page.locator("a.act-card", { hasText: TITLE });
      await card.waitFor();
      const text = await card.textContent();
      expect(text).toContain(`${STARTS_AT.slice(11, 16)} –`);
      expect(text).toContain("四史学习");
      expect(text).toContain("新意城新空间");
      expect(text).toContain("余 30 位");
      await card.scrollIntoViewIfNeeded();
      await snap(page, "calendar");

      await card.click();
      await page.waitForURL(/\/activities\/[^/]+$/);
      shared.activityId = new URL(page.url()).pathname.split("/")[2];
      await page.getByRole("heading", { name: TITLE }).waitFor();
      // What the reviewers approved: the revised venue, and he is its organizer.
      const facts = page.locator(".facts").first();
      expect(await facts.textContent()).toContain("一楼多功能厅");
      expect(await facts.textContent()).toContain("陈思远");
      await page.getByRole("button", { name: "报名", exact: true }).click();
      await page.getByRole("status").filter({ hasText: "报名成功" }).waitFor();
      await page.locator(".my-signup .signup-pill", { hasText: "已报名" }).waitFor();
      expect(await facts.textContent()).toContain("余 29 位");
      const qr = page.getByRole("img", { name: "我的签到二维码" });
      await qr.waitFor();
      expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      shared.token = (await page.locator(".qr__code").textContent())!;
      expect(shared.token.replace(/\s/g, "")).toBe(await page.locator(".qr__code").getAttribute("data-token"));
      await snap(page, "activity-qr");
    } finally {
      await context.close();
    }
  });

  it("张晓雯 checks 陈思远 in by typing his code, then files the 活动总结 with the one check-in as attendance", async () => {
    expect(shared.activityId).toBeTruthy();
    expect(shared.token).toBeTruthy();
    const { context, page } = await phoneOf(SPACE_ADMIN, `/activities/${shared.activityId}`);
    try {
      await page.getByRole("heading", { name: TITLE }).waitFor();
      await page.getByRole("heading", { name: "活动管理" }).waitFor(); // the unit's admin manages it
      await page.getByRole("link", { name: "签到扫码" }).click();
      await page.getByRole("heading", { name: "签到扫码" }).waitFor();
      await page.getByLabel("输入签到码").fill(shared.token!);
      await page.getByRole("button", { name: "签到", exact: true }).click();
      await page.getByRole("status").filter({ hasText: "签到成功：陈思远" }).waitFor();
      expect(await page.getByLabel("输入签到码").inputValue()).toBe("");
      expect(await page.getByRole("list", { name: "最近签到" }).textContent()).toContain("陈思远");
      await snap(page, "checkin");

      await page.getByRole("link", { name: TITLE }).click();
      await page.getByRole("heading", { name: "报名名单" }).waitFor();
      const row = page.getByRole("list", { name: "已报名" }).locator("li", { hasText: "陈思远" });
      expect(await row.locator(".signup-pill").textContent()).toBe("已签到");

      await page.getByRole("heading", { name: "活动总结" }).waitFor();
      expect(await page.getByLabel("实际参加人次").inputValue()).toBe("1");
      await page.getByLabel("实际支出（元）").fill("0");
      await page.getByLabel("总结内容").fill("读书会如期举行，会员分享学习四史的体会。");
      await page.getByRole("heading", { name: "活动总结" }).scrollIntoViewIfNeeded();
      await snap(page, "summary-form");
      await page.getByRole("button", { name: "提交活动总结" }).click();
      await page.getByRole("status").filter({ hasText: "活动总结已提交" }).waitFor();
      const facts = await page.locator(".manage .facts").textContent();
      expect(facts).toContain("1 人次（签到 1 人）");
      expect(facts).toContain("张晓雯");
      await page.locator(".page-head .status", { hasText: "已总结" }).waitFor();
      expect(await page.getByRole("link", { name: "签到扫码" }).count()).toBe(0);
      await snap(page, "summary");
    } finally {
      await context.close();
    }
  });

  it("an overdue task is flagged in red, a tampered audit entry shows the break, and a rejection needs a reason", async () => {
    // A one-step 会签 chain of the district whose approver is 吴一鸣 (no other test counts his inbox).
    const admin = await apiSignIn(DISTRICT);
    const judge = (await call("GET", "/me", { token: await apiSignIn(JUDGE) })).json.account.accountId as string;
    const district = demoOrgs().district!;
    const chain = await call("POST", `/orgs/${district}/workflows`, {
      token: admin,
      body: { name: "场地借用审批", steps: [{ name: "区委统战部会签", approvers: { kind: "people", accountIds: [judge] }, mode: "all", dueDays: 2 }] },
    });
    const form = await call("POST", `/orgs/${district}/forms`, {
      token: admin,
      body: { definition: { title: `场地借用-${suffix}`, fields: [{ key: "title", type: "text", label: "事项", required: true }] }, publish: true },
    });
    const formId = form.json.form.formId as string;
    await call("PUT", `/orgs/${district}/forms/${formId}/workflow`, { token: admin, body: { workflowId: chain.json.workflowId } });
    const overdueTitle = `借用多功能厅-${suffix}`;
    const submitted = await call("POST", `/forms/${formId}/submissions`, { token: await apiSignIn(SPACE_ADMIN), body: { data: { title: overdueTitle } } });
    const instanceId = submitted.json.instanceId as string;
    expect(instanceId).toBeTruthy();

    // Due yesterday: the task and the instance's step both carry the due time.
    const past = new Date(Date.now() - 86_400_000).toISOString();
    await db().send(
      new UpdateCommand({ TableName: tableName(), Key: Keys.task(instanceId, judge), UpdateExpression: "SET dueAt = :past, gsi2sk = :sk", ExpressionAttributeValues: { ":past": past, ":sk": `${past}#${instanceId}` } }),
    );
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: Keys.instance(instanceId),
        UpdateExpression: "SET #state.#step.dueAt = :past",
        ExpressionAttributeNames: { "#state": "state", "#step": "step" },
        ExpressionAttributeValues: { ":past": past },
      }),
    );

    const { context, page } = await phoneOf(JUDGE);
    try {
      await page.getByRole("navigation", { name: "主导航" }).locator(".badge--overdue").waitFor();
      await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: /待办/ }).click();
      const card = page.locator("a.task", { hasText: overdueTitle });
      await card.locator(".overdue", { hasText: "已逾期" }).waitFor();
      await snap(page, "inbox-overdue");
      await card.click();
      await page.getByRole("heading", { name: overdueTitle }).waitFor();
      await page.locator(".page-head .overdue", { hasText: "已逾期" }).waitFor();
      expect(await page.locator(".tracker > li").first().textContent()).toContain("会签");
      expect(await page.locator(".tracker > li").first().textContent()).toContain("已逾期");

      // Someone edits the first audit entry behind the app's back: the page says where the chain breaks.
      await db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: Keys.auditEntry(instanceId, 1),
          UpdateExpression: "SET #event.#comment = :forged",
          ExpressionAttributeNames: { "#event": "event", "#comment": "comment" },
          ExpressionAttributeValues: { ":forged": "（事后补写的说明）" },
        }),
      );
      await page.reload();
      await page.getByRole("alert").filter({ hasText: "审批记录校验未通过：第1条记录的内容被改动" }).waitFor();
      await snap(page, "detail-overdue");

      await page.getByRole("group", { name: "审批操作" }).getByRole("button", { name: "驳回" }).click();
      const dialog = page.getByRole("dialog", { name: "驳回申报" });
      await dialog.getByRole("button", { name: "确认驳回" }).click();
      await dialog.getByRole("alert").filter({ hasText: "请填写驳回理由" }).waitFor();
      await dialog.getByLabel("驳回理由").fill("多功能厅当天已有安排");
      await dialog.getByRole("button", { name: "确认驳回" }).click();
      await page.getByRole("status").filter({ hasText: "已驳回" }).waitFor();
      expect(await status(page).textContent()).toBe("未通过");
      expect(await page.locator(".page-head .overdue").count()).toBe(0); // a finished approval is not overdue
    } finally {
      await context.close();
    }
  });
});
