import { BatchWriteCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "@tongxin/core/db/client";
import { Keys } from "@tongxin/core/db/keys";
import { newId } from "@tongxin/core/ids";
import { DEMO_PASSWORD } from "@tongxin/core/seed/demo";
import { startSession } from "@tongxin/core/auth/sessions";
import { countOverdueTasks, inboxCountItems, openTaskCount } from "@tongxin/core/workflows/inbox-store";
import { app } from "../packages/functions/src/app";
import { readMeter, resetMeter, WRITES } from "./dynamo-meter";
import { percentile, record, sample, section } from "./harness";

export async function request(method: string, path: string, token?: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const env = { requestContext: { http: { sourceIp: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` } } };
  const response = await app.request(`/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }, env);
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

/** What one request costs in DynamoDB, as measured by bench/dynamo-meter.ts: read by the cost section. */
export const perRequest = new Map<string, { calls: number; depth: number; readUnits: number; writeUnits: number; ms: number }>();

/** Counts the DynamoDB calls one request makes, their sequential depth, and the capacity they consumed. */
async function countCalls(name: string, run: () => Promise<{ status: number }>, expectStatus: number) {
  resetMeter();
  const started = performance.now();
  const response = await run();
  const ms = performance.now() - started;
  if (response.status !== expectStatus) throw new Error(`${name}: expected ${expectStatus}, got ${response.status}`);
  const { calls, depth, readUnits, writeUnits, trace } = readMeter();
  const total = [...calls.values()].reduce((a, b) => a + b, 0);
  const writes = [...calls.entries()].filter(([command]) => WRITES.has(command)).reduce((a, [, n]) => a + n, 0);
  const detail = [...calls.entries()].map(([command, n]) => `${command}×${n}`).join(" ");
  perRequest.set(name, { calls: total, depth, readUnits, writeUnits, ms });
  record({ name: `DynamoDB calls: ${name}`, value: total, unit: "calls", note: `${writes} write${writes === 1 ? "" : "s"}; ${detail}` });
  record({ name: `DynamoDB depth (calls one after another): ${name}`, value: depth, unit: "round trips", budget: writes > 0 ? 3 : 2, note: trace.join(" ") });
  record({ name: `DynamoDB capacity: ${name}`, value: Math.round((readUnits + writeUnits) * 10) / 10, unit: "units", note: `${readUnits} RCU + ${writeUnits} WCU` });
}

const proposal = {
  title: "学四史·接力播",
  theme: "sishi",
  startsAt: "2026-12-12T14:00",
  endsAt: "2026-12-12T16:00",
  venue: "新意城新空间活动室",
  capacity: 30,
  needsFunds: "no",
  description: "讲述、行走、荐书、创意、奋斗",
};

export async function signInToken(phone: string): Promise<string> {
  return (await request("POST", "/auth/login", undefined, { login: phone, password: DEMO_PASSWORD, delivery: "token" })).json.token as string;
}

export async function benchRequests(orgs: Record<string, string>): Promise<void> {
  section("DynamoDB calls per request (counted by a client middleware; Scan is refused)");
  const login = (phone: string) => request("POST", "/auth/login", undefined, { login: phone, password: DEMO_PASSWORD, delivery: "token" });
  await countCalls("login", () => login("13800000003"), 200);
  const organizer = (await login("13800000003")).json.token as string;
  const town = (await login("13800000002")).json.token as string;
  await countCalls("me", () => request("GET", "/me", organizer), 200);
  let submissionId = "";
  await countCalls("form submit (with approval chain)", async () => {
    const response = await request("POST", `/forms/${orgs.activityForm}/submissions`, organizer, { data: proposal });
    submissionId = response.json?.submissionId as string;
    return response;
  }, 201);
  await countCalls("inbox", () => request("GET", "/inbox", town), 200);
  await countCalls("inbox badge", () => request("GET", "/inbox/count", town), 200);
  const instanceId = (await request("GET", "/inbox", town)).json.items[0].instanceId as string;
  await countCalls("approve", () => request("POST", `/instances/${instanceId}/actions`, town, { type: "approve" }), 200);
  const district = (await login("13800000001")).json.token as string;
  await countCalls("approve, last step (opens the activity)", () => request("POST", `/instances/${instanceId}/actions`, district, { type: "approve" }), 200);
  const member = (await login("13800000004")).json.token as string;
  await countCalls("activity sign-up", () => request("POST", `/activities/${submissionId}/signups`, member), 201);
  // Cast ballot, signed in and by voting code, in a fresh open online election (one voter each).
  const { electionId, code, voterToken } = await openElection(district, orgs.district!);
  const choices = {
    positions: { p1: { marks: { p1c1: "for" } }, p2: { marks: { p2c1: "for", p2c2: "for" } } },
    motions: { m1: "for" },
  };
  await countCalls("ballot paper, by voting code", () => request("POST", `/elections/${electionId}/paper`, undefined, { code }), 200);
  await countCalls("cast ballot, signed in", () => request("POST", `/elections/${electionId}/ballots`, voterToken, { choices }), 201);
  await countCalls("cast ballot, by voting code", () => request("POST", `/elections/${electionId}/ballots`, undefined, { code, choices }), 201);
  // The office's live ranking of the demo 十佳案例 campaign: the campaign's scores and its eligible entries, one Query each.
  await countCalls("campaign ranking", () => request("GET", `/campaigns/${orgs.demoCampaign}/ranking`, district), 200);

  section("Inbox with 10,000 open instances in the table");
  // 吴一鸣 gets 10,000 open tasks (synthetic: they fill the index, not the chain); 周敏 has none.
  const judge = (await login("13800000007")).json.token as string;
  const busy = (await request("GET", "/me", judge)).json.account.accountId as string;
  const quiet = (await login("13800000006")).json.token as string;
  await fillInboxes(busy, 10_000);
  const busyTimes = await sample(() => request("GET", "/inbox?limit=30", judge), 200);
  const quietTimes = await sample(() => request("GET", "/inbox?limit=30", quiet), 200);
  record({ name: "GET /api/inbox, reviewer with 10,000 open tasks: median", value: percentile(busyTimes, 50), unit: "ms" });
  record({ name: "GET /api/inbox, reviewer with 10,000 open tasks: p95", value: percentile(busyTimes, 95), unit: "ms" });
  record({
    name: "GET /api/inbox, reviewer with no tasks: median",
    value: percentile(quietTimes, 50),
    unit: "ms",
  });
  record({ name: "inbox latency, 10,000 tasks vs none", value: percentile(busyTimes, 50) / percentile(quietTimes, 50), unit: "×", note: "one Query either way" });
  const countTimes = await sample(() => request("GET", "/inbox/count", judge), 200);
  const badge = (await request("GET", "/inbox/count", judge)).json as { open: number };
  if (badge.open !== 10_000) throw new Error(`inbox badge says ${badge.open}, not the 10,000 tasks written`);
  record({ name: "GET /api/inbox/count (badge) with 10,000 open tasks: median", value: percentile(countTimes, 50), unit: "ms", budget: 10, note: "count shards moved with the tasks: one Query of ≤ 8 items" });
  record({ name: "GET /api/inbox/count (badge) with 10,000 open tasks: p95", value: percentile(countTimes, 95), unit: "ms" });
  // The parts of that request: the badge's own read (the count shards) and the overdue Query beside it, each alone.
  const shardTimes = await sample(() => openTaskCount(busy), 200);
  const overdueTimes = await sample(() => countOverdueTasks(busy), 200);
  record({ name: "inbox badge: count shards read alone, median", value: percentile(shardTimes, 50), unit: "ms", budget: 10 });
  record({ name: "inbox badge: overdue Query alone (10,000 open, none overdue), median", value: percentile(overdueTimes, 50), unit: "ms" });
}

/** A new branch with two voters and two scrutineers, and an open online election: one voter casts signed in, the other by code. */
async function openElection(admin: string, districtId: string): Promise<{ electionId: string; code: string; voterToken: string }> {
  const ok = async (method: string, path: string, body?: unknown) => {
    const response = await request(method, path, admin, body);
    if (response.status >= 300) throw new Error(`election setup: ${method} ${path} → ${response.status} ${JSON.stringify(response.json)}`);
    return response.json;
  };
  const stamp = String(Date.now() % 1_000_000).padStart(6, "0");
  const { orgId } = await ok("POST", "/orgs", { name: `计数分会${stamp}`, kind: "branch", parentId: districtId });
  const add = (name: string, i: number, roles: string[]) => ok("POST", `/orgs/${orgId}/members`, { name, phone: `154${stamp}${String(i).padStart(2, "0")}`, roles });
  const voters = [await add("投票人甲", 0, ["member"]), await add("投票人乙", 1, ["member"])];
  const scrutineers = [await add("监票甲", 2, ["scrutineer"]), await add("监票乙", 3, ["scrutineer"])];
  const { election } = await ok("POST", `/orgs/${orgId}/elections`, {
    title: "计数换届选举",
    mode: "online",
    positions: [
      { title: "会长", seats: 1, kind: "slate", candidates: [{ name: "王建国" }] },
      { title: "理事", seats: 2, kind: "competitive", candidates: [{ name: "甲" }, { name: "乙" }, { name: "丙" }] },
    ],
    motions: [{ title: "审议工作报告" }],
  });
  const electionId = election.electionId as string;
  await ok("POST", `/elections/${electionId}/scrutineers`, { accountIds: scrutineers.map((s) => s.accountId) });
  await ok("POST", `/elections/${electionId}/roll`);
  const codes = await ok("POST", `/elections/${electionId}/codes`, { accountIds: [voters[1].accountId] });
  await ok("POST", `/elections/${electionId}/open`);
  // The signed-in voter's session is started directly: the login itself is counted above.
  const { token } = await startSession({ accountId: voters[0].accountId, name: "投票人甲" });
  return { electionId, code: codes.items[0].code as string, voterToken: token };
}

/** Writes `count` open tasks into `accountId`'s inbox (as approvals would), 25 per batch. */
async function fillInboxes(accountId: string, count: number): Promise<void> {
  const start = Date.now();
  const items = Array.from({ length: count }, (_, i) => {
    const instanceId = newId();
    const dueAt = new Date(start + (i % 30) * 86_400_000).toISOString();
    return {
      ...Keys.task(instanceId, accountId),
      ...Keys.taskInInbox(accountId, dueAt, instanceId),
      type: "task",
      accountId,
      instanceId,
      title: `活动申报 ${i}`,
      stepName: "街镇统战干部审核",
      submitterName: "张晓雯",
      unitName: "新意城新空间",
      dueAt,
      assignedAt: new Date(start).toISOString(),
    };
  });
  const batches = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  for (let i = 0; i < batches.length; i += 8) {
    await Promise.all(
      batches.slice(i, i + 8).map(async (batch) => {
        let pending: Record<string, unknown>[] | undefined = batch.map((Item) => ({ PutRequest: { Item } }));
        while (pending && pending.length > 0) {
          const result = await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending as never } }));
          pending = result.UnprocessedItems?.[tableName()] as Record<string, unknown>[] | undefined;
        }
      }),
    );
  }
  // As the approvals that put them there would have, the tasks move the person's badge count.
  await db().send(new TransactWriteCommand({ TransactItems: inboxCountItems([{ accountId, delta: count }], 0) }));
}
