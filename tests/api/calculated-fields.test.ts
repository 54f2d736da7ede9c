/**
 * 计算字段 through the API against DynamoDB Local: the server works a calculated answer out from
 * the other answers and stores that, whatever the client sent for it (on submit, on a draft and
 * on an edit); a formula naming a field the form lacks is refused when the form is saved (422
 * naming `fields.N.expression`, nothing stored); an approval chain may route on a calculated total.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call, demoOrgs, signIn } from "../support/api";
import { addPerson, attachChain, makeUnit, people, publishForm, submit, type Person, type Unit } from "../support/approvals";

const definition = {
  title: "活动经费预算",
  fields: [
    { key: "title", type: "text", label: "活动名称", required: true },
    { key: "people", type: "number", label: "人数", integer: true },
    { key: "items", type: "group", label: "开支明细", fields: [{ key: "what", type: "text", label: "项目" }, { key: "cost", type: "money", label: "金额" }] },
    { key: "total", type: "calculated", label: "合计金额", expression: "sum(items.cost)", format: "money" },
    { key: "perHead", type: "calculated", label: "人均", expression: "total / people", format: "money" },
    { key: "rows", type: "calculated", label: "明细条数", expression: "count(items)", decimals: 0 },
  ],
};

let unit: Unit;
let member: Person;
let formId: string;

beforeAll(async () => {
  unit = await makeUnit("计算字段", [{ name: "填表人" }]);
  member = unit.people.填表人!;
  formId = await publishForm(unit, definition);
});

const stored = async (submissionId: string) => (await call("GET", `/submissions/${submissionId}`, { token: member.token })).json.data as Record<string, unknown>;

describe("calculated fields", () => {
  it("a forged calculated value is replaced by the server's result on submit", async () => {
    const items = [{ what: "场地", cost: 120_000 }, { what: "茶歇", cost: 35_050 }];
    const { submissionId } = await submit(member, formId, { title: "读书会", people: 10, items, total: 1, perHead: 999_999, rows: 42 });
    expect(await stored(submissionId)).toEqual({ title: "读书会", people: 10, items, total: 155_050, perHead: 15_505, rows: 2 });
  });

  it("a draft and its edit are recomputed too; a result that cannot be worked out (÷0) is no answer", async () => {
    const draft = await call("POST", `/forms/${formId}/submissions`, { token: member.token, body: { data: { title: "草稿", people: 0, items: [{ cost: 100 }], total: 5, perHead: 5 }, draft: true } });
    expect(draft.status, draft.text).toBe(201);
    expect(await stored(draft.json.submissionId)).toEqual({ title: "草稿", people: 0, items: [{ cost: 100 }], total: 100, rows: 1 });
    const edited = await call("PUT", `/submissions/${draft.json.submissionId}`, {
      token: member.token,
      body: { data: { title: "草稿", people: 4, items: [{ cost: 100 }, { cost: 300 }], total: 0, rows: 0 }, draft: true, revision: draft.json.revision },
    });
    expect(edited.status, edited.text).toBe(200);
    expect(await stored(draft.json.submissionId)).toEqual({ title: "草稿", people: 4, items: [{ cost: 100 }, { cost: 300 }], total: 400, perHead: 100, rows: 2 });
  });

  it("a formula naming a field the form lacks is refused with its path, and no form is created", async () => {
    const admin = await signIn("13800000001");
    const before = (await call("GET", `/orgs/${demoOrgs().district}/forms`, { token: admin })).json;
    const bad = { title: "坏公式", fields: [{ key: "a", type: "number", label: "甲" }, { key: "sum", type: "calculated", label: "合计", expression: "a + budget" }] };
    const response = await call("POST", `/orgs/${demoOrgs().district}/forms`, { token: admin, body: { definition: bad } });
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(response.json.code).toBe("form.invalid_definition");
    expect(response.json.errors["fields.1.expression"]).toEqual(["公式引用了不存在的字段“budget”"]);
    const after = (await call("GET", `/orgs/${demoOrgs().district}/forms`, { token: admin })).json;
    expect(JSON.stringify(after)).toBe(JSON.stringify(before));
  });

  it("an approval chain routes on the calculated total the server worked out, not on the client's", async () => {
    const approver = await addPerson(unit, "区审批人");
    const routed = await publishForm(unit, { ...definition, title: "按合计分支" });
    await attachChain(unit, routed, {
      name: "按合计",
      formId: routed,
      steps: [{ name: "区级审批", approvers: people(approver.accountId), when: { field: "total", op: "gt", value: 100_000 } }],
    });
    const small = await submit(member, routed, { title: "小额", people: 1, items: [{ cost: 50_000 }], total: 999_999_999 });
    expect(small.status).toBe("approved"); // the step does not apply: nothing to approve
    const large = await submit(member, routed, { title: "大额", people: 1, items: [{ cost: 150_000 }], total: 1 });
    expect(large.status).toBe("in_review");
  });
});
