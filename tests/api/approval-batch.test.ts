/**
 * 批量审批 against DynamoDB Local: each approval of a batch changes in its own transaction; the
 * ones another approver took meanwhile are reported, the rest go through.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/api";
import { actOn, attachChain, inboxIds, makeUnit, people, publishForm, submit, type Person, type Unit } from "../support/approvals";

let unit: Unit;
let formId: string;
let a: Person; // batch-approves
let b: Person; // the other 或签 approver
let submitter: Person;

const batch = (who: Person, body: Record<string, unknown>) => call("POST", "/inbox/batch", { token: who.token, body });
const view = async (instanceId: string) => (await call("GET", `/instances/${instanceId}`, { token: submitter.token })).json;

async function submitMany(count: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) ids.push((await submit(submitter, formId, { title: `${label}${i + 1}` })).instanceId);
  return ids;
}

beforeAll(async () => {
  unit = await makeUnit("批量审批", [{ name: "甲审批人" }, { name: "乙审批人" }, { name: "申报人" }]);
  [a, b, submitter] = [unit.people.甲审批人!, unit.people.乙审批人!, unit.people.申报人!];
  formId = await publishForm(unit, { title: "批量审批表", fields: [{ key: "title", type: "text", label: "事项", required: true }] });
  await attachChain(unit, formId, { name: "或签", steps: [{ name: "审批", approvers: people(a.accountId, b.accountId), mode: "any" }] });
});

describe("批量审批", () => {
  it("a batch of 10 with 2 taken by another approver meanwhile: 8 approved, 2 reported", async () => {
    const ids = await submitMany(10, "批量事项");
    // 甲 loads 待办 and selects all ten, with the versions shown.
    const listed = await call("GET", "/inbox?limit=100", { token: a.token });
    const shown = new Map((await Promise.all(ids.map(async (id) => [id, (await view(id)).instance.state.version] as const))));
    expect((listed.json.items as Array<{ instanceId: string }>).map((t) => t.instanceId)).toEqual(expect.arrayContaining(ids));
    // Meanwhile 乙 approves two of them.
    const taken = [ids[3]!, ids[7]!];
    await Promise.all(taken.map((id) => actOn(b, id, { type: "approve", comment: "乙同意" })));

    const response = await batch(a, { type: "approve", comment: "同意", items: ids.map((instanceId) => ({ instanceId, version: shown.get(instanceId) })) });
    expect(response.status, response.text).toBe(200);
    const items = response.json.items as Array<{ instanceId: string; ok: boolean; status?: string; code?: string; message?: string }>;
    expect(items.map((item) => item.instanceId)).toEqual(ids);
    expect(items.filter((item) => item.ok)).toHaveLength(8);
    expect(items.filter((item) => !item.ok).map((item) => [item.instanceId, item.code])).toEqual(taken.map((id) => [id, "workflow.conflict"]));

    for (const id of ids) {
      const { instance, timeline } = await view(id);
      expect(instance.state.status).toBe("approved");
      const approvals = (timeline as Array<{ event: { action: string; actorId: string } }>).filter((entry) => entry.event.action === "approve");
      expect(approvals.map((entry) => entry.event.actorId)).toEqual([taken.includes(id) ? b.accountId : a.accountId]);
    }
    const left = await inboxIds(a);
    expect(ids.filter((id) => left.includes(id))).toEqual([]);
  });

  it("racing another approver for real, every approval is approved exactly once, by whoever was first", async () => {
    const ids = await submitMany(6, "竞争事项");
    const contested = ids.slice(0, 3);
    const [batchAnswer, ...single] = await Promise.all([
      batch(a, { type: "approve", items: ids.map((instanceId) => ({ instanceId })) }),
      ...contested.map((id) => call("POST", `/instances/${id}/actions`, { token: b.token, body: { type: "approve" } })),
    ]);
    expect(batchAnswer!.status, batchAnswer!.text).toBe(200);
    const outcome = new Map((batchAnswer!.json.items as Array<{ instanceId: string; ok: boolean }>).map((item) => [item.instanceId, item.ok]));
    for (const [index, id] of contested.entries()) {
      // Exactly one of the two approvals went through.
      expect([outcome.get(id), single[index]!.status === 200].filter(Boolean)).toHaveLength(1);
    }
    for (const id of ids.slice(3)) expect(outcome.get(id)).toBe(true);
    for (const id of ids) {
      const { instance, timeline } = await view(id);
      expect(instance.state.status).toBe("approved");
      expect((timeline as Array<{ event: { action: string } }>).filter((entry) => entry.event.action === "approve")).toHaveLength(1);
    }
  });

  it("returns several to their submitters with one comment; a return without a comment is refused before anything changes", async () => {
    const ids = await submitMany(3, "退回事项");
    const bare = await batch(a, { type: "return", items: ids.map((instanceId) => ({ instanceId })) });
    expect(bare.status).toBe(422);
    expect(bare.json.errors.comment).toEqual(["请填写退回理由"]);
    for (const id of ids) expect((await view(id)).instance.state.status).toBe("in_review");

    const returned = await batch(a, { type: "return", comment: "请补充预算明细", items: ids.map((instanceId) => ({ instanceId })) });
    expect(returned.json.items.map((item: { ok: boolean; status: string }) => [item.ok, item.status])).toEqual(ids.map(() => [true, "returned"]));
    for (const id of ids) {
      const { instance, timeline, submission } = await view(id);
      expect(instance.state.status).toBe("returned");
      expect(submission.status).toBe("returned");
      expect(timeline.at(-1).event).toMatchObject({ action: "return", actorId: a.accountId, to: "submitter" });
      expect(timeline.at(-1).event.events[0].comment).toBe("请补充预算明细");
    }
  });

  it("reports an approval the approver may not act on, or may not even see, without touching it", async () => {
    const [mine] = await submitMany(1, "他人事项");
    const answer = await batch(submitter, { type: "approve", items: [{ instanceId: mine! }, { instanceId: "no-such-approval" }] });
    expect(answer.status).toBe(200);
    expect(answer.json.items).toEqual([
      { instanceId: mine, ok: false, code: "workflow.not_assignee", message: "您不是当前步骤的审批人" },
      { instanceId: "no-such-approval", ok: false, code: "instance.not_found", message: "审批事项不存在" },
    ]);
    expect((await view(mine!)).instance.state.status).toBe("in_review");
  });
});
