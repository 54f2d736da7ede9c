import { beforeAll, describe, expect, it } from "vitest";
import { outboxFor } from "@tongxin/core/messages/channels/outbox";
import { deliveryIdOf } from "@tongxin/core/messages/keys";
import { getDelivery } from "@tongxin/core/messages/deliveries";
import { call, demoOrgs, signIn } from "../support/api";
import { messagesAbout, messagesOf, streamConsumer } from "../support/messages";

/**
 * Messages come from the table's stream, read for real from DynamoDB Local: each event tells
 * exactly the right people once, a replay of the same records tells nobody twice, and a
 * consumer that dies between sending and its checkpoint loses nothing and duplicates nothing.
 */
const proposal = {
  title: "消息测试·读书会",
  theme: "sishi",
  startsAt: "2026-12-20T14:00",
  endsAt: "2026-12-20T16:00",
  venue: "新意城新空间活动室",
  capacity: 1,
  needsFunds: "no",
  description: "共读一本书",
};

const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const LOGINS = { 张晓雯: "13800000003", 王海峰: "13800000002", 李红: "13800000001", 陈思远: "13800000004", 赵立群: "13800000005", 吴一鸣: "13800000007", 周敏: "13800000006" };
let stream: Awaited<ReturnType<typeof streamConsumer>>;

async function propose(title = proposal.title) {
  const response = await call("POST", `/forms/${demoOrgs().activityForm}/submissions`, { token: tokens.张晓雯, body: { data: { ...proposal, title } } });
  expect(response.status, response.text).toBe(201);
  return response.json as { submissionId: string; instanceId: string };
}

const act = async (who: string, instanceId: string, body: Record<string, unknown>) => {
  const response = await call("POST", `/instances/${instanceId}/actions`, { token: tokens[who], body });
  expect(response.status, response.text).toBe(200);
};

beforeAll(async () => {
  for (const [name, login] of Object.entries(LOGINS)) {
    tokens[name] = await signIn(login);
    ids[name] = (await call("GET", "/me", { token: tokens[name] })).json.account.accountId;
  }
  stream = await streamConsumer();
});

describe("approval messages reach exactly the people concerned", () => {
  it("a submitted proposal tells the 街镇 reviewer it waits in 待办, and nobody else", async () => {
    const { instanceId } = await propose();
    await stream.drain();
    const link = `/instances/${instanceId}`;
    const [message, ...more] = await messagesAbout(tokens.王海峰!, link);
    expect(more).toEqual([]);
    expect(message).toMatchObject({ template: "approval.task", title: `待审批：${proposal.title}` });
    expect(message!.body).toContain("张晓雯提交的");
    expect(message!.body).toContain("街镇统战干部审核");
    for (const other of ["李红", "陈思远", "赵立群", "张晓雯"]) expect(await messagesAbout(tokens[other]!, link), other).toEqual([]);
  });

  it("returned, then approved: the submitter is told each time, and the next step's reviewer gets the task", async () => {
    const { instanceId } = await propose();
    const link = `/instances/${instanceId}`;
    await act("王海峰", instanceId, { type: "return", to: "submitter", comment: "请补充安全预案" });
    await stream.drain();
    const [returned] = await messagesAbout(tokens.张晓雯!, link);
    expect(returned).toMatchObject({ template: "approval.returned", body: `您提交的「${proposal.title}」被退回修改：“请补充安全预案”` });

    const submission = await call("GET", `/me/instances`, { token: tokens.张晓雯 });
    const revision = (await call("GET", `/submissions/${submission.json.items.find((i: { instanceId: string }) => i.instanceId === instanceId).subject.submissionId}`, { token: tokens.张晓雯 })).json;
    const resubmitted = await call("PUT", `/submissions/${revision.submissionId}`, { token: tokens.张晓雯, body: { data: { ...proposal, safetyNotes: "两名安全员" }, draft: false, revision: revision.revision } });
    expect(resubmitted.status, resubmitted.text).toBe(200);
    await act("王海峰", instanceId, { type: "approve" });
    await act("李红", instanceId, { type: "approve" });
    await stream.drain();
    expect((await messagesAbout(tokens.张晓雯!, link)).map((m) => m.template).sort()).toEqual(["approval.approved", "approval.returned"]);
    expect((await messagesAbout(tokens.李红!, link)).map((m) => m.template)).toEqual(["approval.task"]);
    // The 街镇 reviewer got the task twice: once at submission, once at resubmission (two events).
    expect((await messagesAbout(tokens.王海峰!, link)).map((m) => m.template)).toEqual(["approval.task", "approval.task"]);
  });

  it("a rejection tells the submitter why it ended", async () => {
    const { instanceId } = await propose();
    await act("王海峰", instanceId, { type: "reject", comment: "时间冲突" });
    await stream.drain();
    const [message] = await messagesAbout(tokens.张晓雯!, `/instances/${instanceId}`);
    expect(message).toMatchObject({ template: "approval.rejected", title: `未通过：${proposal.title}`, body: `您提交的「${proposal.title}」未获通过：“时间冲突”` });
  });

  it("转交, 加签 and 抄送 each tell the person concerned in their own words", async () => {
    const { instanceId } = await propose();
    const link = `/instances/${instanceId}`;
    await act("王海峰", instanceId, { type: "cc", people: [ids.陈思远] });
    await act("王海峰", instanceId, { type: "transfer", to: ids.赵立群, comment: "请代为审核" });
    await act("赵立群", instanceId, { type: "add_signer", signer: ids.吴一鸣 });
    await stream.drain();
    expect((await messagesAbout(tokens.陈思远!, link)).map((m) => m.template)).toEqual(["approval.cc"]);
    expect((await messagesAbout(tokens.赵立群!, link)).map((m) => m.template)).toEqual(["approval.transferred"]);
    expect((await messagesAbout(tokens.吴一鸣!, link)).map((m) => m.template)).toEqual(["approval.signer_added"]);
  });
});

describe("sign-up messages", () => {
  it("a confirmed sign-up is told so, and the waitlisted member is told when promoted", async () => {
    const { submissionId, instanceId } = await propose("消息测试·候补");
    await act("王海峰", instanceId, { type: "approve" });
    await act("李红", instanceId, { type: "approve" });
    const link = `/activities/${submissionId}`;
    expect((await call("POST", `/activities/${submissionId}/signups`, { token: tokens.陈思远 })).status).toBe(201);
    expect((await call("POST", `/activities/${submissionId}/signups`, { token: tokens.周敏 })).json.status).toBe("waitlisted");
    await stream.drain();
    expect((await messagesAbout(tokens.陈思远!, link)).map((m) => m.template)).toEqual(["signup.confirmed"]);
    expect(await messagesAbout(tokens.周敏!, link)).toEqual([]);

    expect((await call("DELETE", `/activities/${submissionId}/signups/me`, { token: tokens.陈思远 })).status).toBe(200);
    await stream.drain();
    expect((await messagesAbout(tokens.周敏!, link)).map((m) => m.template)).toEqual(["signup.promoted"]);
    expect((await messagesAbout(tokens.陈思远!, link)).map((m) => m.template)).toEqual(["signup.confirmed"]);
  });
});

describe("replays and crashes", () => {
  it("replaying the same stream records sends nothing twice", async () => {
    const before = await stream.positions();
    const { instanceId } = await propose("消息测试·重放");
    await stream.drain();
    await stream.rewind(before);
    await stream.drain();
    await stream.rewind(before);
    await stream.drain();
    expect(await messagesAbout(tokens.王海峰!, `/instances/${instanceId}`)).toHaveLength(1);
  });

  it("a consumer killed between sending and its checkpoint loses nothing and sends no SMS twice", async () => {
    await call("PUT", "/messages/preferences", { token: tokens.王海峰, body: { sms: true, email: false } });
    await stream.drain();
    const first = await propose("消息测试·崩溃一");
    const second = await propose("消息测试·崩溃二");
    const firstLink = `/instances/${first.instanceId}`;
    // Dies right after the first proposal's messages are written and its SMS sent, before the batch is checkpointed.
    const crash = stream.drain({
      batchSize: 1000,
      afterRecord: async () => {
        if ((await messagesAbout(tokens.王海峰!, firstLink)).length > 0) throw new Error("killed mid-batch");
      },
    });
    await expect(crash).rejects.toThrow("killed mid-batch");
    expect(await messagesAbout(tokens.王海峰!, `/instances/${second.instanceId}`)).toEqual([]);
    await stream.drain();
    for (const { instanceId } of [first, second]) {
      const messages = await messagesAbout(tokens.王海峰!, `/instances/${instanceId}`);
      expect(messages).toHaveLength(1);
      const sms = await getDelivery(deliveryIdOf(messages[0]!.eventId, ids.王海峰!, "sms"));
      expect(sms).toMatchObject({ status: "sent", channel: "sms", toMasked: "138****0002", attempts: expect.any(Number) });
    }
    const outbox = (await outboxFor("13800000002")).filter((entry) => entry.title.includes("消息测试·崩溃"));
    expect(outbox.map((entry) => entry.params.title).sort()).toEqual(["消息测试·崩溃一", "消息测试·崩溃二"]);
    await call("PUT", "/messages/preferences", { token: tokens.王海峰, body: { sms: false, email: false } });
  });
});

describe("reading messages", () => {
  it("the unread count falls as messages are marked read, and someone else's ids mark nothing", async () => {
    await propose("消息测试·已读");
    await stream.drain();
    const { items, unread } = await messagesOf(tokens.王海峰!);
    expect(unread).toBeGreaterThan(0);
    const target = items.find((m) => m.title.includes("消息测试·已读"))!;
    const stranger = await call("POST", "/messages/read", { token: tokens.陈思远, body: { messageIds: [target.messageId] } });
    expect(stranger.json.marked).toBe(0);
    const marked = await call("POST", "/messages/read", { token: tokens.王海峰, body: { messageIds: [target.messageId] } });
    expect(marked.json).toEqual({ marked: 1, unread: unread - 1 });
    const all = await call("POST", "/messages/read", { token: tokens.王海峰, body: { all: true } });
    expect(all.json.unread).toBe(0);
    expect((await call("GET", "/messages/unread", { token: tokens.王海峰 })).json).toEqual({ unread: 0 });
  });

  it("an empty selection is refused naming the field", async () => {
    const response = await call("POST", "/messages/read", { token: tokens.王海峰, body: { messageIds: [] } });
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toMatch(/problem\+json/);
  });
});

describe("overdue reminders and the daily digest", () => {
  it("a task is reminded once on the day it falls overdue, then only in one daily digest per person; a task approved before the job gets nothing", async () => {
    const { remindOverdueTasks, beijingDay } = await import("@tongxin/core/messages/reminders");
    const waiting = await propose("消息测试·逾期");
    const also = await propose("消息测试·也逾期");
    const done = await propose("消息测试·已办");
    await act("王海峰", done.instanceId, { type: "approve" });
    const inbox = await call("GET", "/inbox?limit=100", { token: tokens.王海峰 });
    const dueAt = inbox.json.items.find((task: { instanceId: string }) => task.instanceId === waiting.instanceId).dueAt as string;
    const overdue = (instanceId: string) => messagesAbout(tokens.王海峰!, `/instances/${instanceId}`).then((all) => all.filter((m) => m.template === "approval.overdue"));
    const digests = async (day: string) => (await messagesOf(tokens.王海峰!)).items.filter((m) => m.template === "approval.digest" && m.eventId.endsWith(`#${day}`));

    // The day it falls due: one reminder per task, however often the job runs.
    const sameDay = new Date(new Date(dueAt).getTime() + 60_000);
    expect(await remindOverdueTasks(sameDay)).toBeGreaterThan(0);
    await remindOverdueTasks(sameDay);
    expect(await overdue(waiting.instanceId)).toHaveLength(1);
    expect(await overdue(also.instanceId)).toHaveLength(1);
    expect(await overdue(done.instanceId)).toEqual([]);

    // The next (Beijing) day: nothing before 09:00, then one digest naming the overdue tasks, once.
    const nextDay = beijingDay(new Date(new Date(dueAt).getTime() + 86_400_000));
    await remindOverdueTasks(new Date(`${nextDay}T08:00:00+08:00`));
    expect(await digests(nextDay)).toEqual([]);
    await remindOverdueTasks(new Date(`${nextDay}T10:00:00+08:00`));
    await remindOverdueTasks(new Date(`${nextDay}T10:15:00+08:00`));
    const [digest, ...more] = await digests(nextDay);
    expect(more).toEqual([]);
    expect(digest).toMatchObject({ link: "/inbox" });
    expect(Number(/您有(\d+)项审批已逾期/.exec(digest!.body)?.[1])).toBeGreaterThanOrEqual(2);
    // No task got a second reminder of its own.
    expect(await overdue(waiting.instanceId)).toHaveLength(1);
    expect(await overdue(also.instanceId)).toHaveLength(1);
  });
});
