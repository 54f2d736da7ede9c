import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "@tongxin/core/seed/demo";
import { call, demoOrgs, signIn as apiSignIn, uniquePhone } from "../support/api";
import { launchBrowser } from "../support/browser";
import { screenshotter } from "../support/screenshots";
import { startTestServer } from "../support/server";
import { acceptInvitationOf } from "../support/invitations";

/**
 * 双人录入 in Chromium: a teller enters a batch of 20 paper ballots of a 15-seat 理事 election with
 * the keyboard only (the other side of the batch comes in through the API, one ballot typed
 * differently); a scrutineer opens the review page and resolves that one ballot against the paper.
 */
const WEB_ROOT = resolve(import.meta.dirname, "../../web");
const DISTRICT_ADMIN = "13800000001";
const PASSWORD = "Teller@2026-pass";
const snap = screenshotter("election-paper");

let server: { url: string; close(): Promise<void> };
let browser: Browser;
const contexts: BrowserContext[] = [];

/** A laptop: the tellers sit at a table with the ballot box. */
async function laptop(login: string, password = PASSWORD): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  contexts.push(context);
  const response = await context.request.post("/api/auth/login", { data: { login, password } });
  expect(response.status()).toBe(200);
  return context.newPage();
}

/** Ballot `i` of the batch as typed: 15 of the 18 理事 candidates (varied), 会长, the two motions. */
function lineFor(i: number): string {
  const council = Array.from({ length: 18 }, (_, c) => c + 1)
    .filter((c) => (c + i) % 6 !== 0)
    .slice(0, 15);
  const president = i % 9 === 4 ? "-1" : i % 9 === 8 ? "+刘备" : "1";
  return `${president} / ${council.join(" ")} / ${i % 5 === 0 ? "12" : "11"}`;
}

describe("paper ballots at the count, on a laptop", { timeout: 240_000 }, () => {
  let electionId: string;
  let tellers: Array<{ accountId: string; phone: string }>;
  let scrutineers: Array<{ accountId: string; phone: string }>;
  let admin: string;

  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, "dist/index.html"))) {
      const { build } = await import("vite");
      await build({ root: WEB_ROOT, configFile: join(WEB_ROOT, "vite.config.ts"), logLevel: "warn" });
    }
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    admin = await apiSignIn(DISTRICT_ADMIN);
    const org = await call("POST", "/orgs", { token: admin, body: { name: `纸票录入演练${Date.now().toString(36)}`, kind: "branch", parentId: demoOrgs().district } });
    expect(org.status).toBe(201);
    const orgId = org.json.orgId as string;
    const add = async (name: string, roles: string[]) => {
      const phone = uniquePhone();
      const added = await call("POST", `/orgs/${orgId}/members`, { token: admin, body: { name, phone, roles } });
      expect(added.status, added.text).toBe(201);
      await acceptInvitationOf(added.json.accountId, PASSWORD);
      return { accountId: added.json.accountId as string, phone };
    };
    scrutineers = [await add("监票周", ["scrutineer"]), await add("监票吴", ["scrutineer"])];
    tellers = [await add("计票郑", ["reviewer"]), await add("计票王", ["reviewer"])];
    const voters: string[] = [];
    for (let i = 0; i < 20; i += 1) voters.push((await add(`会员${i}`, ["member"])).accountId);
    const created = await call("POST", `/orgs/${orgId}/elections`, {
      token: admin,
      body: {
        title: "纸票录入演练·第三届理事会换届选举",
        ballots: "paper",
        positions: [
          { title: "会长", seats: 1, kind: "slate", candidates: [{ name: "王建国" }], allowWriteIns: true },
          { title: "理事", seats: 15, kind: "competitive", candidates: Array.from({ length: 18 }, (_, c) => ({ name: `理事候选${c + 1}` })) },
        ],
        motions: [{ title: "审议工作报告" }, { title: "审议财务报告" }],
      },
    });
    expect(created.status, created.text).toBe(201);
    electionId = created.json.election.electionId;
    expect((await call("POST", `/elections/${electionId}/scrutineers`, { token: admin, body: { accountIds: scrutineers.map((s) => s.accountId) } })).status).toBe(200);
    expect((await call("POST", `/elections/${electionId}/tellers`, { token: admin, body: { accountIds: tellers.map((t) => t.accountId) } })).status).toBe(200);
    expect((await call("POST", `/elections/${electionId}/roll`, { token: admin })).status).toBe(200);
    expect((await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { paper: voters } })).json.paper.issued).toBe(20);
    expect((await call("POST", `/elections/${electionId}/open`, { token: admin })).status).toBe(200);
    expect((await call("POST", `/elections/${electionId}/close`, { token: admin })).status).toBe(200);
    // 二录 of batch 1 by the second teller, through the API; on ballot 7 the first motion typed 反对 instead of 赞成.
    const second = await apiSignIn(tellers[1]!.phone, PASSWORD);
    for (let i = 1; i <= 20; i += 1) {
      const line = i === 7 ? lineFor(i).replace(/11$/, "21") : lineFor(i);
      const stored = await call("POST", `/elections/${electionId}/paper-ballots`, { token: second, body: { batch: 1, seq: i, side: "B", line } });
      expect(stored.status, stored.text).toBe(201);
    }
  });

  it("at the desk of a mixed sitting, a member takes a paper ballot (领票) with one click, and can no longer take a card", async () => {
    const org = await call("POST", "/orgs", { token: admin, body: { name: `领票演练${Date.now().toString(36)}`, kind: "branch", parentId: demoOrgs().district } });
    const orgId = org.json.orgId as string;
    const member = await call("POST", `/orgs/${orgId}/members`, { token: admin, body: { name: "领票会员", phone: uniquePhone(), roles: ["member"] } });
    expect(member.status).toBe(201);
    const created = await call("POST", `/orgs/${orgId}/elections`, { token: admin, body: { title: "领票演练选举", ballots: "mixed", positions: [{ title: "会长", seats: 1, kind: "slate", candidates: [{ name: "王建国" }] }] } });
    const id = created.json.election.electionId as string;
    expect((await call("POST", `/elections/${id}/roll`, { token: admin })).status).toBe(200);
    const desk = await laptop(DISTRICT_ADMIN, DEMO_PASSWORD);
    await desk.goto(`/elections/${id}`);
    await desk.getByRole("button", { name: "领票会员领取纸质选票" }).click();
    await desk.getByText("领票成功：领票会员（已签到，领取纸质选票一张）").waitFor();
    await desk.getByText("已领纸质票").waitFor();
    expect(await desk.getByRole("button", { name: "为领票会员发卡" }).count()).toBe(0);
    await snap(desk, "desk-paper");
    expect((await call("GET", `/elections/${id}/turnout`, { token: admin })).json).toMatchObject({ present: 1, paperIssued: 1 });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  it("a teller enters 20 ballots by keyboard only; a scrutineer resolves the one discrepancy and downloads the report PDF", async () => {
    expect(lineFor(7)).toMatch(/ \/ 11$/);
    const teller = await laptop(tellers[0]!.phone);
    await teller.goto(`/elections/${electionId}`);
    await teller.getByRole("link", { name: "录入纸质选票" }).click();
    await teller.getByRole("heading", { name: "录入纸质选票" }).waitFor();
    const line = teller.getByLabel(/第1批第\d+号/);
    await line.waitFor();
    // Keyboard only from here: the line field has the focus, Enter saves and moves to the next number.
    expect(await line.evaluate((element) => element === document.activeElement)).toBe(true);
    const started = Date.now();
    for (let i = 1; i <= 20; i += 1) {
      await teller.keyboard.type(lineFor(i));
      if (i === 1) {
        await teller.getByText("会长：赞成 王建国").waitFor();
        await snap(teller, "entry-preview");
      }
      await teller.keyboard.press("Enter");
      await teller.getByRole("status").filter({ hasText: `已保存第1批第${i}号` }).waitFor();
    }
    const perBallot = (Date.now() - started) / 20;
    console.log(`[paper e2e] 20 ballots typed and saved by keyboard: ${perBallot.toFixed(0)} ms per ballot (headless typing speed, not a person's)`);
    await teller.getByRole("heading", { name: "我在第1批录入的选票（20张）" }).waitFor();
    await snap(teller, "entry-20");

    // A typing error is caught before it is sent: no 19th 理事 candidate.
    await teller.keyboard.type("1 / 1 19 / 11");
    await teller.getByText("理事：没有第19号候选人（共18人）").waitFor();
    await teller.keyboard.press("Enter");
    expect(await teller.getByRole("button", { name: "保存（回车）" }).isDisabled()).toBe(true);

    const stored = (await call("GET", `/elections/${electionId}/paper-ballots`, { token: await apiSignIn(tellers[0]!.phone, PASSWORD) })).json;
    expect(stored.mine).toHaveLength(20);
    expect(stored.mine.map((m: { line: string }) => m.line)).toEqual(Array.from({ length: 20 }, (_, i) => lineFor(i + 1)));

    // The scrutineer: exactly one ballot to resolve, both entries shown; what the paper says is entered.
    const scrutineer = await laptop(scrutineers[0]!.phone);
    await scrutineer.goto(`/elections/${electionId}`);
    await scrutineer.getByRole("link", { name: "核对与裁定" }).click();
    await scrutineer.getByRole("heading", { name: "两次录入不一致的选票（1张）" }).waitFor();
    const item = scrutineer.getByRole("listitem").filter({ has: scrutineer.getByRole("heading", { name: "第1批第7号" }) });
    await item.getByText("一录（计票郑）").waitFor();
    await item.getByText("二录（计票王）").waitFor();
    await snap(scrutineer, "discrepancy");
    await item.getByRole("button", { name: "与一录相同" }).click();
    await item.getByText(/按此计票：/).waitFor();
    await item.getByRole("button", { name: "裁定" }).click();
    await scrutineer.getByRole("heading", { name: "两次录入不一致的选票（0张）" }).waitFor();
    await scrutineer.getByText(/第1批第7号：.*（监票周裁定）/).waitFor();
    await snap(scrutineer, "resolved");

    const audit = (await call("GET", `/elections/${electionId}/audit`, { token: admin })).json;
    expect(audit.entries.filter((e: { event: { action: string } }) => e.event.action === "paper_resolved")).toEqual([
      expect.objectContaining({ event: { action: "paper_resolved", actorId: scrutineers[0]!.accountId, batch: 1, seq: 7 } }),
    ]);
    // Everything settled: the admin closes the entry and the count holds the 20 paper ballots.
    const finished = await call("POST", `/elections/${electionId}/paper-ballots/finish`, { token: admin });
    expect(finished.status, finished.text).toBe(200);
    const results = (await call("GET", `/elections/${electionId}/results`, { token: admin })).json.results;
    expect(results.figures).toMatchObject({ issued: 20, paperIssued: 20, returned: 20, paperReturned: 20 });
    const with17 = Array.from({ length: 20 }, (_, i) => lineFor(i + 1)).filter((l) => l.split(" / ")[1]!.split(" ").includes("17")).length;
    expect(results.positions[1].candidates.find((c: { name: string }) => c.name === "理事候选17").for).toBe(with17);
    // Ballot 7 as resolved (一录: 赞成 on the first motion); 1 in 5 ballots against the second.
    expect(results.motions.map((m: { for: number }) => m.for)).toEqual([20, 16]);

    // The scrutineer downloads the 选举结果报告单 from the console: a PDF with the figures and a subset font.
    await scrutineer.goto(`/elections/${electionId}`);
    const [download] = await Promise.all([scrutineer.waitForEvent("download"), scrutineer.getByRole("link", { name: "选举结果报告单（PDF）" }).click()]);
    expect(download.suggestedFilename()).toBe("纸票录入演练·第三届理事会换届选举-选举结果报告单.pdf");
    const chunks: Buffer[] = [];
    for await (const chunk of (await download.createReadStream())!) chunks.push(chunk as Buffer);
    const pdf = Buffer.concat(chunks);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.toString("latin1")).toMatch(/\/BaseFont \/[A-Z]{6}\+SourceHanSansSC-Regular/);
    const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const opened = await pdfjs.getDocument({ data: new Uint8Array(pdf) }).promise;
    let text = "";
    for (let n = 1; n <= opened.numPages; n += 1) text += (await (await opened.getPage(n)).getTextContent()).items.map((item) => ("str" in item ? item.str : "")).join("");
    const flat = text.replace(/\s+/g, "");
    for (const expected of ["选举结果报告单", "发出选票：20张（纸质20张、电子0张）", "收回选票：20张（纸质20张、电子0张）", "计票郑", "计票王", "监票周", "监票吴", `理事候选17${with17}`]) expect(flat, expected).toContain(expected);
    await opened.destroy();
  });
});
