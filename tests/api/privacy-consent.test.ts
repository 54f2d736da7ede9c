import { beforeAll, describe, expect, it } from "vitest";
import { call, demoOrgs, signIn, uniquePhone } from "../support/api";

/**
 * 个人信息收集告知 and separate consent (issue #16, item 3): a form that collects personal data
 * comes with a notice (the office's own text, or a default naming the org, the fields, the
 * purpose, who sees them and how long they are kept); submitting needs it accepted, and a
 * sensitive answer needs its own consent; version and time are stored with the submission.
 */
const definition = (privacyNotice?: string) => ({
  title: "活动报名",
  ...(privacyNotice ? { privacyNotice } : {}),
  fields: [
    { key: "name", type: "text", label: "姓名", required: true, privacy: "personal" },
    { key: "mobile", type: "phone", label: "手机" },
    { key: "topic", type: "text", label: "感兴趣的话题" },
  ],
});

describe("consent to the collection of personal data", () => {
  let admin: string;
  let organizer: string;
  const publish = async (privacyNotice?: string) => {
    const created = await call("POST", `/orgs/${demoOrgs().district}/forms`, { token: admin, body: { definition: definition(privacyNotice), publish: true } });
    expect(created.status, created.text).toBe(201);
    return created.json.form.formId as string;
  };
  const submit = (formId: string, data: Record<string, unknown>, consent?: unknown) =>
    call("POST", `/forms/${formId}/submissions`, { token: organizer, body: { data, ...(consent ? { consent } : {}) } });

  beforeAll(async () => {
    [admin, organizer] = (await Promise.all([signIn("13800000001"), signIn("13800000003")])) as [string, string];
  });

  it("the form comes with a default notice naming the collector, the fields, the sensitive ones, who sees them and the retention", async () => {
    const formId = await publish();
    const { notice } = (await call("GET", `/forms/${formId}`, { token: organizer })).json;
    expect(notice).toMatchObject({ version: expect.stringMatching(/^[0-9a-f]{16}$/), sensitive: true, fields: [{ key: "name", level: "personal" }, { key: "mobile", level: "sensitive" }] });
    expect(notice.text).toContain("收集者：闵行区委统战部");
    expect(notice.text).toContain("姓名、手机");
    expect(notice.text).toMatch(/手机属于敏感个人信息/);
    expect(notice.text).toContain("保存期限");
  });

  it("submitting without accepting is refused naming consent.notice; a sensitive answer without its own consent names consent.sensitive; nothing is stored", async () => {
    const formId = await publish();
    const { notice } = (await call("GET", `/forms/${formId}`, { token: organizer })).json;
    const data = { name: "张晓雯", mobile: uniquePhone(), topic: "四史" };
    const none = await submit(formId, data);
    expect(none.status).toBe(422);
    expect(none.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(none.json.errors).toEqual({ "consent.notice": ["请阅读并同意个人信息收集告知"] });
    const noticeOnly = await submit(formId, data, { noticeVersion: notice.version, notice: true });
    expect(noticeOnly.json.errors).toEqual({ "consent.sensitive": ["填写身份证号、手机号等敏感个人信息须单独同意"] });
    const stale = await submit(formId, data, { noticeVersion: "0000000000000000", notice: true, sensitive: true });
    expect(Object.keys(stale.json.errors)).toEqual(["consent.notice"]);
    expect((await call("GET", `/me/submissions?formId=${formId}`, { token: organizer })).json.items).toHaveLength(0);
  });

  it("with both consents the submission stores the notice version, the time and the separate consent; without a sensitive answer the notice alone is enough", async () => {
    const formId = await publish();
    const { notice } = (await call("GET", `/forms/${formId}`, { token: organizer })).json;
    const accepted = await submit(formId, { name: "张晓雯", mobile: uniquePhone() }, { noticeVersion: notice.version, notice: true, sensitive: true });
    expect(accepted.status, accepted.text).toBe(201);
    expect(accepted.json.consent).toEqual({ noticeVersion: notice.version, acceptedAt: accepted.json.submittedAt, sensitive: true });
    const reviewer = await call("GET", `/submissions/${accepted.json.submissionId}`, { token: admin });
    expect(reviewer.json.consent).toMatchObject({ noticeVersion: notice.version, sensitive: true });
    const noPhone = await submit(formId, { name: "张晓雯" }, { noticeVersion: notice.version, notice: true });
    expect(noPhone.status, noPhone.text).toBe(201);
    expect(noPhone.json.consent).toMatchObject({ sensitive: false });
  });

  it("a draft needs no consent yet; submitting the draft does", async () => {
    const formId = await publish();
    const draft = await submit(formId, { name: "张晓雯", mobile: uniquePhone() }, undefined);
    expect(draft.status).toBe(422);
    const saved = await call("POST", `/forms/${formId}/submissions`, { token: organizer, body: { data: { name: "张晓雯", mobile: uniquePhone() }, draft: true } });
    expect(saved.status, saved.text).toBe(201);
    const refused = await call("PUT", `/submissions/${saved.json.submissionId}`, { token: organizer, body: { data: saved.json.data, draft: false, revision: 1 } });
    expect(refused.status).toBe(422);
    expect(Object.keys(refused.json.errors)).toEqual(["consent.notice"]);
  });

  it("the office's own notice text is what is shown and versioned", async () => {
    const formId = await publish("本表单由闵行区委统战部收集姓名和手机号，仅用于本次活动联络，活动结束后180天删除。");
    const { notice } = (await call("GET", `/forms/${formId}`, { token: organizer })).json;
    expect(notice.text).toBe("本表单由闵行区委统战部收集姓名和手机号，仅用于本次活动联络，活动结束后180天删除。");
    const other = await publish();
    expect((await call("GET", `/forms/${other}`, { token: organizer })).json.notice.version).not.toBe(notice.version);
  });
});
