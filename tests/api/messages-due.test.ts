import { beforeAll, describe, expect, it } from "vitest";
import type { ChannelAdapter } from "@tongxin/core/messages/channels/channel";
import { outboxChannel, outboxFor } from "@tongxin/core/messages/channels/outbox";
import { sendDueMessages } from "@tongxin/core/messages/due";
import { beijingDay } from "@tongxin/core/messages/reminders";
import { call, demoOrgs, signIn, uniquePhone } from "../support/api";
import { campaignBody } from "../support/campaigns";
import { messagesAbout, streamConsumer } from "../support/messages";
import { acceptInvitationOf } from "../support/invitations";
import { verifyAudit } from "@tongxin/core/workflows/instances";

/**
 * Messages due at a time, not on a change: the day-before reminder of an activity, the
 * organizer's overdue summary, the end of a 公示 — scheduled from the real stream of DynamoDB
 * Local and sent by the job, which reads due items by Query. A job run twice sends once. And
 * 催办, raced: one nudge a day goes through.
 */
const LOGINS = { 张晓雯: "13800000003", 王海峰: "13800000002", 李红: "13800000001", 陈思远: "13800000004", 周敏: "13800000006" };
const tokens: Record<string, string> = {};
let stream: Awaited<ReturnType<typeof streamConsumer>>;

beforeAll(async () => {
  for (const [name, login] of Object.entries(LOGINS)) tokens[name] = await signIn(login);
  stream = await streamConsumer();
});

const act = async (who: string, instanceId: string, body: Record<string, unknown>) => {
  const response = await call("POST", `/instances/${instanceId}/actions`, { token: tokens[who], body });
  expect(response.status, response.text).toBe(200);
};

async function propose(title: string, startsAt = "2026-12-28T14:00", endsAt = "2026-12-28T16:00", capacity = 1) {
  const data = { title, theme: "sishi", startsAt, endsAt, venue: "新意城新空间活动室", capacity, needsFunds: "no", description: "到期消息测试" };
  const response = await call("POST", `/forms/${demoOrgs().activityForm}/submissions`, { token: tokens.张晓雯, body: { data } });
  expect(response.status, response.text).toBe(201);
  return response.json as { submissionId: string; instanceId: string };
}

/** An approved proposal: its activity is open for sign-up. @returns the activity id. */
async function openActivity(title: string, startsAt: string, endsAt: string): Promise<string> {
  const { submissionId, instanceId } = await propose(title, startsAt, endsAt);
  await act("王海峰", instanceId, { type: "approve" });
  await act("李红", instanceId, { type: "approve" });
  return submissionId;
}

const templatesAbout = async (who: string, link: string) => (await messagesAbout(tokens[who]!, link)).map((m) => m.template).sort();
const DAY = 86_400_000;

describe("the day-before activity reminder", () => {
  it("reaches confirmed sign-ups once from 09:00 the day before — not the waitlist, not before, not twice, not after the start", async () => {
    const day = beijingDay(new Date(Date.now() + 2 * DAY));
    const activityId = await openActivity("到期测试·明日活动", `${day}T19:00`, `${day}T21:00`);
    const link = `/activities/${activityId}`;
    expect((await call("POST", `/activities/${activityId}/signups`, { token: tokens.陈思远 })).json.status).toBe("confirmed");
    expect((await call("POST", `/activities/${activityId}/signups`, { token: tokens.周敏 })).json.status).toBe("waitlisted");
    await stream.drain();

    const nineDayBefore = Date.parse(`${beijingDay(new Date(Date.parse(`${day}T12:00:00+08:00`) - DAY))}T09:00:00+08:00`);
    await sendDueMessages(new Date(nineDayBefore - 60_000));
    expect(await templatesAbout("陈思远", link)).toEqual(["signup.confirmed"]);

    const due = new Date(nineDayBefore + 60_000);
    const first = await sendDueMessages(due);
    await sendDueMessages(due);
    expect(first["activity.tomorrow"]).toBeGreaterThanOrEqual(1);
    expect(await templatesAbout("陈思远", link)).toEqual(["activity.tomorrow", "signup.confirmed"]);
    const [reminder] = (await messagesAbout(tokens.陈思远!, link)).filter((m) => m.template === "activity.tomorrow");
    expect(reminder!.body).toBe(`提醒：「到期测试·明日活动」将于${day} 19:00在新意城新空间活动室举行。`);
    expect(await templatesAbout("周敏", link)).toEqual([]);

    // Later runs, also after the start, send nothing more.
    await sendDueMessages(new Date(Date.parse(`${day}T20:00:00+08:00`)));
    expect(await templatesAbout("陈思远", link)).toEqual(["activity.tomorrow", "signup.confirmed"]);
  });

  it("says nothing on the day itself: a job that first sees the reminder on the start day leaves it", async () => {
    const day = beijingDay(new Date(Date.now() + 4 * DAY));
    const activityId = await openActivity("到期测试·当天才看到", `${day}T19:00`, `${day}T21:00`);
    expect((await call("POST", `/activities/${activityId}/signups`, { token: tokens.陈思远 })).json.status).toBe("confirmed");
    await stream.drain();
    await sendDueMessages(new Date(`${day}T08:00:00+08:00`));
    expect(await templatesAbout("陈思远", `/activities/${activityId}`)).toEqual(["signup.confirmed"]);
  });

  it("a job that dies mid-send is simply run again: the reminder arrives once in the app and once by SMS", async () => {
    const phone = uniquePhone();
    const added = await call("POST", `/orgs/${demoOrgs().xinyicheng}/members`, { token: tokens.张晓雯, body: { name: "短信提醒会员", phone, roles: ["member"] } });
    expect(added.status, added.text).toBe(201);
    await acceptInvitationOf(added.json.accountId, "Remind#2026x");
    const member = await signIn(phone, "Remind#2026x");
    expect((await call("PUT", "/messages/preferences", { token: member, body: { sms: true, email: false } })).status).toBe(200);
    const day = beijingDay(new Date(Date.now() + 3 * DAY));
    const activityId = await openActivity("到期测试·短信提醒", `${day}T10:00`, `${day}T11:00`);
    expect((await call("POST", `/activities/${activityId}/signups`, { token: member })).json.status).toBe("confirmed");
    await stream.drain();

    // The SMS provider fails for this phone on the first run (the job dies there), then works.
    const outbox = outboxChannel("sms");
    let failing = true;
    const sms: ChannelAdapter = { ...outbox, provider: "flaky", idempotent: false, send: (message) => (failing && message.to === phone ? Promise.reject(new Error("provider timeout")) : outbox.send(message)) };
    const channels = { sms, email: outboxChannel("email") };
    const due = new Date(Date.parse(`${day}T09:30:00+08:00`) - DAY);
    await expect(sendDueMessages(due, channels)).rejects.toThrow(/not sent, retried on the next run: provider timeout/);
    // Already in the app: the in-app message was written before the SMS failed.
    expect((await messagesAbout(member, `/activities/${activityId}`)).filter((m) => m.template === "activity.tomorrow")).toHaveLength(1);
    failing = false;
    await sendDueMessages(due, channels);
    await sendDueMessages(due, channels);
    const reminders = (await messagesAbout(member, `/activities/${activityId}`)).filter((m) => m.template === "activity.tomorrow");
    expect(reminders).toHaveLength(1);
    expect((await outboxFor(phone)).filter((entry) => entry.template === "activity.tomorrow")).toHaveLength(1);
  });
});

describe("the overdue summary reminder", () => {
  it("tells the organizer once when a summary is a week late, and nothing when it was filed", async () => {
    const late = await openActivity("到期测试·未交总结", "2026-11-20T14:00", "2026-11-20T16:00");
    const filed = await openActivity("到期测试·已交总结", "2026-11-20T14:00", "2026-11-20T16:00");
    const summary = await call("POST", `/activities/${filed}/summary`, { token: tokens.张晓雯, body: { attendance: 12, spentFen: 0, notes: "活动顺利举行" } });
    expect(summary.status, summary.text).toBe(201);
    await stream.drain();

    const now = new Date();
    const counts = await sendDueMessages(now);
    await sendDueMessages(now);
    expect(counts["activity.summary_overdue"]).toBeGreaterThanOrEqual(1);
    const reminders = (await messagesAbout(tokens.张晓雯!, `/activities/${late}`)).filter((m) => m.template === "activity.summary_overdue");
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.body).toBe("「到期测试·未交总结」的活动总结应于2026-11-27 16:00前提交，目前尚未提交，请尽快补交。");
    expect(await templatesAbout("张晓雯", `/activities/${filed}`)).toEqual([]);
    // Only the organizer is told: the reviewers who approved it are not.
    expect(await templatesAbout("王海峰", `/activities/${late}`)).toEqual([]);
  });
});

describe("the end of a 公示", () => {
  it("tells the office once when the notice period is over, not before", async () => {
    const orgId = demoOrgs().district!;
    const created = await call("POST", `/orgs/${orgId}/campaigns`, { token: tokens.李红, body: campaignBody({ noticeDays: 3, title: `到期测试评选${Date.now().toString(36)}` }) });
    expect(created.status, created.text).toBe(201);
    const { campaignId, title } = created.json as { campaignId: string; title: string };
    const closed = await call("PUT", `/campaigns/${campaignId}/window`, { token: tokens.李红, body: { submissionsCloseAt: new Date().toISOString() } });
    expect(closed.status, closed.text).toBe(200);
    expect((await call("POST", `/campaigns/${campaignId}/judging`, { token: tokens.李红 })).status).toBe(200);
    const confirmed = await call("POST", `/campaigns/${campaignId}/confirm`, { token: tokens.李红, body: { awards: [{ tier: "十佳案例", entryIds: [] }], orgAwards: [] } });
    expect(confirmed.status, confirmed.text).toBe(200);
    const endsAt = Date.parse(confirmed.json.noticeEndsAt as string);
    await stream.drain();

    const link = `/campaigns/${campaignId}`;
    await sendDueMessages(new Date(endsAt - 3_600_000));
    expect(await templatesAbout("李红", link)).toEqual([]);
    await sendDueMessages(new Date(endsAt + 3_600_000));
    await sendDueMessages(new Date(endsAt + 7_200_000));
    const [notice, ...more] = await messagesAbout(tokens.李红!, link);
    expect(more).toEqual([]);
    expect(notice).toMatchObject({ template: "campaign.notice_ended", title: `公示期结束：${title}` });
    expect(notice!.body).toContain("待处理异议0件");
    expect(await templatesAbout("陈思远", link)).toEqual([]);
  });
});

describe("催办", () => {
  it("five nudges at once: one goes through and the approver is told once; the others are 429 until tomorrow", async () => {
    const { instanceId } = await propose("到期测试·催办");
    const link = `/instances/${instanceId}`;
    const answers = await Promise.all(Array.from({ length: 5 }, () => call("POST", `/instances/${instanceId}/nudge`, { token: tokens.张晓雯 })));
    expect(answers.map((r) => r.status).sort()).toEqual([202, 429, 429, 429, 429]);
    const refused = answers.find((r) => r.status === 429)!;
    expect(refused.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(refused.json.code).toBe("instance.nudged_today");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await call("GET", `/instances/${instanceId}/nudge`, { token: tokens.张晓雯 })).json).toMatchObject({ allowed: true, approvers: 1, nudgedAt: expect.any(String) });

    const before = await stream.positions();
    await stream.drain();
    await stream.rewind(before);
    await stream.drain();
    const nudges = (await messagesAbout(tokens.王海峰!, link)).filter((m) => m.template === "approval.nudge");
    expect(nudges).toHaveLength(1);
    expect(nudges[0]!.body).toBe("张晓雯提醒您尽快审批「到期测试·催办」。");
    // The next step's reviewer is not pending yet, and the submitter is not told of her own nudge.
    expect(await templatesAbout("李红", link)).toEqual([]);
    expect(await templatesAbout("张晓雯", link)).toEqual([]);

    // The nudge is an entry of the approval's hash-chained audit (what scripts/verify-audit.ts checks).
    const audit = await call("GET", `/instances/${instanceId}/audit`, { token: tokens.张晓雯 });
    expect(audit.status, audit.text).toBe(200);
    expect(audit.json.verdict).toEqual({ valid: true, length: 2 });
    const nudgeEntries = audit.json.entries.filter((entry: { event: { action: string } }) => entry.event.action === "nudge");
    expect(nudgeEntries).toHaveLength(1);
    const me = await call("GET", "/me", { token: tokens.张晓雯 });
    const reviewer = await call("GET", "/me", { token: tokens.王海峰 });
    expect(nudgeEntries[0].event).toMatchObject({ actorId: me.json.account.accountId, events: [{ type: "nudge", subjects: [reviewer.json.account.accountId] }] });
    expect(await verifyAudit(instanceId)).toEqual({ valid: true, length: 2 });
  });

  it("a nudge and an approval at the same moment both land, in one unbroken chain; the outcome still quotes the right entry", async () => {
    const { instanceId } = await propose("到期测试·催办与审批");
    const [nudged, approved] = await Promise.all([
      call("POST", `/instances/${instanceId}/nudge`, { token: tokens.张晓雯 }),
      call("POST", `/instances/${instanceId}/actions`, { token: tokens.王海峰, body: { type: "approve", comment: "同意" } }),
    ]);
    expect([nudged.status, approved.status], `${nudged.text} ${approved.text}`).toEqual([202, 200]);
    const verdict = await verifyAudit(instanceId);
    expect(verdict).toEqual({ valid: true, length: 3 });
    await act("李红", instanceId, { type: "return", comment: "请补充活动预算", to: "submitter" });
    expect(await verifyAudit(instanceId)).toEqual({ valid: true, length: 4 });
    await stream.drain();
    const returned = (await messagesAbout(tokens.张晓雯!, `/instances/${instanceId}`)).filter((m) => m.template === "approval.returned");
    expect(returned).toHaveLength(1);
    expect(returned[0]!.body).toContain("请补充活动预算");
  });

  it("an approval nobody has to act on any more cannot be nudged", async () => {
    const { instanceId } = await propose("到期测试·已驳回");
    await act("王海峰", instanceId, { type: "reject", comment: "时间冲突" });
    const response = await call("POST", `/instances/${instanceId}/nudge`, { token: tokens.张晓雯 });
    expect(response.status).toBe(409);
    expect(response.json.code).toBe("workflow.invalid_action");
    expect((await call("GET", `/instances/${instanceId}/nudge`, { token: tokens.张晓雯 })).json).toEqual({ allowed: false, approvers: 0 });
  });
});
