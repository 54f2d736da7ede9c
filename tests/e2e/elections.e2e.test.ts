import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "@tongxin/core/seed/demo";
import { call, demoOrgs, signIn as apiSignIn, uniquePhone } from "../support/api";
import { launchBrowser, phoneContext } from "../support/browser";
import { startTestServer } from "../support/server";
import { screenshotter } from "../support/screenshots";
import { acceptInvitationOf } from "../support/invitations";

const WEB_ROOT = resolve(import.meta.dirname, "../../web");
const DISTRICT_ADMIN = "13800000001"; // 李红
const PASSWORD = "Voter@2026-pass";

let server: { url: string; close(): Promise<void> };
let browser: Browser;
const contexts: BrowserContext[] = [];

interface Person {
  accountId: string;
  name: string;
  phone: string;
}

const snap = screenshotter("elections");

async function signInHere(page: Page, login: string, password: string) {
  await page.getByRole("heading", { name: "登录" }).waitFor();
  await page.getByLabel("手机号或邮箱").fill(login);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}

/** A separate phone with its own cookies, signed in through the API (the sign-in screen is not the point here). */
async function phoneSignedIn(login: string, password = PASSWORD): Promise<Page> {
  const context = await phoneContext(browser, server.url);
  contexts.push(context);
  const response = await context.request.post("/api/auth/login", { data: { login, password } });
  expect(response.status()).toBe(200);
  return context.newPage();
}

describe("a council election on phones", { timeout: 180_000 }, () => {
  const suffix = Date.now().toString(36);
  let orgId: string;
  let electionId: string;
  let people: Record<string, Person>;
  let admin: string;

  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, "dist/index.html"))) {
      const { build } = await import("vite");
      await build({ root: WEB_ROOT, configFile: join(WEB_ROOT, "vite.config.ts"), logLevel: "warn" });
    }
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);

    // Set-up through the API: a fresh 分会, six members (two of them scrutineers), the ballot paper.
    admin = await apiSignIn(DISTRICT_ADMIN);
    const org = await call("POST", "/orgs", { token: admin, body: { name: `七宝分会选举演练${suffix}`, kind: "branch", parentId: demoOrgs().district } });
    expect(org.status).toBe(201);
    orgId = org.json.orgId;
    people = {};
    const roster: Array<[string, string[]]> = [
      ["监票甲", ["member", "scrutineer"]],
      ["监票乙", ["member", "scrutineer"]],
      ["张扫码", ["member"]],
      ["王登录", ["member"]],
      ["赵到会", ["member"]],
      ["钱缺席", ["member"]],
    ];
    for (const [name, roles] of roster) {
      const phone = uniquePhone();
      const added = await call("POST", `/orgs/${orgId}/members`, { token: admin, body: { name, phone, roles } });
      expect(added.status, added.text).toBe(201);
      await acceptInvitationOf(added.json.accountId, PASSWORD);
      people[name] = { accountId: added.json.accountId, name, phone };
    }
    const created = await call("POST", `/orgs/${orgId}/elections`, {
      token: admin,
      body: {
        title: "七宝分会第二届理事会换届选举",
        mode: "meeting",
        positions: [
          { title: "会长", seats: 1, kind: "slate", candidates: [{ name: "王建国" }], allowWriteIns: true },
          { title: "理事", seats: 3, kind: "competitive", candidates: [{ name: "陈晓" }, { name: "刘洋" }, { name: "孙磊" }] },
        ],
        motions: [{ title: "审议第一届理事会工作报告" }],
      },
    });
    expect(created.status, created.text).toBe(201);
    electionId = created.json.election.electionId;
    const appointed = await call("POST", `/elections/${electionId}/scrutineers`, { token: admin, body: { accountIds: [people["监票甲"]!.accountId, people["监票乙"]!.accountId] } });
    expect(appointed.status).toBe(200);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  it("check-in, open, vote by code without a session and signed in, close, two certifications, publish, find my ballot in the bulletin", async () => {
    // The chair, on a phone: sign in, freeze the roll, issue the codes.
    const adminContext = await phoneContext(browser, server.url);
    contexts.push(adminContext);
    const chair = await adminContext.newPage();
    chair.on("dialog", (dialog) => void dialog.accept());
    await chair.goto(`/orgs/${orgId}`);
    await signInHere(chair, DISTRICT_ADMIN, DEMO_PASSWORD);
    await chair.getByRole("link", { name: "换届选举" }).click();
    await chair.getByText("新建选举").waitFor();
    await chair.getByText("新建选举").click();
    await chair.getByLabel("选举名称").waitFor();
    await snap(chair, "list");
    await chair.getByRole("link", { name: /七宝分会第二届理事会换届选举/ }).click();
    await chair.getByRole("heading", { name: "七宝分会第二届理事会换届选举" }).waitFor();

    // 理事 (差额, 3 seats) has only 3 candidates: 待提名, and the roll cannot be frozen yet.
    await chair.getByText("理事：差额选举候选人应多于应选名额（现有3人，应选3名）").waitFor();
    expect(await chair.locator(".badge", { hasText: "待提名" }).count()).toBe(1);
    expect(await chair.getByRole("button", { name: "冻结选民名册" }).isDisabled()).toBe(true);
    await snap(chair, "awaiting-nominations");

    // While setting up: nominations on, a member nominates 钱缺席 for 理事, the chair approves, and the name joins the list.
    await chair.getByRole("button", { name: "开启提名" }).click();
    const formLink = chair.getByRole("link", { name: "候选人提名表" });
    await formLink.waitFor();
    const formId = (await formLink.getAttribute("href"))!.split("/")[2]!;
    const nominator = await apiSignIn(people["赵到会"]!.phone, PASSWORD);
    const nominated = await call("POST", `/forms/${formId}/submissions`, {
      token: nominator,
      body: { data: { nomineeName: "钱缺席", nomineePhone: people["钱缺席"]!.phone, position: "p2", reasons: "长期热心会务" } },
    });
    expect(nominated.status, nominated.text).toBe(201);
    expect((await call("POST", `/instances/${nominated.json.instanceId}/actions`, { token: admin, body: { type: "approve" } })).status).toBe(200);
    await chair.reload();
    await chair.getByText("已列入候选人").waitFor();
    await chair.getByText("选票内容与规则").click();
    await chair.getByText(/陈晓、刘洋、孙磊、钱缺席（经提名）/).waitFor();
    await snap(chair, "nominations");

    expect(await chair.getByText("待提名").count()).toBe(0);
    await chair.getByRole("button", { name: "冻结选民名册" }).click();
    await chair.getByRole("dialog", { name: "冻结选民名册" }).getByRole("button", { name: "确认冻结" }).click();
    await chair.getByRole("heading", { name: "投票进程" }).waitFor();
    await expect.poll(() => chair.getByTestId("roll").textContent()).toBe("6");

    // Blank cards: one per member on the roll; none votes until the desk hands it over.
    await chair.getByRole("button", { name: "生成空白投票卡" }).click();
    await expect.poll(() => chair.locator(".code-card").count(), { timeout: 20_000 }).toBe(6);
    const codeCard = chair.locator(".code-card").first();
    const code = (await codeCard.locator(".code-card__code").textContent())!.trim();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/); // 16 characters: typeable when a QR code will not scan
    expect(await codeCard.locator("img").getAttribute("src")).toMatch(/^data:image\/png;base64,/);
    // A card the desk never handed over is dead.
    const spare = (await chair.locator(".code-card").nth(5).locator(".code-card__code").textContent())!.trim();

    // Check-in: the desk hands 张扫码 the first card (typed, as a scanner would fill it); two more sign in by name.
    await chair.getByRole("button", { name: "为张扫码发卡" }).click();
    await chair.getByLabel("投票卡号码").fill(code);
    await chair.getByRole("button", { name: "确认发卡" }).click();
    await chair.getByText("发卡成功：张扫码（已签到，此卡生效）").waitFor();
    // 3 of 6 is short of the quorum (4); the open button says why.
    for (const name of ["王登录", "监票甲"]) await chair.getByLabel(`${name} 签到`).check();
    await expect.poll(() => chair.getByTestId("present").textContent()).toBe("3");
    expect(await chair.getByRole("button", { name: "开始投票" }).isDisabled()).toBe(true);
    await chair.getByText("不能开始投票：到会3人，未达到法定人数4人").waitFor();
    for (const name of ["监票乙", "赵到会"]) await chair.getByLabel(`${name} 签到`).check();
    await expect.poll(() => chair.getByTestId("present").textContent(), { timeout: 20_000 }).toBe("5");
    await chair.getByText("到会5人，已达到法定人数").waitFor();
    await snap(chair, "chair-checkin");
    await chair.getByRole("button", { name: "开始投票" }).click();
    await chair.locator(".pill", { hasText: "投票中" }).waitFor();

    // The projector page: people, never votes.
    const screen = await adminContext.newPage();
    await screen.goto(`/elections/${electionId}/screen`);
    await expect.poll(() => screen.getByTestId("screen-present").textContent()).toBe("5");
    expect(await screen.getByTestId("screen-roll").textContent()).toBe("6");
    await screen.getByText("到会人数已达法定人数").waitFor();

    // A voter scans the QR card with a phone that has never signed in (a fresh context, no cookies):
    // the code rides in the fragment, the ballot paper comes from the no-session route.
    const voterContext = await phoneContext(browser, server.url);
    contexts.push(voterContext);
    const voter = await voterContext.newPage();
    const apiCalls: string[] = [];
    voter.on("request", (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith("/api/")) apiCalls.push(`${request.method()} ${url.pathname}${request.headers().cookie ? " +cookie" : ""}`);
    });
    await voter.goto(`/elections/${electionId}/vote#code=${code}`);
    await voter.getByRole("heading", { name: "会长" }).waitFor();
    expect(new URL(voter.url()).hash).toBe("");
    expect(await voterContext.cookies()).toEqual([]);
    expect(apiCalls).toContain(`POST /api/elections/${electionId}/paper`);
    await voter.getByText("投票码投票").waitFor();
    await voter.getByRole("radiogroup", { name: "王建国" }).getByText("赞成").click();
    for (const name of ["陈晓", "刘洋", "孙磊"]) await voter.getByRole("checkbox", { name }).check();
    expect(await voter.getByRole("checkbox", { name: "钱缺席" }).isDisabled()).toBe(true);
    await voter.getByText("已选 3 / 3 人（已满）").waitFor();
    await voter.getByRole("radiogroup", { name: /审议第一届理事会工作报告/ }).getByText("赞成").click();
    await snap(voter, "ballot");
    await voter.getByRole("button", { name: "下一步：核对选票" }).click();
    await voter.getByRole("heading", { name: "请核对您的选票" }).waitFor();
    await voter.getByText("陈晓、刘洋、孙磊").waitFor();
    await snap(voter, "review");
    await voter.getByRole("button", { name: "确认投票" }).click();
    await voter.getByRole("heading", { name: "投票成功，选票已投入票箱" }).waitFor();
    const tracking = (await voter.getByTestId("tracking-code").textContent())!.trim();
    expect(tracking).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    // The ballot went in by code alone: no session was ever sent or set.
    expect(apiCalls).toContain(`POST /api/elections/${electionId}/ballots`);
    expect(apiCalls.filter((entry) => entry.endsWith("+cookie"))).toEqual([]);
    expect(await voterContext.cookies()).toEqual([]);
    await snap(voter, "receipt");

    // The same code again, on another tab: refused, clearly.
    const again = await voter.context().newPage();
    await again.goto(`/elections/${electionId}/vote#code=${code}`);
    await again.getByRole("button", { name: "下一步：核对选票" }).click();
    await again.getByRole("button", { name: "确认投票" }).click();
    await again.getByText("此投票码已经使用过").waitFor();
    await again.close();
    // A printed card the desk never handed over, on a fresh tab: refused, clearly.
    const spareTab = await voter.context().newPage();
    await spareTab.goto(`/elections/${electionId}/vote#code=${spare}`);
    await spareTab.getByRole("button", { name: "下一步：核对选票" }).click();
    await spareTab.getByRole("button", { name: "确认投票" }).click();
    await spareTab.getByText("投票卡未生效").waitFor();
    await spareTab.close();

    // A second voter, signed in on their own phone.
    const second = await (async () => {
      const context = await phoneContext(browser, server.url);
      contexts.push(context);
      return context.newPage();
    })();
    await second.goto(`/elections/${electionId}/vote`);
    await signInHere(second, people["王登录"]!.phone, PASSWORD);
    await second.getByRole("heading", { name: "会长" }).waitFor();
    await second.getByRole("radiogroup", { name: "王建国" }).getByText("赞成").click();
    for (const name of ["陈晓", "钱缺席"]) await second.getByRole("checkbox", { name }).check();
    await second.getByRole("button", { name: "下一步：核对选票" }).click();
    await second.getByRole("button", { name: "确认投票" }).click();
    await second.getByRole("heading", { name: "投票成功，选票已投入票箱" }).waitFor();

    // Two more present members vote through the API, so the count has winners, an unfilled seat and a motion carried.
    for (const [name, picks] of [["赵到会", ["p2c1", "p2c2"]], ["监票乙", ["p2c1", "p2c2", "p2c3"]]] as const) {
      const token = await apiSignIn(people[name]!.phone, PASSWORD);
      const choices = { positions: { p1: { marks: { p1c1: "for" } }, p2: { marks: Object.fromEntries(picks.map((id) => [id, "for"])) } }, motions: { m1: "for" } };
      expect((await call("POST", `/elections/${electionId}/ballots`, { token, body: { choices } })).status).toBe(201);
    }
    await expect.poll(() => screen.getByTestId("screen-voted").textContent(), { timeout: 10_000 }).toBe("4");
    await snap(screen, "screen");

    // The chair closes the vote; the count appears for the chair only now.
    await chair.reload();
    // While voting, the console says who the 监票人 are and who has not voted yet (names: the admin's roll).
    const standing = chair.getByRole("region", { name: "投票进行中" });
    await standing.getByText(/监票人：监票[甲乙]、监票[甲乙]/).waitFor();
    await standing.getByText("未投票：2人").waitFor();
    expect(await standing.getByRole("list", { name: "未投票的选民" }).getByRole("listitem").count()).toBe(2);
    await snap(chair, "chair-voting");
    expect(await chair.getByRole("heading", { name: /计票结果/ }).count()).toBe(0);
    await chair.getByRole("button", { name: "结束投票" }).click();
    await chair.getByRole("dialog", { name: "结束投票" }).getByRole("button", { name: "确认结束投票" }).click();
    await chair.getByRole("heading", { name: "计票结果（未公布）" }).waitFor();
    await chair.getByText("尚有监票人未确认结果：监票甲、监票乙").waitFor();
    expect(await chair.getByRole("button", { name: "发布结果" }).isDisabled()).toBe(true);

    // Each scrutineer, on their own phone, checks and certifies.
    for (const name of ["监票甲", "监票乙"]) {
      const page = await phoneSignedIn(people[name]!.phone);
      await page.goto(`/elections/${electionId}`);
      await page.getByRole("button", { name: /确认结果/ }).click();
      await page.getByText(`${name}：已确认`).waitFor();
    }

    await chair.reload();
    await chair.getByRole("button", { name: "发布结果" }).click();
    await chair.locator(".pill", { hasText: "已公布" }).waitFor();
    await snap(chair, "console-published");

    // The code voter, on the same phone, opens the published results (members only: they sign in
    // now, long after the ballot went in without a name) and finds their ballot by its tracking code.
    await voter.goto(`/elections/${electionId}/results`);
    await signInHere(voter, people["张扫码"]!.phone, PASSWORD);
    await voter.getByText("选举结果公告").waitFor();
    // 5 present, more than half is 3: 王建国 4 (elected); 理事 陈晓 4, 刘洋 3 elected, 孙磊 2, 钱缺席 1 — one seat to a run-off.
    expect(await voter.locator(".result-table tr", { hasText: "王建国" }).locator(".elected").textContent()).toBe("当选");
    expect(await voter.locator(".result-table__elected th").allTextContents()).toEqual(["王建国", "陈晓", "刘洋"]);
    await voter.getByText("尚缺1名未选出，须另行选举").waitFor();
    expect(await voter.locator(".result-table tr", { hasText: "审议第一届理事会工作报告" }).locator(".elected").textContent()).toBe("通过");
    expect(await voter.locator(".figures__item").allTextContents()).toEqual(["应到6", "实到5", "发出选票5", "收回选票4", "有效票4", "无效票0"]);
    await snap(voter, "results");
    await voter.getByRole("link", { name: "选票清单" }).click();
    await voter.getByLabel("查找我的选票").fill(tracking.toLowerCase().replace(/-/g, ""));
    await voter.getByText("找到您的选票").waitFor();
    expect(await voter.locator(".bulletin--found .bulletin__code").textContent()).toBe(tracking);
    expect(await voter.locator(".bulletin--found").textContent()).toContain("理事：陈晓、刘洋、孙磊");
    await snap(voter, "bulletin");
  });
});
