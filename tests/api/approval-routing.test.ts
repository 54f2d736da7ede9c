/**
 * 条件分支 against DynamoDB Local: a chain whose steps and branches depend on the answers is
 * checked against its form when saved, previews the route for draft answers, routes a
 * submission, and routes again on resubmission; the audit records each route.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/api";
import { actOn, attachChain, inboxIds, makeUnit, people, publishForm, submit, type Unit } from "../support/approvals";

const FORM = {
  title: "活动申报（条件分支）",
  fields: [
    { key: "title", type: "text", label: "活动名称", required: true },
    { key: "kind", type: "select", label: "活动类型", required: true, options: [{ value: "讲座", label: "讲座" }, { value: "联谊", label: "联谊" }] },
    { key: "budget", type: "money", label: "预算金额", required: true },
  ],
};
/** 1万元, in 分. */
const TEN_THOUSAND = 1_000_000;

let unit: Unit;
let formId: string;
const chain = () => ({
  name: "条件审批",
  formId,
  steps: [
    { name: "街镇审核", approvers: people(unit.people.街镇!.accountId), when: { field: "kind", op: "neq", value: "联谊" } },
    { name: "区委统战部审批", approvers: people(unit.people.区委!.accountId), when: { field: "budget", op: "gt", value: TEN_THOUSAND } },
  ],
  branches: [{ name: "联谊活动", when: { field: "kind", op: "eq", value: "联谊" }, steps: [{ name: "联谊备案", approvers: people(unit.people.备案!.accountId) }] }],
});

beforeAll(async () => {
  unit = await makeUnit("条件分支", [{ name: "街镇" }, { name: "区委" }, { name: "备案" }, { name: "申报人" }]);
  formId = await publishForm(unit, FORM);
  await attachChain(unit, formId, chain());
});

const audit = async (instanceId: string) => (await call("GET", `/instances/${instanceId}/audit`, { token: unit.people.申报人!.token })).json;

describe("a chain's conditions are checked when it is saved", () => {
  it("a condition naming a field the form does not have is refused with 422 naming the step", async () => {
    const bad = chain();
    bad.steps[1]!.when = { field: "amount", op: "gt", value: TEN_THOUSAND };
    const response = await call("POST", `/orgs/${unit.orgId}/workflows`, { token: unit.admin, body: bad });
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(response.json.errors).toEqual({ "steps.1.when": ["步骤“区委统战部审批”的条件引用了表单中没有的字段“amount”"] });
    expect(response.json.detail ?? response.json.title).toContain("区委统战部审批");
    const listed = await call("GET", `/orgs/${unit.orgId}/workflows`, { token: unit.admin });
    expect(listed.json.items.map((w: { name: string }) => w.name)).toEqual(["条件审批"]);
  });

  it("conditions without the form they read, or on a form of another org, are refused", async () => {
    const { formId: _omit, ...noForm } = chain();
    const missing = await call("POST", `/orgs/${unit.orgId}/workflows`, { token: unit.admin, body: noForm });
    expect(missing.status).toBe(422);
    expect(missing.json.errors.formId).toBeDefined();
    const elsewhere = await call("POST", `/orgs/${unit.orgId}/workflows`, { token: unit.admin, body: { ...chain(), formId: "no-such-form" } });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.json.errors.formId).toEqual(["表单不存在或不属于本组织"]);
  });

  it("the chain cannot be attached to a form that lacks a field its conditions read", async () => {
    const other = await publishForm(unit, { title: "无预算字段的表", fields: [{ key: "kind", type: "text", label: "类型" }] });
    const chains = await call("GET", `/orgs/${unit.orgId}/workflows`, { token: unit.admin });
    const workflowId = chains.json.items[0].workflowId as string;
    const put = await call("PUT", `/orgs/${unit.orgId}/forms/${other}/workflow`, { token: unit.admin, body: { workflowId } });
    expect(put.status).toBe(422);
    expect(put.json.errors["steps.1.when"]).toEqual(["步骤“区委统战部审批”的条件引用了表单中没有的字段“budget”"]);
  });
});

describe("the route before submitting", () => {
  it("previews the steps and approvers for draft answers, on both sides of each condition", async () => {
    const preview = (data: Record<string, unknown>) => call("POST", `/forms/${formId}/workflow/route`, { token: unit.people.申报人!.token, body: { data } });
    const big = await preview({ kind: "讲座", budget: TEN_THOUSAND + 1 });
    expect(big.status, big.text).toBe(200);
    expect(big.json.steps.map((s: { name: string; approvers: Array<{ name: string }> }) => [s.name, s.approvers.map((a) => a.name)])).toEqual([
      ["街镇审核", ["街镇"]],
      ["区委统战部审批", ["区委"]],
    ]);
    const small = await preview({ kind: "讲座", budget: TEN_THOUSAND });
    expect(small.json.steps.map((s: { name: string }) => s.name)).toEqual(["街镇审核"]);
    expect(small.json.skipped).toEqual(["区委统战部审批"]);
    const lianyi = await preview({ kind: "联谊", title: "" });
    expect(lianyi.json).toMatchObject({ workflowName: "条件审批", branch: "联谊活动", skipped: ["街镇审核", "区委统战部审批"] });
    expect(lianyi.json.steps.map((s: { name: string }) => s.name)).toEqual(["联谊备案"]);
  });
});

describe("the route a submission takes, and takes again when resubmitted", () => {
  it("routes on the submitted answers and records the route in the audit", async () => {
    const { instanceId, status } = await submit(unit.people.申报人!, formId, { title: "小型讲座", kind: "讲座", budget: 50_000 });
    expect(status).toBe("in_review");
    const view = (await call("GET", `/instances/${instanceId}`, { token: unit.people.申报人!.token })).json;
    expect(view.instance.steps.map((s: { name: string }) => s.name)).toEqual(["街镇审核"]);
    expect(view.instance.route).toEqual({ skipped: ["区委统战部审批"] });
    expect((await audit(instanceId)).entries[0].event.route).toEqual({ steps: ["街镇审核"], skipped: ["区委统战部审批"] });
    expect(await inboxIds(unit.people.街镇!)).toContain(instanceId);
    const approved = await actOn(unit.people.街镇!, instanceId, { type: "approve" });
    expect(approved.instance.state.status).toBe("approved");
  });

  it("a resubmission routes again: steps approved before stay approved, new ones are taken, the audit says so", async () => {
    const submitter = unit.people.申报人!;
    const first = await submit(submitter, formId, { title: "大型讲座", kind: "讲座", budget: 2 * TEN_THOUSAND });
    await actOn(unit.people.街镇!, first.instanceId, { type: "approve" });
    expect(await inboxIds(unit.people.区委!)).toContain(first.instanceId);
    await actOn(unit.people.区委!, first.instanceId, { type: "return", to: "submitter", comment: "请改为联谊形式" });

    const revised = await call("PUT", `/submissions/${first.submissionId}`, {
      token: submitter.token,
      body: { data: { title: "大型联谊", kind: "联谊", budget: 2 * TEN_THOUSAND }, draft: false, revision: first.revision },
    });
    expect(revised.status, revised.text).toBe(200);
    const view = (await call("GET", `/instances/${first.instanceId}`, { token: submitter.token })).json;
    expect(view.instance.steps.map((s: { name: string }) => s.name)).toEqual(["区委统战部审批", "联谊备案"]);
    expect(view.instance.state.step.name).toBe("区委统战部审批");
    const resubmitted = (await audit(first.instanceId)).entries.at(-1).event;
    expect(resubmitted).toMatchObject({ action: "resubmit", route: { steps: ["区委统战部审批", "联谊备案"], branch: "联谊活动", skipped: ["街镇审核"] } });

    await actOn(unit.people.区委!, first.instanceId, { type: "approve" });
    expect(await inboxIds(unit.people.备案!)).toContain(first.instanceId);
    const done = await actOn(unit.people.备案!, first.instanceId, { type: "approve" });
    expect(done.instance.state.status).toBe("approved");
    expect(done.audit.valid).toBe(true);
  });

  it("revised answers that no longer need the step that returned it finish the approval", async () => {
    const submitter = unit.people.申报人!;
    const first = await submit(submitter, formId, { title: "超预算讲座", kind: "讲座", budget: 3 * TEN_THOUSAND });
    await actOn(unit.people.街镇!, first.instanceId, { type: "approve" });
    await actOn(unit.people.区委!, first.instanceId, { type: "return", to: "submitter", comment: "预算请压缩到1万元以内" });
    const revised = await call("PUT", `/submissions/${first.submissionId}`, {
      token: submitter.token,
      body: { data: { title: "超预算讲座", kind: "讲座", budget: TEN_THOUSAND }, draft: false, revision: first.revision },
    });
    expect(revised.status, revised.text).toBe(200);
    const view = (await call("GET", `/instances/${first.instanceId}`, { token: submitter.token })).json;
    expect(view.instance.state.status).toBe("approved");
    expect(view.submission.status).toBe("approved");
    expect(await inboxIds(unit.people.区委!)).not.toContain(first.instanceId);
  });
});
