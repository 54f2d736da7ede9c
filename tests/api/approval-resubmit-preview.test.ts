/**
 * Route preview on resubmission (POST /submissions/:id/route) against DynamoDB Local: for a
 * returned submission, the route revised answers would take through the approval's conditional
 * chain, steps approved before the return marked done — and the resubmission then takes exactly
 * that route. Only the submitter asks; a returned state is required; nothing is written.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/api";
import { actOn, addPerson, attachChain, makeUnit, people, publishForm, submit, type Person, type Unit } from "../support/approvals";

let unit: Unit;
let first: Person;
let second: Person;
let district: Person;
let submitter: Person;
let formId: string;

type Preview = { workflowName: string; skipped: string[]; steps: Array<{ name: string; done?: true; approvers: Array<{ name: string }> }> };
const preview = (who: Person, submissionId: string, data: Record<string, unknown>) => call("POST", `/submissions/${submissionId}/route`, { token: who.token, body: { data } });

beforeAll(async () => {
  unit = await makeUnit("重提预览", [{ name: "初审甲" }, { name: "复审乙" }, { name: "区审丙" }, { name: "申报丁" }]);
  [first, second, district, submitter] = [unit.people.初审甲!, unit.people.复审乙!, unit.people.区审丙!, unit.people.申报丁!];
  formId = await publishForm(unit, {
    title: "经费申报",
    fields: [
      { key: "title", type: "text", label: "事由", required: true },
      { key: "amount", type: "money", label: "金额", required: true },
    ],
  });
  await attachChain(unit, formId, {
    name: "按金额审批",
    formId,
    steps: [
      { name: "初审", approvers: people(first.accountId) },
      { name: "复审", approvers: people(second.accountId) },
      { name: "区级审批", approvers: people(district.accountId), when: { field: "amount", op: "gt", value: 1_000_000 } },
    ],
  });
});

describe("the route a resubmission would take", () => {
  it("marks the step approved before the return as done, follows the revised answers, and the resubmission takes that route", async () => {
    const { submissionId, instanceId } = await submit(submitter, formId, { title: "小额", amount: 500_000 });
    // Not returned yet: nothing to preview.
    const early = await preview(submitter, submissionId, { title: "小额", amount: 500_000 });
    expect(early.status).toBe(409);
    expect(early.json.code).toBe("submission.not_editable");

    await actOn(first, instanceId, { type: "approve" });
    await actOn(second, instanceId, { type: "return", to: "submitter", comment: "金额写错了" });

    const same = await preview(submitter, submissionId, { title: "小额", amount: 500_000 });
    expect(same.status, same.text).toBe(200);
    expect((same.json as Preview).steps.map((s) => [s.name, s.done ?? false])).toEqual([["初审", true], ["复审", false]]);
    expect((same.json as Preview).skipped).toEqual(["区级审批"]);

    const larger = (await preview(submitter, submissionId, { title: "大额", amount: 2_000_000 })).json as Preview;
    expect(larger.steps.map((s) => [s.name, s.done ?? false])).toEqual([["初审", true], ["复审", false], ["区级审批", false]]);
    expect(larger.steps[2]!.approvers.map((a) => a.name)).toEqual(["区审丙"]);
    expect(larger.skipped).toEqual([]);

    // Nothing was written by asking.
    expect((await call("GET", `/instances/${instanceId}`, { token: submitter.token })).json.instance.state.status).toBe("returned");

    const current = (await call("GET", `/submissions/${submissionId}`, { token: submitter.token })).json;
    const resubmitted = await call("PUT", `/submissions/${submissionId}`, { token: submitter.token, body: { data: { title: "大额", amount: 2_000_000 }, draft: false, revision: current.revision } });
    expect(resubmitted.status, resubmitted.text).toBe(200);
    const after = (await call("GET", `/instances/${instanceId}`, { token: submitter.token })).json;
    expect(after.instance.steps.map((s: { name: string }) => s.name)).toEqual(["初审", "复审", "区级审批"]);
    expect(after.instance.state.step.name).toBe("复审");
  }, 60_000);

  it("is the submitter's alone: an approver is refused (403), a stranger told it does not exist (404)", async () => {
    const { submissionId, instanceId } = await submit(submitter, formId, { title: "权限", amount: 100 });
    await actOn(first, instanceId, { type: "return", to: "submitter", comment: "补充材料" });
    const approver = await preview(first, submissionId, { title: "权限", amount: 100 });
    expect(approver.status).toBe(403);
    expect(approver.json.code).toBe("access.denied");
    const other = await makeUnit("重提预览外单位", []);
    const stranger = await addPerson(other, "外人");
    const hidden = await preview(stranger, submissionId, { title: "权限", amount: 100 });
    expect(hidden.status).toBe(404);
    expect(hidden.json.code).toBe("submission.not_found");
    expect((await call("POST", `/submissions/${submissionId}/route`, { body: { data: {} } })).status).toBe(401);
  }, 60_000);
});
