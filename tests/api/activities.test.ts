import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import readXlsxFile from "read-excel-file/universal";
import { beforeAll, describe, expect, it } from "vitest";
import { ACTIVITY_PROPOSAL_FORM } from "@tongxin/core/activities/proposal-form";
import { recomputeStats } from "@tongxin/core/activities/recompute";
import { shanghaiLocal } from "@tongxin/core/activities/time";
import { startSession } from "@tongxin/core/auth/sessions";
import { db, tableName } from "@tongxin/core/db/client";
import { Keys } from "@tongxin/core/db/keys";
import { call, demoOrgs, signIn, uniquePhone } from "../support/api";
import { acceptInvitationOf } from "../support/invitations";

/**
 * 活动申报, after approval: the activity opens in the calendars up the tree, members sign up
 * (capacity never exceeded, waitlist promoted on cancellation), check in by QR token, the
 * organizer files the summary, and the statistics follow — incrementally, and as rebuilt.
 */
const DAY = 86_400_000;
/** A local Shanghai time `days` from now (negative: in the past). */
const at = (days: number, time: string) => `${shanghaiLocal(new Date(Date.now() + days * DAY)).slice(0, 10)}T${time}`;
const suffix = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

function proposal(overrides: Record<string, unknown> = {}) {
  return {
    title: "学四史·接力播",
    theme: "sishi",
    startsAt: at(30, "14:00"),
    endsAt: at(30, "16:00"),
    venue: "新意城新空间活动室",
    capacity: 30,
    needsFunds: "yes",
    budget: [{ item: "场地布置", amount: 80000 }],
    description: "讲述、行走、荐书、创意、奋斗",
    ...overrides,
  };
}

const people: Record<string, string> = {};
const token = (name: string) => people[name]!;

/** Proposes with the seeded 活动申报表 and has each approver approve in turn; returns the activity id. */
async function openActivity(organizer: string, data: Record<string, unknown>, approvers: string[], unitId?: string): Promise<string> {
  const submitted = await call("POST", `/forms/${demoOrgs().activityForm}/submissions`, { token: organizer, body: { data, ...(unitId ? { unitId } : {}) } });
  expect(submitted.status, submitted.text).toBe(201);
  for (const approver of approvers) {
    const acted = await call("POST", `/instances/${submitted.json.instanceId}/actions`, { token: approver, body: { type: "approve" } });
    expect(acted.status, acted.text).toBe(200);
  }
  const view = await call("GET", `/instances/${submitted.json.instanceId}`, { token: organizer });
  expect(view.json.instance.state.status).toBe("approved");
  return submitted.json.submissionId as string;
}

/** The demo chain for 新意城新空间: 张晓雯's own step is skipped, then 王海峰 (虹桥镇) and 李红 (区). */
const openDemoActivity = (data: Record<string, unknown>) => openActivity(token("张晓雯"), data, [token("王海峰"), token("李红")]);

async function calendarIds(who: string, orgId: string, month: string): Promise<string[]> {
  const response = await call("GET", `/orgs/${orgId}/calendar?month=${month}`, { token: who });
  expect(response.status, response.text).toBe(200);
  return response.json.items.map((item: { activityId: string }) => item.activityId);
}

/** Members imported from a roll, each with a session started directly (the race is about sign-ups, not sign-ins). */
async function importMembers(admin: string, orgId: string, count: number, prefix: string): Promise<Array<{ accountId: string; name: string; token: string }>> {
  const rows = Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(3, "0")},${uniquePhone()}`);
  const imported = await call("POST", `/orgs/${orgId}/members/import`, { token: admin, body: ["姓名,手机", ...rows].join("\n"), headers: { "content-type": "text/csv" } });
  expect(imported.status, imported.text).toBe(200);
  const members: Array<{ accountId: string; name: string }> = [];
  let cursor: string | undefined;
  do {
    const page = await call("GET", `/orgs/${orgId}/members?limit=200${cursor ? `&cursor=${cursor}` : ""}`, { token: admin });
    members.push(...page.json.items.filter((m: { name: string }) => m.name.startsWith(prefix)));
    cursor = page.json.cursor;
  } while (cursor);
  expect(members).toHaveLength(count);
  members.sort((a, b) => a.name.localeCompare(b.name));
  return Promise.all(members.map(async (m) => ({ accountId: m.accountId, name: m.name, token: (await startSession({ accountId: m.accountId, name: m.name })).token })));
}

async function myId(who: string): Promise<string> {
  return (await call("GET", "/me", { token: who })).json.account.accountId as string;
}

beforeAll(async () => {
  const logins: Record<string, string> = { 李红: "13800000001", 王海峰: "13800000002", 张晓雯: "13800000003", 陈思远: "13800000004", 赵立群: "13800000005", 周敏: "13800000006", 吴一鸣: "13800000007" };
  for (const [name, login] of Object.entries(logins)) people[name] = await signIn(login);
  people.平台管理员 = await signIn("admin@tongxin.local");
});

describe("an approved proposal opens an activity", () => {
  let activityId: string;

  beforeAll(async () => {
    activityId = await openDemoActivity(proposal({ title: "学四史·接力播（日历）", startsAt: "2026-12-12T14:00", endsAt: "2026-12-12T16:00" }));
  });

  it("lists it in the calendars of the 新空间, 虹桥镇 and the district, not in 七宝分会's", async () => {
    const { xinyicheng, hongqiao, district, qibao } = demoOrgs();
    expect(await calendarIds(token("张晓雯"), xinyicheng!, "2026-12")).toContain(activityId);
    expect(await calendarIds(token("王海峰"), hongqiao!, "2026-12")).toContain(activityId);
    expect(await calendarIds(token("李红"), district!, "2026-12")).toContain(activityId);
    expect(await calendarIds(token("赵立群"), qibao!, "2026-12")).not.toContain(activityId);
    expect(await calendarIds(token("李红"), district!, "2026-11")).not.toContain(activityId);
    // A plain member of the 新空间 reads its calendar too; and the range listing agrees.
    expect(await calendarIds(token("陈思远"), xinyicheng!, "2026-12")).toContain(activityId);
    const ranged = await call("GET", `/orgs/${hongqiao}/activities?from=2026-12-12&to=2026-12-12`, { token: token("王海峰") });
    expect(ranged.json.items.map((a: { activityId: string }) => a.activityId)).toContain(activityId);
  });

  it("carries the proposal's answers, the unit and the organizer, with empty counters", async () => {
    const view = await call("GET", `/activities/${activityId}`, { token: token("陈思远") });
    expect(view.status).toBe(200);
    expect(view.json.activity).toMatchObject({
      activityId,
      orgId: demoOrgs().xinyicheng,
      unitName: "新意城新空间",
      title: "学四史·接力播（日历）",
      theme: "sishi",
      themeLabel: "四史学习",
      startsAt: "2026-12-12T14:00",
      capacity: 30,
      budgetFen: 80000,
      confirmed: 0,
      waitlisted: 0,
      checkedIn: 0,
      placesLeft: 30,
      status: "open",
      organizerName: "张晓雯",
      summaryOverdue: false,
    });
    expect(view.json.mySignup).toBeNull();
    expect(view.json.canManage).toBe(false);
    expect((await call("GET", `/activities/${activityId}`, { token: token("张晓雯") })).json.canManage).toBe(true);
  });

  it("opens nothing while the proposal is in review, nor when it is rejected", async () => {
    const submitted = await call("POST", `/forms/${demoOrgs().activityForm}/submissions`, { token: token("张晓雯"), body: { data: proposal({ title: "未通过的活动" }) } });
    expect((await call("GET", `/activities/${submitted.json.submissionId}`, { token: token("张晓雯") })).status).toBe(404);
    await call("POST", `/instances/${submitted.json.instanceId}/actions`, { token: token("王海峰"), body: { type: "reject", comment: "时间冲突" } });
    const missing = await call("GET", `/activities/${submitted.json.submissionId}`, { token: token("张晓雯") });
    expect(missing.status).toBe(404);
    expect(missing.json.code).toBe("activity.not_found");
  });

  it("refuses the final approval of a proposal that ends before it starts", async () => {
    // The 活动申报表 now refuses such a proposal when it is submitted (结束时间 must follow 开始时间);
    // one stored before that rule, or through a copy of the form without it, is caught at approval.
    const submitted = await call("POST", `/forms/${demoOrgs().activityForm}/submissions`, {
      token: token("张晓雯"),
      body: { data: proposal({ title: "时间颠倒", startsAt: at(10, "16:00"), endsAt: at(10, "18:00") }) },
    });
    await db().send(
      new UpdateCommand({ TableName: tableName(), Key: Keys.submission(submitted.json.submissionId), UpdateExpression: "SET #data.endsAt = :ends", ExpressionAttributeNames: { "#data": "data" }, ExpressionAttributeValues: { ":ends": at(10, "14:00") } }),
    );
    await call("POST", `/instances/${submitted.json.instanceId}/actions`, { token: token("王海峰"), body: { type: "approve" } });
    const refused = await call("POST", `/instances/${submitted.json.instanceId}/actions`, { token: token("李红"), body: { type: "approve" } });
    expect(refused.status).toBe(422);
    expect(refused.json.errors.endsAt).toBeDefined();
    expect((await call("GET", `/instances/${submitted.json.instanceId}`, { token: token("李红") })).json.instance.state.status).toBe("in_review");
  });
});

describe("sign-up, waitlist, cancellation and promotion", () => {
  let activityId: string;

  beforeAll(async () => {
    activityId = await openDemoActivity(proposal({ title: "小型读书会", capacity: 2, needsFunds: "no", budget: undefined }));
  });

  const signUp = (who: string, key?: string) => call("POST", `/activities/${activityId}/signups`, { token: token(who), headers: key ? { "idempotency-key": key } : {} });
  const mine = async (who: string) => (await call("GET", `/activities/${activityId}`, { token: token(who) })).json.mySignup;

  it("confirms while places remain, then waitlists in order; one sign-up per person", async () => {
    const first = await signUp("陈思远");
    expect(first.status, first.text).toBe(201);
    expect(first.json).toMatchObject({ status: "confirmed", name: "陈思远" });
    expect(first.json.checkinToken).toEqual(expect.any(String));

    const again = await signUp("陈思远");
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ code: "signup.exists", signup: { status: "confirmed" } });

    const key = `signup-${suffix()}`;
    const second = await signUp("周敏", key);
    expect(second.json.status).toBe("confirmed");
    const retried = await signUp("周敏", key);
    expect(retried.status).toBe(201);
    expect(retried.headers.get("idempotent-replayed")).toBe("true");
    expect(retried.json.checkinToken).toBe(second.json.checkinToken);

    const third = await signUp("赵立群");
    expect(third.json).toMatchObject({ status: "waitlisted", position: 1 });
    expect(third.json.checkinToken).toBeUndefined();
    const fourth = await signUp("吴一鸣");
    expect(fourth.json).toMatchObject({ status: "waitlisted", position: 2 });

    const view = await call("GET", `/activities/${activityId}`, { token: token("赵立群") });
    expect(view.json.activity).toMatchObject({ confirmed: 2, waitlisted: 2, placesLeft: 0 });
    expect(view.json.mySignup).toMatchObject({ status: "waitlisted", position: 1 });
  });

  it("a waitlisted person leaves the queue; signing up again puts them at its end", async () => {
    const left = await call("DELETE", `/activities/${activityId}/signups/me`, { token: token("吴一鸣") });
    expect(left.status, left.text).toBe(200);
    expect(left.json.signup.status).toBe("cancelled");
    expect(left.json.promoted).toBeUndefined();
    expect((await signUp("吴一鸣")).json).toMatchObject({ status: "waitlisted", position: 2 });
    expect(await mine("赵立群")).toMatchObject({ position: 1 });
  });

  it("a confirmed cancellation hands the place to the head of the waitlist at once", async () => {
    const cancelled = await call("DELETE", `/activities/${activityId}/signups/me`, { token: token("陈思远") });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.promoted).toEqual({ accountId: await myId(token("赵立群")), name: "赵立群" });
    const promoted = await mine("赵立群");
    expect(promoted.status).toBe("confirmed");
    expect(promoted.checkinToken).toEqual(expect.any(String));
    expect(await mine("吴一鸣")).toMatchObject({ status: "waitlisted", position: 1 });
    expect(await mine("陈思远")).toMatchObject({ status: "cancelled" });

    const again = await call("DELETE", `/activities/${activityId}/signups/me`, { token: token("陈思远") });
    expect(again.status).toBe(404);
    expect(again.json.code).toBe("signup.not_found");

    const list = await call("GET", `/activities/${activityId}/signups`, { token: token("张晓雯") });
    expect(list.status).toBe(200);
    expect(list.json.counts).toEqual({ capacity: 2, confirmed: 2, waitlisted: 1, checkedIn: 0 });
    expect(list.json.items.map((s: { name: string; status: string; position?: number }) => [s.name, s.status, s.position ?? null])).toEqual([
      ["周敏", "confirmed", null],
      ["赵立群", "confirmed", null],
      ["吴一鸣", "waitlisted", 1],
      ["陈思远", "cancelled", null],
    ]);
    // Nobody's check-in token is shown in the organizer's list.
    expect(list.json.items.every((s: { checkinToken?: string }) => s.checkinToken === undefined)).toBe(true);
    const mineList = await call("GET", "/me/activities", { token: token("赵立群") });
    expect(mineList.json.items.find((s: { activityId: string }) => s.activityId === activityId)).toMatchObject({ status: "confirmed", title: "小型读书会" });
  });

  it("the same person signing up twice at the same instant gets one place", async () => {
    const solo = await openDemoActivity(proposal({ title: "双击报名", capacity: 5, needsFunds: "no", budget: undefined }));
    const replies = await Promise.all([0, 1, 2].map(() => call("POST", `/activities/${solo}/signups`, { token: token("陈思远") })));
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect((await call("GET", `/activities/${solo}`, { token: token("陈思远") })).json.activity.confirmed).toBe(1);
  });
});

describe("check-in by QR token", () => {
  let activityId: string;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    activityId = await openDemoActivity(proposal({ title: "科普讲座", theme: "science", capacity: 3, needsFunds: "no", budget: undefined }));
    tokens = {};
    for (const who of ["陈思远", "周敏"]) tokens[who] = (await call("POST", `/activities/${activityId}/signups`, { token: token(who) })).json.checkinToken;
  });

  const scan = (checkinToken: string, who = "张晓雯") => call("POST", `/activities/${activityId}/checkins`, { token: token(who), body: { token: checkinToken } });

  it("checks a confirmed member in once; a second scan is 409, an unknown token 404", async () => {
    const done = await scan(tokens.陈思远!);
    expect(done.status, done.text).toBe(201);
    expect(done.json).toMatchObject({ name: "陈思远", checkedInAt: expect.any(String) });
    const twice = await scan(tokens.陈思远!);
    expect(twice.status).toBe(409);
    expect(twice.json.code).toBe("checkin.duplicate");
    const wrong = await scan("not-a-real-token");
    expect(wrong.status).toBe(404);
    expect(wrong.json.code).toBe("checkin.token_invalid");
    expect((await call("GET", `/activities/${activityId}`, { token: token("陈思远") })).json.mySignup.checkedInAt).toEqual(expect.any(String));
    expect((await call("GET", `/activities/${activityId}`, { token: token("张晓雯") })).json.activity.checkedIn).toBe(1);
  });

  it("a checked-in member cannot cancel; a cancelled member's token no longer works", async () => {
    const refused = await call("DELETE", `/activities/${activityId}/signups/me`, { token: token("陈思远") });
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe("signup.checked_in");
    await call("DELETE", `/activities/${activityId}/signups/me`, { token: token("周敏") });
    expect((await scan(tokens.周敏!)).status).toBe(404);
  });

  it("two scans of one token at once check in once", async () => {
    const fresh = (await call("POST", `/activities/${activityId}/signups`, { token: token("赵立群") })).json.checkinToken as string;
    const replies = await Promise.all([scan(fresh), scan(fresh), scan(fresh, "李红")]);
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect((await call("GET", `/activities/${activityId}`, { token: token("张晓雯") })).json.activity.checkedIn).toBe(2);
  });

  it("only the organizer and the unit's admins scan", async () => {
    expect((await scan(tokens.陈思远!, "陈思远")).status).toBe(403);
    expect((await scan(tokens.陈思远!, "王海峰")).status).toBe(403);
  });
});

describe("summaries and statistics", () => {
  const organizerPassword = "Organizer@2026";
  let town: string;
  let spaceA: string;
  let spaceB: string;
  let organizerA: string;
  let organizerB: string;
  let members: Array<{ accountId: string; name: string; token: string }>;
  /** What the test expects, built from what it does. */
  const held: Array<{ id: string; unit: "A" | "B"; startsAt: string; theme: string; attendance: number; people: string[] }> = [];
  const years = [...new Set([100, 40, 10].map((days) => at(-days, "09:00").slice(0, 4)))];
  const districtYear = async (year: string) => (await call("GET", `/orgs/${demoOrgs().district}/stats?year=${year}`, { token: token("李红") })).json.totals;
  /** The district's figures before this block filed anything (only this file files summaries). */
  let before: Record<string, { activities: number; attendances: number; people: number }>;

  async function organizer(orgId: string, name: string): Promise<string> {
    const phone = uniquePhone();
    const added = await call("POST", `/orgs/${orgId}/members`, { token: token("李红"), body: { name, phone, roles: ["admin", "member"] } });
    expect(added.status, added.text).toBe(201);
    await acceptInvitationOf(added.json.accountId, organizerPassword);
    return signIn(phone, organizerPassword);
  }

  /** Opens an activity in a unit of the fresh 街道 (only 李红's 区 step has approvers), signs people up and checks some in. */
  async function runActivity(unit: "A" | "B", daysAgo: number, theme: string, signups: number[], checkins: number[]) {
    const [organizerToken, unitId] = unit === "A" ? [organizerA, spaceA] : [organizerB, spaceB];
    const id = await openActivity(organizerToken, proposal({ title: `统计活动${held.length + 1}`, theme, startsAt: at(-daysAgo, "09:00"), endsAt: at(3, "18:00"), capacity: 10 }), [token("李红")], unitId);
    const tokens = new Map<number, string>();
    for (const i of signups) {
      const signed = await call("POST", `/activities/${id}/signups`, { token: members[i]!.token });
      expect(signed.json.status).toBe("confirmed");
      tokens.set(i, signed.json.checkinToken);
    }
    for (const i of checkins) expect((await call("POST", `/activities/${id}/checkins`, { token: organizerToken, body: { token: tokens.get(i) } })).status).toBe(201);
    return { id, startsAt: at(-daysAgo, "09:00"), people: checkins.map((i) => members[i]!.accountId) };
  }

  // A real 1×1 PNG: the 台账 embeds summary photos and reads their size from the header.
  const PNG = new Uint8Array(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"));
  async function photo(who: string) {
    const ref = { name: "活动照片.png", type: "image/png", size: PNG.length };
    const issued = await call("POST", "/uploads", { token: who, body: { formId: demoOrgs().activityForm, field: "poster", ...ref } });
    expect(issued.status, issued.text).toBe(201);
    expect((await fetch(issued.json.url, { method: "PUT", body: PNG as Uint8Array<ArrayBuffer>, headers: { "content-type": "image/png" } })).ok).toBe(true);
    return { uploadId: issued.json.uploadId as string, ...ref };
  }

  beforeAll(async () => {
    const made = await call("POST", "/orgs", { token: token("李红"), body: { name: `统计测试街道${suffix()}`, kind: "subdistrict", parentId: demoOrgs().district } });
    expect(made.status, made.text).toBe(201);
    town = made.json.orgId;
    spaceA = (await call("POST", "/orgs", { token: token("李红"), body: { name: `甲新空间${suffix()}`, kind: "new_space", parentId: town } })).json.orgId;
    spaceB = (await call("POST", "/orgs", { token: token("李红"), body: { name: `乙新空间${suffix()}`, kind: "new_space", parentId: town } })).json.orgId;
    organizerA = await organizer(spaceA, "甲组织者");
    organizerB = await organizer(spaceB, "乙组织者");
    members = await importMembers(token("李红"), spaceA, 6, `统计会员${suffix()}-`);
    before = Object.fromEntries(await Promise.all(years.map(async (year) => [year, await districtYear(year)] as const)));
  });

  it("only the organizer or the unit's admins file the summary, once, after the start; attendance never below the check-ins", async () => {
    const first = await runActivity("A", 100, "sishi", [0, 1, 2], [0, 1, 2]);
    const path = `/activities/${first.id}/summary`;
    const body = { attendance: 5, spentFen: 64000, notes: "三名签到会员，另有两位居民现场参加" };
    expect((await call("POST", path, { token: members[0]!.token, body })).status).toBe(403);
    expect((await call("POST", path, { token: organizerB, body })).status).toBe(403);
    expect((await call("POST", path, { token: token("王海峰"), body })).status).toBe(403);
    const low = await call("POST", path, { token: organizerA, body: { ...body, attendance: 2 } });
    expect(low.status).toBe(422);
    expect(low.json.errors.attendance).toBeDefined();
    expect((await call("POST", path, { token: organizerA, body: { attendance: 5, notes: "" } })).status).toBe(422);

    const key = `summary-${suffix()}`;
    const filed = await call("POST", path, { token: organizerA, body, headers: { "idempotency-key": key } });
    expect(filed.status, filed.text).toBe(201);
    expect(filed.json).toMatchObject({ status: "closed", summary: { attendance: 5, checkedIn: 3, spentFen: 64000, filedByName: "甲组织者" }, budgetFen: 80000, budgetVarianceFen: -16000, summaryOverdue: false });
    const replay = await call("POST", path, { token: organizerA, body, headers: { "idempotency-key": key } });
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    const second = await call("POST", path, { token: organizerA, body });
    expect(second.status).toBe(409);
    expect(second.json.code).toBe("activity.summary_exists");
    // Closed: no more sign-ups or check-ins.
    const late = await call("POST", `/activities/${first.id}/signups`, { token: members[5]!.token });
    expect(late.status).toBe(409);
    expect(late.json.code).toBe("activity.closed");
    held.push({ ...first, unit: "A", theme: "sishi", attendance: 5 });

    const future = await openActivity(organizerA, proposal({ title: "未开始的活动" }), [token("李红")], spaceA);
    const early = await call("POST", `/activities/${future}/summary`, { token: organizerA, body });
    expect(early.status).toBe(409);
    expect(early.json.code).toBe("activity.not_started");
  });

  it("adds each summary to the unit's and every supervising org's figures: 场次, 人次, distinct people, by month, theme and child org", async () => {
    const second = await runActivity("A", 40, "volunteer", [0, 3], [0, 3]);
    // Photos are uploads against the proposal form, made by whoever files the summary.
    const [mine, theirs] = await Promise.all([photo(organizerA), photo(organizerB)]);
    const foreign = await call("POST", `/activities/${second.id}/summary`, { token: organizerA, body: { spentFen: 0, notes: "公益志愿服务", photos: [theirs] } });
    expect(foreign.status).toBe(422);
    expect(foreign.json.errors["photos.0"]).toBeDefined();
    const withPhoto = await call("POST", `/activities/${second.id}/summary`, { token: organizerA, body: { spentFen: 0, notes: "公益志愿服务", photos: [mine] } });
    expect(withPhoto.status, withPhoto.text).toBe(201);
    expect(withPhoto.json.summary.photos).toEqual([mine]);
    held.push({ ...second, unit: "A", theme: "volunteer", attendance: 2 });
    const third = await runActivity("B", 10, "sishi", [0, 4, 5], [0, 4]);
    // The district's admin files for the 乙 space (admins above the unit may).
    const filed = await call("POST", `/activities/${third.id}/summary`, { token: token("李红"), body: { attendance: 2, spentFen: 12000, notes: "四史学习" } });
    expect(filed.status, filed.text).toBe(201);
    held.push({ ...third, unit: "B", theme: "sishi", attendance: 2 });

    const expected = (units: Array<"A" | "B">, year: string) => {
      const mine = held.filter((h) => units.includes(h.unit) && h.startsAt.startsWith(year));
      const byMonth = new Map<string, [number, number]>();
      const byTheme = new Map<string, [number, number]>();
      for (const h of mine) {
        const m = byMonth.get(h.startsAt.slice(5, 7)) ?? [0, 0];
        byMonth.set(h.startsAt.slice(5, 7), [m[0] + 1, m[1] + h.attendance]);
        const t = byTheme.get(h.theme) ?? [0, 0];
        byTheme.set(h.theme, [t[0] + 1, t[1] + h.attendance]);
      }
      return {
        totals: { activities: mine.length, attendances: mine.reduce((s, h) => s + h.attendance, 0), people: new Set(mine.flatMap((h) => h.people)).size },
        byMonth: Object.fromEntries(byMonth),
        byTheme: Object.fromEntries(byTheme),
      };
    };
    const shape = (report: { totals: unknown; byMonth: Array<{ month: string; activities: number; attendances: number }>; byTheme: Array<{ theme: string; activities: number; attendances: number }> }) => ({
      totals: report.totals,
      byMonth: Object.fromEntries(report.byMonth.filter((m) => m.activities > 0).map((m) => [m.month, [m.activities, m.attendances]])),
      byTheme: Object.fromEntries(report.byTheme.map((t) => [t.theme, [t.activities, t.attendances]])),
    });

    for (const year of years) {
      const a = await call("GET", `/orgs/${spaceA}/stats?year=${year}`, { token: organizerA });
      expect(a.status, a.text).toBe(200);
      expect(shape(a.json)).toEqual(expected(["A"], year));
      const b = await call("GET", `/orgs/${spaceB}/stats?year=${year}`, { token: organizerB });
      expect(shape(b.json)).toEqual(expected(["B"], year));
      const t = await call("GET", `/orgs/${town}/stats?year=${year}`, { token: token("李红") });
      expect(shape(t.json)).toEqual(expected(["A", "B"], year));
      expect(t.json.byChild.map((c: { orgId: string; activities: number; attendances: number; people: number }) => [c.orgId, c.activities, c.attendances, c.people]).sort()).toEqual(
        [
          [spaceA, expected(["A"], year).totals.activities, expected(["A"], year).totals.attendances, expected(["A"], year).totals.people],
          [spaceB, expected(["B"], year).totals.activities, expected(["B"], year).totals.attendances, expected(["B"], year).totals.people],
        ].sort(),
      );
      expect(t.json.own).toEqual({ activities: 0, attendances: 0 });
      // The district sees this block's figures added to what it held before; the members are new to it.
      const after = await districtYear(year);
      const added = expected(["A", "B"], year).totals;
      const was = before[year]!;
      expect(after).toEqual({ activities: was.activities + added.activities, attendances: was.attendances + added.attendances, people: was.people + added.people });
    }
    // Over the year of the first activity: labels in Chinese, 12 months listed.
    const report = (await call("GET", `/orgs/${town}/stats?year=${years[0]}`, { token: token("李红") })).json;
    expect(report.byMonth).toHaveLength(12);
    expect(report.byTheme.find((t: { theme: string }) => t.theme === "sishi").label).toBe("四史学习");
  });

  it("exports the figures as XLSX with Chinese headers", async () => {
    const year = held[0]!.startsAt.slice(0, 4);
    const response = await call("GET", `/orgs/${town}/stats?year=${year}&format=xlsx`, { token: token("李红") });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/spreadsheetml/);
    expect(decodeURIComponent(response.headers.get("content-disposition") ?? "")).toContain(`${year}年活动统计.xlsx`);
    const sheets = await readXlsxFile(response.bytes.buffer.slice(response.bytes.byteOffset, response.bytes.byteOffset + response.bytes.byteLength) as ArrayBuffer);
    expect(sheets.map((s) => s.sheet)).toEqual(["概况", "按月份", "按主题", "按下级组织"]);
    expect(sheets[0]!.data[0]).toEqual(["组织", "年度", "活动场次", "参与人次", "参与人数"]);
    expect(sheets[1]!.data[0]).toEqual(["月份", "活动场次", "参与人次"]);
    expect(sheets[1]!.data).toHaveLength(13);
    const children = sheets[3]!.data.slice(1).map((row) => row[0]);
    expect(children).toContain("本级");
  });

  it("the 活动台账 .docx lists each activity of the year and the statistics API's totals, by month and theme, in Chinese fonts", async () => {
    const year = held[0]!.startsAt.slice(0, 4);
    const stats = (await call("GET", `/orgs/${town}/stats?year=${year}`, { token: token("李红") })).json;
    const response = await call("GET", `/orgs/${town}/stats?year=${year}&format=docx`, { token: token("李红") });
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/wordprocessingml/);
    expect(decodeURIComponent(response.headers.get("content-disposition") ?? "")).toContain(`${year}年活动台账.docx`);
    const files = unzipSync(response.bytes);
    const xml = strFromU8(files["word/document.xml"]!);
    const text = (fragment: string) => [...fragment.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("");
    const cells = [...xml.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((m) => text(m[1]!));
    expect(text(xml)).toContain(`全年共开展活动 ${stats.totals.activities} 场次，参加 ${stats.totals.attendances} 人次。`);
    // runActivity titles them 统计活动1, 2, 3 in the order they were held.
    held.forEach((activity, index) => {
      if (activity.startsAt.startsWith(year)) expect(text(xml)).toContain(`统计活动${index + 1}`);
    });
    const months = cells.indexOf("月份");
    expect(cells.slice(months + 3, months + 3 + 36)).toEqual(stats.byMonth.flatMap((m: { month: string; activities: number; attendances: number }) => [`${Number(m.month)}月`, String(m.activities), String(m.attendances)]));
    const themes = cells.indexOf("主题");
    expect(cells.slice(themes + 3, themes + 3 + stats.byTheme.length * 3)).toEqual(stats.byTheme.flatMap((t: { label: string; activities: number; attendances: number }) => [t.label, String(t.activities), String(t.attendances)]));
    // The summary's photo is in the file, as the bytes that were uploaded, named where it sits.
    const media = Object.keys(files).filter((name) => name.startsWith("word/media/"));
    expect(media).toHaveLength(1);
    expect(files[media[0]!]).toEqual(PNG);
    expect(xml).toContain('descr="活动照片.png"');
    const styles = strFromU8(files["word/styles.xml"]!);
    expect(styles).toContain('w:eastAsia="宋体"');
    expect(styles).toContain('w:eastAsia="黑体"');
  });

  it("the rebuild from the activities agrees with the incremental figures, and repairs them when they drift", async () => {
    expect((await recomputeStats(town, { write: false })).differences).toEqual([]);
    const checked = await recomputeStats(demoOrgs().district!, { write: false });
    expect(checked.summarized).toBeGreaterThanOrEqual(3);
    expect(checked.differences).toEqual([]);

    const year = held[0]!.startsAt.slice(0, 4);
    await db().send(
      new UpdateCommand({ TableName: tableName(), Key: Keys.statsYear(spaceA, year), UpdateExpression: "ADD attendances :n, people :p", ExpressionAttributeValues: { ":n": 100, ":p": 1 } }),
    );
    const drifted = await recomputeStats(town, { write: false });
    expect(drifted.differences.map((d) => [d.orgId, d.field]).sort()).toEqual([
      [spaceA, "attendances"],
      [spaceA, "people"],
    ]);

    const root = resolve(import.meta.dirname, "../..");
    const dry = spawnSync("npx", ["tsx", "scripts/recompute-stats.ts", town, "--dry-run"], { cwd: root, env: process.env, encoding: "utf8" });
    expect(dry.status, dry.stderr).toBe(1);
    expect(dry.stdout).toContain("处不一致");
    const fixed = spawnSync("npx", ["tsx", "scripts/recompute-stats.ts", town], { cwd: root, env: process.env, encoding: "utf8" });
    expect(fixed.status, fixed.stderr).toBe(0);
    expect(fixed.stdout).toContain("已修正 2 处不一致");
    expect((await recomputeStats(town, { write: false })).differences).toEqual([]);
  });

  it("flags a summary overdue seven days after the end", async () => {
    const overdue = await openActivity(organizerA, proposal({ title: "逾期未总结", startsAt: at(-20, "09:00"), endsAt: at(-10, "11:00") }), [token("李红")], spaceA);
    const recent = await openActivity(organizerA, proposal({ title: "刚结束", startsAt: at(-2, "09:00"), endsAt: at(-2, "11:00") }), [token("李红")], spaceA);
    expect((await call("GET", `/activities/${overdue}`, { token: organizerA })).json.activity.summaryOverdue).toBe(true);
    expect((await call("GET", `/activities/${recent}`, { token: organizerA })).json.activity.summaryOverdue).toBe(false);
    const ended = await call("POST", `/activities/${recent}/signups`, { token: members[0]!.token });
    expect(ended.status).toBe(409);
    expect(ended.json.code).toBe("activity.closed");
    expect((await call("POST", `/activities/${overdue}/summary`, { token: organizerA, body: { spentFen: 0, notes: "补交总结" } })).json.summaryOverdue).toBe(false);
    held.push({ id: overdue, unit: "A", startsAt: at(-20, "09:00"), theme: "sishi", attendance: 0, people: [] });
    expect((await recomputeStats(town, { write: false })).differences).toEqual([]);
  });
});

describe("who may do what", () => {
  let activityId: string;
  let outsider: string;

  beforeAll(async () => {
    activityId = await openDemoActivity(proposal({ title: "权限测试活动", capacity: 5 }));
    const root = await call("POST", "/orgs", { token: token("平台管理员"), body: { name: `外区统战部${suffix()}`, kind: "district_office", parentId: null } });
    expect(root.status, root.text).toBe(201);
    const phone = uniquePhone();
    const added = await call("POST", `/orgs/${root.json.orgId}/members`, { token: token("平台管理员"), body: { name: "外区会员", phone, roles: ["admin", "member"] } });
    await acceptInvitationOf(added.json.accountId, "Outsider@2026");
    outsider = await signIn(phone, "Outsider@2026");
  });

  it("without a session every route is 401", async () => {
    const { xinyicheng } = demoOrgs();
    const routes: Array<[string, string, unknown?]> = [
      ["GET", `/orgs/${xinyicheng}/calendar?month=2026-12`],
      ["GET", `/orgs/${xinyicheng}/activities`],
      ["GET", `/orgs/${xinyicheng}/stats?year=2026`],
      ["GET", "/me/activities"],
      ["GET", `/activities/${activityId}`],
      ["POST", `/activities/${activityId}/signups`],
      ["DELETE", `/activities/${activityId}/signups/me`],
      ["GET", `/activities/${activityId}/signups`],
      ["POST", `/activities/${activityId}/checkins`, { token: "x" }],
      ["POST", `/activities/${activityId}/summary`, { spentFen: 0, notes: "x" }],
    ];
    for (const [method, path, body] of routes) {
      const response = await call(method, path, { body });
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.json.code).toBe("auth.required");
    }
  });

  it("someone outside the tree is told the activity and the org do not exist", async () => {
    const { xinyicheng } = demoOrgs();
    for (const [method, path] of [
      ["GET", `/activities/${activityId}`],
      ["POST", `/activities/${activityId}/signups`],
      ["GET", `/activities/${activityId}/signups`],
      ["DELETE", `/activities/${activityId}/signups/me`],
    ] as const) {
      const response = await call(method, path, { token: outsider });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.json.code).toBe("activity.not_found");
    }
    const missing = await call("GET", "/activities/no-such-activity", { token: outsider });
    expect(missing.json).toMatchObject({ status: 404, code: "activity.not_found" });
    for (const path of [`/orgs/${xinyicheng}/calendar?month=2026-12`, `/orgs/${xinyicheng}/stats?year=2026`, `/orgs/${xinyicheng}/activities`]) {
      expect((await call("GET", path, { token: outsider })).json.code).toBe("org.not_found");
    }
  });

  it("a member reads and signs up but cannot list sign-ups, check in, file the summary or read statistics", async () => {
    const { xinyicheng } = demoOrgs();
    expect((await call("GET", `/activities/${activityId}`, { token: token("陈思远") })).status).toBe(200);
    expect((await call("POST", `/activities/${activityId}/signups`, { token: token("陈思远") })).status).toBe(201);
    for (const [method, path, body] of [
      ["GET", `/activities/${activityId}/signups`],
      ["POST", `/activities/${activityId}/checkins`, { token: "x" }],
      ["POST", `/activities/${activityId}/summary`, { spentFen: 0, notes: "x" }],
      ["GET", `/orgs/${xinyicheng}/stats?year=2026`],
    ] as const) {
      const response = await call(method, path, { token: token("陈思远"), body });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.json.code).toBe("access.denied");
    }
  });

  it("supervising reviewers read statistics but do not manage the activity; admins above the unit do", async () => {
    const { xinyicheng } = demoOrgs();
    expect((await call("GET", `/orgs/${xinyicheng}/stats?year=2026`, { token: token("王海峰") })).status).toBe(200);
    expect((await call("GET", `/activities/${activityId}/signups`, { token: token("王海峰") })).status).toBe(403);
    expect((await call("GET", `/activities/${activityId}/signups`, { token: token("李红") })).status).toBe(200);
    expect((await call("GET", `/activities/${activityId}/signups`, { token: token("平台管理员") })).status).toBe(200);
    // 七宝分会's admin sees the district-wide calendar's activity but may not manage it.
    expect((await call("GET", `/activities/${activityId}`, { token: token("赵立群") })).status).toBe(200);
    expect((await call("GET", `/activities/${activityId}/signups`, { token: token("赵立群") })).status).toBe(403);
  });

  it("rejects malformed input with the field named", async () => {
    const { xinyicheng } = demoOrgs();
    const month = await call("GET", `/orgs/${xinyicheng}/calendar?month=2026-13`, { token: token("张晓雯") });
    expect(month.status).toBe(422);
    expect(month.json.errors.month).toBeDefined();
    const summary = await call("POST", `/activities/${activityId}/summary`, { token: token("张晓雯"), body: { spentFen: -1, notes: "x" } });
    expect(summary.status).toBe(422);
    expect(summary.json.errors.spentFen).toBeDefined();
  });
});

describe("races", () => {
  let raceOrg: string;
  let crowd: Array<{ accountId: string; name: string; token: string }>;

  beforeAll(async () => {
    const made = await call("POST", "/orgs", { token: token("张晓雯"), body: { name: `报名并发测试${suffix()}`, kind: "new_space", parentId: demoOrgs().xinyicheng } });
    expect(made.status, made.text).toBe(201);
    raceOrg = made.json.orgId;
    crowd = await importMembers(token("张晓雯"), raceOrg, 100, `并发会员${suffix()}-`);
  });

  it("100 people signing up at once for 30 places: exactly 30 confirmed, 70 waitlisted in positions 1..70, none lost; 10 cancellations at once promote exactly 10", async () => {
    const activityId = await openDemoActivity(proposal({ title: "热门活动", capacity: 30, needsFunds: "no", budget: undefined }));
    const replies = await Promise.all(crowd.map((person) => call("POST", `/activities/${activityId}/signups`, { token: person.token })));
    expect(replies.filter((r) => r.status !== 201).map((r) => r.text)).toEqual([]);
    const confirmed = replies.filter((r) => r.json.status === "confirmed");
    const waitlisted = replies.filter((r) => r.json.status === "waitlisted");
    expect(confirmed).toHaveLength(30);
    expect(waitlisted).toHaveLength(70);
    expect(waitlisted.map((r) => r.json.ticket).sort((a, b) => a - b)).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));
    expect(new Set(confirmed.map((r) => r.json.checkinToken)).size).toBe(30);

    const list = async () => (await call("GET", `/activities/${activityId}/signups`, { token: token("张晓雯") })).json;
    const before = await list();
    expect(before.counts).toEqual({ capacity: 30, confirmed: 30, waitlisted: 70, checkedIn: 0 });
    expect(before.items).toHaveLength(100);
    expect(new Set(before.items.map((s: { accountId: string }) => s.accountId))).toEqual(new Set(crowd.map((p) => p.accountId)));
    const queue = before.items.filter((s: { status: string }) => s.status === "waitlisted");
    expect(queue.map((s: { position: number }) => s.position)).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));

    const leaving = confirmed.slice(0, 10).map((r) => crowd.find((p) => p.accountId === r.json.accountId)!);
    const cancels = await Promise.all(leaving.map((person) => call("DELETE", `/activities/${activityId}/signups/me`, { token: person.token })));
    expect(cancels.filter((r) => r.status !== 200).map((r) => r.text)).toEqual([]);
    const promoted = cancels.map((r) => r.json.promoted?.accountId);
    expect(new Set(promoted).size).toBe(10);
    // The first ten in the queue, and nobody else, moved up.
    expect(new Set(promoted)).toEqual(new Set(queue.slice(0, 10).map((s: { accountId: string }) => s.accountId)));

    const after = await list();
    expect(after.counts).toEqual({ capacity: 30, confirmed: 30, waitlisted: 60, checkedIn: 0 });
    const statuses = (status: string) => after.items.filter((s: { status: string }) => s.status === status);
    expect(statuses("confirmed")).toHaveLength(30);
    expect(statuses("cancelled")).toHaveLength(10);
    expect(statuses("waitlisted").map((s: { position: number }) => s.position)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(statuses("waitlisted").map((s: { accountId: string }) => s.accountId)).toEqual(queue.slice(10).map((s: { accountId: string }) => s.accountId));
  });
});

describe("a proposal on a chain with nobody to approve it", () => {
  it("is approved at once and opens its activity in the calendars the moment it is submitted (also when a draft is submitted later)", async () => {
    const { district, xinyicheng } = demoOrgs();
    // 李红's district copy of the 活动申报表 goes through a chain whose steps all come out empty for
    // 张晓雯 proposing for her own 新空间: she heads it (her own step is skipped), and it has no 分会 above it.
    const form = await call("POST", `/orgs/${district}/forms`, { token: token("李红"), body: { definition: { ...ACTIVITY_PROPOSAL_FORM, title: `自审活动申报${suffix()}` }, publish: true } });
    expect(form.status, form.text).toBe(201);
    const formId = form.json.form.formId as string;
    const chain = await call("POST", `/orgs/${district}/workflows`, {
      token: token("李红"),
      body: {
        name: "无需审批",
        steps: [
          { name: "新空间负责人审核", approvers: { kind: "role", role: "admin", at: { kind: "unit" } } },
          { name: "分会审核", approvers: { kind: "role", role: "admin", at: { kind: "ancestor", orgKind: "branch" } } },
        ],
      },
    });
    expect(chain.status, chain.text).toBe(201);
    expect((await call("PUT", `/orgs/${district}/forms/${formId}/workflow`, { token: token("李红"), body: { workflowId: chain.json.workflowId } })).status).toBe(204);

    const data = proposal({ title: "无需审批的活动", startsAt: "2026-12-19T09:00", endsAt: "2026-12-19T11:00", capacity: 2, needsFunds: "no", budget: undefined });
    const submitted = await call("POST", `/forms/${formId}/submissions`, { token: token("张晓雯"), body: { data, unitId: xinyicheng } });
    expect(submitted.status, submitted.text).toBe(201);
    expect(submitted.json.status).toBe("approved");
    const activityId = submitted.json.submissionId as string;

    const instance = await call("GET", `/instances/${submitted.json.instanceId}`, { token: token("张晓雯") });
    expect(instance.json.instance.state.status).toBe("approved");
    expect(instance.json.audit).toEqual({ valid: true, length: 1 });
    expect((await call("GET", `/submissions/${activityId}`, { token: token("张晓雯") })).json.status).toBe("approved");
    const view = await call("GET", `/activities/${activityId}`, { token: token("陈思远") });
    expect(view.status, view.text).toBe(200);
    expect(view.json.activity).toMatchObject({ activityId, title: "无需审批的活动", status: "open", capacity: 2, confirmed: 0, organizerName: "张晓雯" });
    expect(await calendarIds(token("张晓雯"), xinyicheng!, "2026-12")).toContain(activityId);
    expect(await calendarIds(token("李红"), district!, "2026-12")).toContain(activityId);
    const signed = await call("POST", `/activities/${activityId}/signups`, { token: token("陈思远") });
    expect(signed.status, signed.text).toBe(201);
    expect(signed.json.status).toBe("confirmed");

    // Saved as a draft first, then submitted: the same.
    const draft = await call("POST", `/forms/${formId}/submissions`, { token: token("张晓雯"), body: { data: { ...data, title: "先存草稿的活动" }, unitId: xinyicheng, draft: true } });
    expect(draft.status, draft.text).toBe(201);
    expect((await call("GET", `/activities/${draft.json.submissionId}`, { token: token("陈思远") })).status).toBe(404);
    const sent = await call("PUT", `/submissions/${draft.json.submissionId}`, { token: token("张晓雯"), body: { data: { ...data, title: "先存草稿的活动" }, draft: false, revision: draft.json.revision } });
    expect(sent.status, sent.text).toBe(200);
    expect(sent.json.status).toBe("approved");
    const later = await call("GET", `/activities/${draft.json.submissionId}`, { token: token("陈思远") });
    expect(later.status, later.text).toBe(200);
    expect(later.json.activity).toMatchObject({ title: "先存草稿的活动", status: "open" });
  });
});
