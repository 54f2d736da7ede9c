import { beforeAll, describe, expect, it } from "vitest";
import { readSheet } from "read-excel-file/universal";
import { call, demoOrgs, signIn } from "../support/api";
import { activityForm } from "../support/fixtures";

const validAnswers = { title: "学四史·接力播", theme: "sishi", date: "2026-12-12", needsFunds: "yes", budget: [{ item: "场地费", amount: 50000 }] };

describe("an admin publishes a form and members fill it", () => {
  let districtAdmin: string;
  let organizer: string;
  let formId: string;
  const district = () => demoOrgs().district;

  beforeAll(async () => {
    districtAdmin = await signIn("13800000001");
    organizer = await signIn("13800000003");
    const created = await call("POST", `/orgs/${district()}/forms`, { token: districtAdmin, body: { definition: activityForm, publish: true } });
    expect(created.status).toBe(201);
    formId = created.json.form.formId;
  });

  it("an organizer in a 新空间 beneath the district sees the published form", async () => {
    const forms = await call("GET", `/orgs/${district()}/forms`, { token: organizer });
    expect(forms.status).toBe(200);
    expect(forms.json.items.map((f: { formId: string }) => f.formId)).toContain(formId);
    const form = await call("GET", `/forms/${formId}`, { token: organizer });
    expect(form.json.version).toMatchObject({ version: 1, status: "published" });
    expect(form.json.version.definition.fields).toHaveLength(6);
  });

  it("a submission is stored for the organizer's own unit, with the hidden budget dropped when no funds are needed", async () => {
    const response = await call("POST", `/forms/${formId}/submissions`, {
      token: organizer,
      body: { data: { ...validAnswers, needsFunds: "no", budget: [{ item: "x", amount: 1 }] } },
    });
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({ status: "submitted", version: 1, unitId: demoOrgs().xinyicheng, submitterName: "张晓雯" });
    expect(response.json.data).not.toHaveProperty("budget");
  });

  it("missing and malformed answers are each named, and nothing is stored", async () => {
    const before = await call("GET", `/me/submissions?formId=${formId}`, { token: organizer });
    const response = await call("POST", `/forms/${formId}/submissions`, {
      token: organizer,
      body: { data: { theme: "nope", date: "2026-02-30", needsFunds: "yes", budget: [{ item: "", amount: 100 }] } },
    });
    expect(response.status).toBe(422);
    expect(Object.keys(response.json.errors)).toEqual(expect.arrayContaining(["data.title", "data.theme", "data.date", "data.budget.0.item"]));
    const after = await call("GET", `/me/submissions?formId=${formId}`, { token: organizer });
    expect(after.json.items).toHaveLength(before.json.items.length);
  });

  it("a submit sent five times at once with one Idempotency-Key creates one submission; a retry afterwards replays it", async () => {
    const key = `submit-${Math.random()}`;
    const send = () => call("POST", `/forms/${formId}/submissions`, { token: organizer, body: { data: validAnswers }, headers: { "idempotency-key": key } });
    const results = await Promise.all(Array.from({ length: 5 }, send));
    // In flight together: each gets the one submission, or 409 idempotency.in_progress with nothing written (issue #26).
    for (const result of results) expect([201, 409], result.text).toContain(result.status);
    for (const result of results.filter((r) => r.status === 409)) expect(result.json.code).toBe("idempotency.in_progress");
    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.json.submissionId)).size).toBe(1);
    expect(created.filter((r) => r.headers.get("idempotent-replayed") !== "true")).toHaveLength(1);
    const submissionId = created[0]!.json.submissionId;
    const retried = await send();
    expect([retried.status, retried.json.submissionId, retried.headers.get("idempotent-replayed")]).toEqual([201, submissionId, "true"]);
    const mine = await call("GET", `/me/submissions?formId=${formId}`, { token: organizer });
    expect(mine.json.items.filter((s: { submissionId: string }) => s.submissionId === submissionId)).toHaveLength(1);
  });

  it("a draft is saved half-filled, resumed later and then submitted; a save from a stale tab is refused", async () => {
    const draft = await call("POST", `/forms/${formId}/submissions`, { token: organizer, body: { data: { title: "读书会" }, draft: true } });
    expect(draft.status).toBe(201);
    expect(draft.json.status).toBe("draft");

    const mine = await call("GET", `/me/submissions?formId=${formId}`, { token: organizer });
    const resumed = mine.json.items.find((s: { submissionId: string }) => s.submissionId === draft.json.submissionId);
    expect(resumed.data).toEqual({ title: "读书会" });

    const saved = await call("PUT", `/submissions/${draft.json.submissionId}`, { token: organizer, body: { data: { ...validAnswers, title: "读书会" }, draft: false, revision: 1 } });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ status: "submitted", revision: 2 });

    const stale = await call("PUT", `/submissions/${draft.json.submissionId}`, { token: organizer, body: { data: validAnswers, draft: true, revision: 1 } });
    expect(stale.status).toBe(409);
  });

  it("only the submitter and the form's reviewers can read a submission", async () => {
    const created = await call("POST", `/forms/${formId}/submissions`, { token: organizer, body: { data: validAnswers } });
    const id = created.json.submissionId;
    expect((await call("GET", `/submissions/${id}`, { token: organizer })).status).toBe(200);
    expect((await call("GET", `/submissions/${id}`, { token: districtAdmin })).status).toBe(200);
    expect((await call("GET", `/submissions/${id}`, { token: await signIn("13800000004") })).status).toBe(404);
    expect((await call("GET", `/submissions/${id}`)).status).toBe(401);
  });
});

describe("versions", () => {
  it("editing a published form starts version 2; old submissions keep version 1 and a stale client is told to reload", async () => {
    const admin = await signIn("13800000001");
    const organizer = await signIn("13800000003");
    const orgId = demoOrgs().district;
    const created = await call("POST", `/orgs/${orgId}/forms`, { token: admin, body: { definition: activityForm, publish: true } });
    const formId = created.json.form.formId;
    const old = await call("POST", `/forms/${formId}/submissions`, { token: organizer, body: { data: validAnswers, version: 1 } });
    expect(old.status).toBe(201);

    const edited = { ...activityForm, fields: [...activityForm.fields, { key: "venue", type: "text", label: "活动地点", required: true }] };
    const draft = await call("PUT", `/orgs/${orgId}/forms/${formId}`, { token: admin, body: { definition: edited, expectedVersion: 1 } });
    expect(draft.json.latest).toMatchObject({ version: 2, status: "draft" });
    // Members still fill version 1 until version 2 is published.
    expect((await call("GET", `/forms/${formId}`, { token: organizer })).json.version.version).toBe(1);

    const published = await call("PUT", `/orgs/${orgId}/forms/${formId}`, { token: admin, body: { definition: edited, publish: true, expectedVersion: 2 } });
    expect(published.json.form).toMatchObject({ latestVersion: 2, publishedVersion: 2 });

    const staleEditor = await call("PUT", `/orgs/${orgId}/forms/${formId}`, { token: admin, body: { definition: edited, expectedVersion: 1 } });
    expect(staleEditor.status).toBe(409);

    const staleClient = await call("POST", `/forms/${formId}/submissions`, { token: organizer, body: { data: validAnswers, version: 1 } });
    expect(staleClient.status).toBe(409);
    expect(staleClient.json.code).toBe("form.version_outdated");

    const kept = await call("GET", `/submissions/${old.json.submissionId}`, { token: organizer });
    expect(kept.json.version).toBe(1);
    const v1 = await call("GET", `/forms/${formId}?version=1`, { token: organizer });
    expect(v1.json.version.definition.fields.map((f: { key: string }) => f.key)).not.toContain("venue");
  });

  it("a definition with a duplicate key or a condition on a missing field is refused with its path", async () => {
    const admin = await signIn("13800000001");
    const bad = { title: "坏表单", fields: [{ key: "a", type: "text", label: "甲" }, { key: "a", type: "text", label: "乙", visibleIf: { field: "zzz", op: "truthy" } }] };
    const response = await call("POST", `/orgs/${demoOrgs().district}/forms`, { token: admin, body: { definition: bad } });
    expect(response.status).toBe(422);
    expect(response.json.code).toBe("form.invalid_definition");
    expect(JSON.stringify(response.json.errors)).toMatch(/fields\.1/);
  });

  it("only an org's admins build its forms", async () => {
    const reviewer = await signIn("13800000002");
    const response = await call("POST", `/orgs/${demoOrgs().hongqiao}/forms`, { token: reviewer, body: { definition: activityForm } });
    expect(response.status).toBe(403);
    const outsider = await signIn("13800000005");
    expect((await call("POST", `/orgs/${demoOrgs().hongqiao}/forms`, { token: outsider, body: { definition: activityForm } })).status).toBe(404);
  });
});

describe("listing and exporting submissions", () => {
  let admin: string;
  let formId: string;
  const orgId = () => demoOrgs().district;

  beforeAll(async () => {
    admin = await signIn("13800000001");
    const organizer = await signIn("13800000003");
    formId = (await call("POST", `/orgs/${orgId()}/forms`, { token: admin, body: { definition: activityForm, publish: true } })).json.form.formId;
    for (const title of ["甲活动", "乙活动", "丙活动"]) await call("POST", `/forms/${formId}/submissions`, { token: organizer, body: { data: { ...validAnswers, title } } });
    await call("POST", `/forms/${formId}/submissions`, { token: organizer, body: { data: { title: "草稿" }, draft: true } });
  });

  it("the admin pages through submitted ones, newest first, without drafts", async () => {
    const first = await call("GET", `/orgs/${orgId()}/forms/${formId}/submissions?limit=2`, { token: admin });
    expect(first.json.items.map((s: { data: { title: string } }) => s.data.title)).toEqual(["丙活动", "乙活动"]);
    const second = await call("GET", `/orgs/${orgId()}/forms/${formId}/submissions?limit=2&cursor=${first.json.cursor}`, { token: admin });
    expect(second.json.items.map((s: { data: { title: string } }) => s.data.title)).toEqual(["甲活动"]);
    const byStatus = await call("GET", `/orgs/${orgId()}/forms/${formId}/submissions?status=submitted&from=2000-01-01&to=2999-12-31`, { token: admin });
    expect(byStatus.json.items).toHaveLength(3);
    const none = await call("GET", `/orgs/${orgId()}/forms/${formId}/submissions?to=2001-01-01`, { token: admin });
    expect(none.json.items).toHaveLength(0);
  });

  it("exports CSV with a BOM and the form's Chinese labels as headers", async () => {
    const response = await call("GET", `/orgs/${orgId()}/forms/${formId}/submissions?format=csv`, { token: admin });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/csv/);
    expect(response.text.charCodeAt(0)).toBe(0xfeff);
    const [header, firstRow] = response.text.slice(1).split("\r\n");
    expect(header).toBe("提交编号,提交人,单位,状态,提交时间,表单版本,活动名称,活动主题,活动日期,是否需要经费,经费明细,活动海报");
    expect(firstRow).toContain("新意城新空间");
    expect(firstRow).toContain("四史学习");
    expect(firstRow).toContain("第1行：项目=场地费；金额=500.00");
  });

  it("exports XLSX whose first row is the Chinese header", async () => {
    const response = await call("GET", `/orgs/${orgId()}/forms/${formId}/submissions?format=xlsx`, { token: admin });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/filename\*=UTF-8''/);
    const sheet = await readSheet(response.bytes.buffer);
    expect(sheet[0]).toEqual(["提交编号", "提交人", "单位", "状态", "提交时间", "表单版本", "活动名称", "活动主题", "活动日期", "是否需要经费", "经费明细", "活动海报"]);
    expect(sheet).toHaveLength(4);
  });

  it("a member cannot list the submissions", async () => {
    const member = await signIn("13800000003");
    expect((await call("GET", `/orgs/${orgId()}/forms/${formId}/submissions`, { token: member })).status).toBe(403);
  });
});

