/**
 * Approval steps' 时限 counted in working days against DynamoDB Local: the due time a step gets
 * when it begins — at submission and when an approval moves it on — and the due time its task
 * carries in the approver's 待办 are 24:00 Beijing time of the `dueDays`-th working day after
 * the day it began (calendar/working-days.ts with the stored per-year overrides).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { overridesFor } from "@tongxin/core/calendar/overrides";
import { stepDueAt } from "@tongxin/core/workflows/due";
import { call } from "../support/api";
import { actOn, attachChain, makeUnit, people, publishForm, submit, type Person, type Unit } from "../support/approvals";

let unit: Unit;
let first: Person;
let second: Person;
let submitter: Person;
let formId: string;

async function expectedDue(at: string, days: number) {
  const year = Number(at.slice(0, 4));
  return stepDueAt(new Date(at), days, await overridesFor([year, year + 1]));
}

beforeAll(async () => {
  unit = await makeUnit("工作日时限", [{ name: "初审" }, { name: "复审" }, { name: "申请人" }]);
  [first, second, submitter] = [unit.people.初审!, unit.people.复审!, unit.people.申请人!];
  formId = await publishForm(unit, { title: "时限测试", fields: [{ key: "title", type: "text", label: "事由", required: true }] });
  await attachChain(unit, formId, {
    name: "两级时限",
    steps: [
      { name: "初审", approvers: people(first.accountId), dueDays: 3 },
      { name: "复审", approvers: people(second.accountId), dueDays: 7 },
    ],
  });
});

describe("a step's due time", () => {
  it("is the end of its 3rd working day when the approval starts, in the step and in the approver's 待办", async () => {
    const { instanceId } = await submit(submitter, formId, { title: "第一级" });
    const view = (await call("GET", `/instances/${instanceId}`, { token: first.token })).json;
    const due = await expectedDue(view.instance.createdAt, 3);
    expect(view.instance.state.step.dueAt).toBe(due);
    // Never earlier than three calendar days on: weekends and holidays only push it later.
    expect(Date.parse(due)).toBeGreaterThanOrEqual(Date.parse(view.instance.createdAt) + 3 * 86_400_000 - 86_400_000);
    expect(new Date(due).getUTCHours()).toBe(16); // 24:00 Beijing time
    const inbox = (await call("GET", "/inbox?limit=100", { token: first.token })).json.items as Array<{ instanceId: string; dueAt: string; overdue: boolean }>;
    const task = inbox.find((item) => item.instanceId === instanceId)!;
    expect(task).toMatchObject({ dueAt: due, overdue: false });
  });

  it("is worked out again, with the next step's own days, when an approval moves it on", async () => {
    const { instanceId } = await submit(submitter, formId, { title: "第二级" });
    const moved = await actOn(first, instanceId, { type: "approve" });
    expect(moved.instance.state.step.name).toBe("复审");
    expect(moved.instance.state.step.dueAt).toBe(await expectedDue(moved.instance.updatedAt, 7));
  });
});
