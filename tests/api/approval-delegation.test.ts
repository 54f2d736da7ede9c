/**
 * 代理审批 against DynamoDB Local: an approver away names a delegate for some days; tasks arriving
 * then go to the delegate, waiting ones can be handed over, and every action says for whom it
 * was taken — never for the delegate's own submission, never outside the delegate's orgs.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { beijingDay } from "@tongxin/core/delegations/delegation";
import { call } from "../support/api";
import { actOn, addPerson, attachChain, inboxIds, makeUnit, people, publishForm, submit, type Person, type Unit } from "../support/approvals";

const DAY = 86_400_000;
const today = beijingDay(new Date());
const inDays = (n: number) => beijingDay(new Date(Date.now() + n * DAY));

let unit: Unit;
let formId: string;
let approver: Person; // 李四, away
let delegate: Person; // 张三, acts for him
let submitter: Person;
let stranger: Person; // belongs to another unit only

const delegate_ = (who: Person, body: Record<string, unknown>) => call("PUT", "/inbox/delegation", { token: who.token, body });
const auditOf = async (instanceId: string, reader = submitter) =>
  (await call("GET", `/instances/${instanceId}/audit`, { token: reader.token })).json.entries as Array<{ event: Record<string, unknown> }>;

beforeAll(async () => {
  unit = await makeUnit("代理审批", [{ name: "李四" }, { name: "张三" }, { name: "申报人" }]);
  [approver, delegate, submitter] = [unit.people.李四!, unit.people.张三!, unit.people.申报人!];
  const other = await makeUnit("代理审批外单位", []);
  stranger = await addPerson(other, "外单位王五");
  formId = await publishForm(unit, { title: "请假审批", fields: [{ key: "title", type: "text", label: "事由", required: true }] });
  await attachChain(unit, formId, { name: "一级审批", steps: [{ name: "负责人审批", approvers: people(approver.accountId) }] });
});

describe("setting a delegate", () => {
  it("refuses a range that ends before it starts, a delegate who is oneself, and anyone unknown", async () => {
    const backwards = await delegate_(approver, { delegateId: delegate.accountId, from: inDays(2), to: today });
    expect(backwards.status).toBe(422);
    expect(backwards.json.errors.to).toEqual(["结束日期不能早于开始日期"]);
    const self = await delegate_(approver, { delegateId: approver.accountId, from: today, to: inDays(1) });
    expect(self.json.errors.delegateId).toEqual(["不能指定自己为代理人"]);
    const nobody = await delegate_(approver, { delegateId: "no-such-account", from: today, to: inDays(1) });
    expect(nobody.json.errors.delegateId).toEqual(["代理人不存在"]);
    expect((await call("GET", "/inbox/delegation", { token: approver.token })).json).toEqual({ delegation: null });
  });

  it("a delegation starting tomorrow does not move today's tasks", async () => {
    expect((await delegate_(approver, { delegateId: delegate.accountId, from: inDays(1), to: inDays(3) })).status).toBe(200);
    const { instanceId } = await submit(submitter, formId, { title: "明天才生效" });
    expect(await inboxIds(approver)).toContain(instanceId);
    expect(await inboxIds(delegate)).not.toContain(instanceId);
  });
});

describe("tasks arriving while the approver is away", () => {
  it("go to the delegate, whose approval is recorded as 张三（代李四）", async () => {
    const saved = await delegate_(approver, { delegateId: delegate.accountId, from: today, to: inDays(2), note: "出差" });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json).toMatchObject({ delegateName: "张三", from: today, to: inDays(2) });

    const { instanceId } = await submit(submitter, formId, { title: "出差期间的申请" });
    expect(await inboxIds(delegate)).toContain(instanceId);
    expect(await inboxIds(approver)).not.toContain(instanceId);
    expect((await actOn(approver, instanceId, { type: "approve" }, 403)).code).toBe("workflow.not_assignee");

    const done = await actOn(delegate, instanceId, { type: "approve", comment: "代为同意" });
    expect(done.instance.state.status).toBe("approved");
    expect(done.names[approver.accountId]).toBe("李四");
    const approval = (await auditOf(instanceId)).at(-1)!.event;
    expect(approval).toMatchObject({ action: "approve", actorId: delegate.accountId, onBehalfOf: approver.accountId });
    expect((approval.events as Array<Record<string, unknown>>)[0]).toMatchObject({ type: "approve", onBehalfOf: approver.accountId });
    // The delegate still reads what they approved.
    expect((await call("GET", `/instances/${instanceId}`, { token: delegate.token })).status).toBe(200);
  });

  it("a later step beginning while the approver is away goes to the delegate too", async () => {
    const first = await addPerson(unit, "初审人");
    const twoStep = await publishForm(unit, { title: "两级审批", fields: [{ key: "title", type: "text", label: "事由", required: true }] });
    await attachChain(unit, twoStep, {
      name: "两级",
      steps: [
        { name: "初审", approvers: people(first.accountId) },
        { name: "复审", approvers: people(approver.accountId) },
      ],
    });
    const { instanceId } = await submit(submitter, twoStep, { title: "先初审后复审" });
    expect(await inboxIds(first)).toContain(instanceId);
    const moved = await actOn(first, instanceId, { type: "approve" });
    expect(moved.instance.state.step).toMatchObject({ name: "复审", assignees: [delegate.accountId], onBehalfOf: { [delegate.accountId]: approver.accountId } });
    expect(await inboxIds(delegate)).toContain(instanceId);
    expect((await actOn(delegate, instanceId, { type: "approve" })).instance.state.status).toBe("approved");
  });

  it("never reach the delegate for their own submission: it stays with the approver", async () => {
    const { instanceId } = await submit(delegate, formId, { title: "代理人自己的申请" });
    expect(await inboxIds(approver)).toContain(instanceId);
    expect(await inboxIds(delegate)).not.toContain(instanceId);
    expect((await actOn(delegate, instanceId, { type: "approve" }, 403)).code).toBe("workflow.not_assignee");
    const done = await actOn(approver, instanceId, { type: "approve" });
    expect(done.instance.state.status).toBe("approved");
    expect((await auditOf(instanceId, delegate)).at(-1)!.event).toMatchObject({ action: "approve", actorId: approver.accountId });
    expect((await auditOf(instanceId, delegate)).at(-1)!.event.onBehalfOf).toBeUndefined();
  });

  it("never cross into a unit where the delegate has no standing", async () => {
    expect((await delegate_(approver, { delegateId: stranger.accountId, from: today, to: inDays(1) })).status).toBe(200);
    const { instanceId } = await submit(submitter, formId, { title: "外单位代理人" });
    expect(await inboxIds(approver)).toContain(instanceId);
    expect(await inboxIds(stranger)).not.toContain(instanceId);
    expect((await call("GET", `/instances/${instanceId}`, { token: stranger.token })).status).toBe(404);
  });
});

describe("handing over the tasks already waiting", () => {
  it("moves each one it may to the delegate and says why the others stay", async () => {
    expect((await call("DELETE", "/inbox/delegation", { token: approver.token })).status).toBe(204);
    const first = await submit(submitter, formId, { title: "待移交一" });
    const second = await submit(submitter, formId, { title: "待移交二" });
    const own = await submit(delegate, formId, { title: "代理人本人提交" });
    expect(await inboxIds(approver)).toEqual(expect.arrayContaining([first.instanceId, second.instanceId, own.instanceId]));

    const noDelegate = await call("POST", "/inbox/delegation/handover", { token: approver.token });
    expect(noDelegate.status).toBe(422);

    await delegate_(approver, { delegateId: delegate.accountId, from: today, to: today });
    const handed = await call("POST", "/inbox/delegation/handover", { token: approver.token });
    expect(handed.status, handed.text).toBe(200);
    const outcome = (id: string) => (handed.json.items as Array<{ instanceId: string; outcome: string; reason?: string }>).find((item) => item.instanceId === id);
    expect(outcome(first.instanceId)).toMatchObject({ outcome: "handed_over" });
    expect(outcome(second.instanceId)).toMatchObject({ outcome: "handed_over" });
    expect(outcome(own.instanceId)).toMatchObject({ outcome: "kept", reason: "代理人是该事项的提交人" });

    const delegateInbox = await inboxIds(delegate);
    expect(delegateInbox).toEqual(expect.arrayContaining([first.instanceId, second.instanceId]));
    expect(delegateInbox).not.toContain(own.instanceId);
    expect(await inboxIds(approver)).toContain(own.instanceId);

    const transfer = (await auditOf(first.instanceId)).at(-1)!.event;
    expect(transfer).toMatchObject({ action: "transfer", actorId: approver.accountId, to: delegate.accountId, delegation: true });
    // Handing over is not acting: the submitter may still withdraw.
    expect((await call("GET", `/instances/${first.instanceId}`, { token: submitter.token })).json.actions).toContain("withdraw");

    await actOn(delegate, first.instanceId, { type: "approve" });
    expect((await auditOf(first.instanceId)).at(-1)!.event).toMatchObject({ action: "approve", actorId: delegate.accountId, onBehalfOf: approver.accountId });
    const returned = await actOn(delegate, second.instanceId, { type: "return", to: "submitter", comment: "请补充材料" });
    expect(returned.instance.state.status).toBe("returned");
    expect((await auditOf(second.instanceId)).at(-1)!.event.onBehalfOf).toBe(approver.accountId);
  });
});
