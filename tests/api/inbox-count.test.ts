/**
 * The inbox badge against DynamoDB Local: a counter moved in the same transactions as the tasks.
 * After real requests racing each other — submissions, 或签 approvers approving the same tasks at
 * once, rejections, returns, resubmissions, 转交, a delegate's handover and a batch — every
 * person's badge equals what a Query of their inbox finds.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { beijingDay } from "@tongxin/core/delegations/delegation";
import { call } from "../support/api";
import { attachChain, makeUnit, people, publishForm, submit, type Person, type Unit } from "../support/approvals";

let unit: Unit;
let formId: string;
let a: Person; // 或签 approver, first step
let b: Person; // the other 或签 approver
let c: Person; // second step
let d: Person; // takes tasks by 转交, and as b's delegate
let submitter: Person;

const today = beijingDay(new Date());

/** Every task in a person's inbox, by paging the Query itself. */
async function listed(person: Person): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await call("GET", `/inbox?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { token: person.token });
    expect(page.status, page.text).toBe(200);
    ids.push(...(page.json.items as Array<{ instanceId: string }>).map((task) => task.instanceId));
    cursor = page.json.cursor as string | undefined;
  } while (cursor);
  return ids;
}

async function badge(person: Person): Promise<number> {
  const response = await call("GET", "/inbox/count", { token: person.token });
  expect(response.status, response.text).toBe(200);
  return response.json.open as number;
}

async function expectBadgesEqualInboxes(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const person of [a, b, c, d, submitter]) {
    const tasks = await listed(person);
    expect(new Set(tasks).size).toBe(tasks.length);
    expect(await badge(person), `${person.name}'s badge`).toBe(tasks.length);
    counts[person.name] = tasks.length;
  }
  return counts;
}

const action = (who: Person, instanceId: string, body: Record<string, unknown>) => call("POST", `/instances/${instanceId}/actions`, { token: who.token, body });

beforeAll(async () => {
  unit = await makeUnit("待办计数", [{ name: "甲" }, { name: "乙" }, { name: "丙" }, { name: "丁" }, { name: "申报人" }]);
  [a, b, c, d, submitter] = [unit.people.甲!, unit.people.乙!, unit.people.丙!, unit.people.丁!, unit.people.申报人!];
  formId = await publishForm(unit, { title: "计数申报表", fields: [{ key: "title", type: "text", label: "事项", required: true }] });
  await attachChain(unit, formId, {
    name: "两级审批",
    steps: [
      { name: "初审", approvers: people(a.accountId, b.accountId), mode: "any" },
      { name: "复审", approvers: people(c.accountId) },
    ],
  });
});

describe("the inbox badge", () => {
  it("equals the tasks a Query finds after a concurrent mix of every action that moves tasks", async () => {
    expect(await badge(a)).toBe(0);
    const ids: string[] = [];
    for (let i = 0; i < 16; i += 1) ids.push((await submit(submitter, formId, { title: `事项${i}` })).instanceId);
    expect(await expectBadgesEqualInboxes()).toMatchObject({ 甲: 16, 乙: 16, 丙: 0 });

    // Round one, all at once: more submissions; 甲 and 乙 approving the same tasks; a rejection,
    // returns, transfers to 丁, and 乙's batch racing 甲's single approvals.
    const answers = await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => call("POST", `/forms/${formId}/submissions`, { token: submitter.token, body: { data: { title: `并发事项${i}` } } })),
      ...ids.slice(0, 4).flatMap((id) => [action(a, id, { type: "approve" }), action(b, id, { type: "approve" })]),
      action(a, ids[4]!, { type: "reject", comment: "不符合要求" }),
      action(b, ids[4]!, { type: "approve" }),
      action(b, ids[5]!, { type: "return", to: "submitter", comment: "请补充材料" }),
      action(a, ids[6]!, { type: "return", to: "submitter", comment: "请补充材料" }),
      action(a, ids[7]!, { type: "transfer", to: d.accountId }),
      action(b, ids[8]!, { type: "transfer", to: d.accountId }),
      call("POST", "/inbox/batch", { token: b.token, body: { type: "approve", items: ids.slice(9, 13).map((instanceId) => ({ instanceId })) } }),
      ...ids.slice(11, 13).map((id) => action(a, id, { type: "approve" })),
    ]);
    for (const answer of answers) expect([200, 201, 409], answer.text).toContain(answer.status);
    const round1 = await expectBadgesEqualInboxes();
    // 丙 holds the second step of the four contested approvals, the rejected-or-approved one if approved, and the batch's four.
    expect(round1.丙).toBeGreaterThanOrEqual(8);

    // Round two: 丙 approves and returns while the submitter resubmits the returned ones, 丁 acts
    // on the transferred ones, and 乙 hands what waits for him to his delegate 丁.
    const delegated = await call("PUT", "/inbox/delegation", { token: b.token, body: { delegateId: d.accountId, from: today, to: today } });
    expect(delegated.status, delegated.text).toBe(200);
    const atC = await listed(c);
    const round2 = await Promise.all([
      ...atC.slice(0, 3).map((id) => action(c, id, { type: "approve" })),
      ...atC.slice(3, 5).map((id) => action(c, id, { type: "return", to: 0, comment: "退回初审" })),
      action(submitter, ids[5]!, { type: "resubmit" }),
      action(submitter, ids[6]!, { type: "resubmit" }),
      action(d, ids[7]!, { type: "approve" }),
      action(d, ids[8]!, { type: "reject", comment: "不同意" }),
      call("POST", "/inbox/delegation/handover", { token: b.token }),
      ...ids.slice(13, 16).map((id) => action(a, id, { type: "approve" })),
    ]);
    for (const answer of round2) expect([200, 201, 409], answer.text).toContain(answer.status);
    await expectBadgesEqualInboxes();
  });
});
