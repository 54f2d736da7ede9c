/**
 * Public-link forms (#19 item 5) against DynamoDB Local: the form's admin publishes a link with
 * its limits (bad settings refused naming the field, nothing stored); a stranger fills it without
 * an account; 100 submissions at once against a quota of 30 store exactly 30; a verified phone
 * limited to one submission stores one of ten sent at once; an option's 名额 holds; bad answers
 * are a 422 naming the field with nothing stored and no place taken; the receipt shows the
 * filler's own answers and withdrawing gives the place back. SMS codes are read from the local
 * outbox, which the real stream reader fills.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { listSubmissions } from "@tongxin/core/forms/submissions";
import { outboxFor } from "@tongxin/core/messages/channels/outbox";
import { call, uniquePhone } from "../support/api";
import { makeUnit, publishForm, type Unit } from "../support/approvals";
import { streamConsumer } from "../support/messages";

const definition = {
  title: "读书会报名",
  fields: [
    { key: "name", type: "text", label: "姓名", required: true },
    { key: "session", type: "radio", label: "场次", required: true, options: [{ value: "am", label: "上午场" }, { value: "pm", label: "下午场" }] },
    { key: "note", type: "textarea", label: "备注" },
  ],
};

let stream: Awaited<ReturnType<typeof streamConsumer>>;
let unit: Unit;

beforeAll(async () => {
  unit = await makeUnit("公开报名", []);
  stream = await streamConsumer();
}, 120_000);

const linkUrl = (formId: string) => `/orgs/${unit.orgId}/forms/${formId}/public-link`;

async function publishLink(settings: Record<string, unknown>, def: unknown = definition): Promise<{ formId: string; linkId: string }> {
  const formId = await publishForm(unit, def);
  const set = await call("PUT", linkUrl(formId), { token: unit.admin, body: settings });
  expect(set.status, set.text).toBe(200);
  return { formId, linkId: set.json.link.linkId as string };
}

const submitted = async (formId: string) => (await listSubmissions(formId, { limit: 500 })).items;
const answers = (i: number, session = "am") => ({ name: `报名人${i}`, session });

async function codeFor(phone: string): Promise<string> {
  const codes = (await outboxFor(phone)).filter((entry) => entry.template === "auth.sms_code");
  expect(codes.length, `no code for ${phone}`).toBeGreaterThan(0);
  return codes.at(-1)!.params.code!;
}

async function filler(linkId: string, phone = uniquePhone()): Promise<string> {
  const sent = await call("POST", `/public/forms/${linkId}/code`, { body: { phone } });
  expect(sent.status, sent.text).toBe(202);
  await stream.drain();
  const verified = await call("POST", `/public/forms/${linkId}/filler`, { body: { phone, code: await codeFor(phone) } });
  expect(verified.status, verified.text).toBe(200);
  expect(verified.json.phone).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
  return verified.json.pass as string;
}

describe("publishing a form by link", () => {
  it("refuses bad settings and a form a stranger cannot fill, naming the field, and stores no link", async () => {
    const formId = await publishForm(unit, definition);
    const bad = await call("PUT", linkUrl(formId), {
      token: unit.admin,
      body: { opensAt: "2026-12-08T10:00:00+08:00", closesAt: "2026-12-08T09:00:00+08:00", smsRequired: false, perPhone: 1, quota: 0 },
    });
    expect(bad.status).toBe(422);
    expect(bad.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(bad.json.errors).toMatchObject({ closesAt: ["截止时间须晚于开始时间"], quota: ["名额至少为1"], perPhone: ["限制每个手机号的填写次数须开启短信验证"] });
    const badOption = await call("PUT", linkUrl(formId), { token: unit.admin, body: { optionQuotas: [{ field: "session", option: "night", limit: 3 }, { field: "name", option: "x", limit: 1 }] } });
    expect(badOption.status).toBe(422);
    expect(badOption.json.errors).toEqual({ "optionQuotas.0.option": ["“场次”没有选项“night”"], "optionQuotas.1.field": ["名额只能设在单选或下拉字段上"] });
    const withFile = await publishForm(unit, { title: "带附件", fields: [{ key: "doc", type: "file", label: "材料" }] });
    const fileRefused = await call("PUT", linkUrl(withFile), { token: unit.admin, body: {} });
    expect(fileRefused.status).toBe(422);
    expect(fileRefused.json.errors).toEqual({ "fields.0": ["“材料”需要登录才能填写，不能通过公开链接收集"] });
    for (const id of [formId, withFile]) expect((await call("GET", linkUrl(id), { token: unit.admin })).json).toEqual({ link: null });
  });

  it("gives the owner the link, its QR code and the places taken; the public page shows the form only", async () => {
    const { formId, linkId } = await publishLink({ quota: 5, smsRequired: false });
    const owner = await call("GET", linkUrl(formId), { token: unit.admin });
    expect(owner.json.link).toMatchObject({ linkId, path: `/f/${linkId}`, state: "open", taken: 0, settings: { quota: 5, smsRequired: false, perAddressPerHour: 30 } });
    expect(owner.json.link.qr).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(owner.json.link.qr.split(",")[1], "base64").toString()).toContain("<svg");
    const page = await call("GET", `/public/forms/${linkId}`);
    expect(page.status, page.text).toBe(200);
    expect(page.json).toMatchObject({ linkId, title: "读书会报名", state: "open", smsRequired: false, placesLeft: 5 });
    expect(page.json.definition.fields.map((f: { key: string }) => f.key)).toEqual(["name", "session", "note"]);
    expect(page.text).not.toContain(formId);
    expect(page.text).not.toContain(unit.orgId);
    expect((await call("GET", `/public/forms/nosuchlink`)).status).toBe(404);
  });
});

describe("limits are exact under concurrent submissions", () => {
  it("a quota of 30 under 100 concurrent submissions: exactly 30 stored, the rest a clear 409", async () => {
    const { formId, linkId } = await publishLink({ quota: 30, smsRequired: false, perAddressPerHour: 1000 });
    const replies = await Promise.all(Array.from({ length: 100 }, (_, i) => call("POST", `/public/forms/${linkId}/submissions`, { body: { data: answers(i) } })));
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(30);
    const refused = replies.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(70);
    for (const r of refused) {
      expect(r.status, r.text).toBe(409);
      expect(r.headers.get("content-type")).toMatch(/application\/problem\+json/);
      expect(r.json.code).toBe("public_form.quota_full");
    }
    expect(await submitted(formId)).toHaveLength(30);
    expect((await call("GET", linkUrl(formId), { token: unit.admin })).json.link.taken).toBe(30);
    expect((await call("GET", `/public/forms/${linkId}`)).json.placesLeft).toBe(0);
  }, 120_000);

  it("one submission per verified phone: ten at once with one pass store one; another phone still gets in", async () => {
    const { formId, linkId } = await publishLink({ smsRequired: true, perPhone: 1, perAddressPerHour: 1000 });
    const noPass = await call("POST", `/public/forms/${linkId}/submissions`, { body: { data: answers(0) } });
    expect(noPass.status).toBe(401);
    expect(noPass.json).toMatchObject({ code: "public_form.unverified", errors: { pass: ["请先用短信验证码验证手机号"] } });
    const phone = uniquePhone();
    const pass = await filler(linkId, phone);
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => call("POST", `/public/forms/${linkId}/submissions`, { body: { pass, data: answers(i) } })));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of replies.filter((r) => r.status !== 201)) expect(r.json.code, r.text).toBe("public_form.phone_limit");
    const other = await call("POST", `/public/forms/${linkId}/submissions`, { body: { pass: await filler(linkId), data: answers(99) } });
    expect(other.status, other.text).toBe(201);
    const stored = await submitted(formId);
    expect(stored).toHaveLength(2);
    // The owner sees the phone masked; the number itself is stored nowhere on the submission.
    expect(stored.map((s) => s.submitterName)).toContain(`访客 ${phone.slice(0, 3)}****${phone.slice(7)}`);
    expect(JSON.stringify(stored)).not.toContain(phone);
    for (const s of stored) expect(s.submitterId).toMatch(/^public:/);
  }, 120_000);

  it("an option's 名额: six at once choosing 上午场 with 2 places store two; 下午场 is still open", async () => {
    const { formId, linkId } = await publishLink({ smsRequired: false, perAddressPerHour: 1000, optionQuotas: [{ field: "session", option: "am", limit: 2 }] });
    const replies = await Promise.all(Array.from({ length: 6 }, (_, i) => call("POST", `/public/forms/${linkId}/submissions`, { body: { data: answers(i, "am") } })));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(2);
    const full = replies.find((r) => r.status !== 201)!;
    expect(full.status).toBe(409);
    expect(full.json).toMatchObject({ code: "public_form.option_full", errors: { "data.session": ["“上午场”名额已满"] } });
    expect((await call("POST", `/public/forms/${linkId}/submissions`, { body: { data: answers(9, "pm") } })).status).toBe(201);
    expect((await submitted(formId)).map((s) => s.data.session).sort()).toEqual(["am", "am", "pm"]);
  }, 120_000);

  it("a client address's hourly rate limit holds (429), other addresses unaffected", async () => {
    const { formId, linkId } = await publishLink({ smsRequired: false, perAddressPerHour: 3 });
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => call("POST", `/public/forms/${linkId}/submissions`, { body: { data: answers(i) }, client: "10.9.9.9" })));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(3);
    for (const r of replies.filter((r) => r.status !== 201)) expect(r.json.code).toBe("public_form.rate_limited");
    expect((await call("POST", `/public/forms/${linkId}/submissions`, { body: { data: answers(9) }, client: "10.9.9.10" })).status).toBe(201);
    expect(await submitted(formId)).toHaveLength(4);
  }, 60_000);
});

describe("bad input and a closed link store nothing", () => {
  it("answers that do not validate: 422 naming the field, no submission, no place taken", async () => {
    const { formId, linkId } = await publishLink({ quota: 3, smsRequired: false });
    const bad = await call("POST", `/public/forms/${linkId}/submissions`, { body: { data: { session: "night" } } });
    expect(bad.status).toBe(422);
    expect(bad.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(Object.keys(bad.json.errors).sort()).toEqual(["data.name", "data.session"]);
    expect(await submitted(formId)).toHaveLength(0);
    expect((await call("GET", linkUrl(formId), { token: unit.admin })).json.link.taken).toBe(0);
  });

  it("outside the window or disabled: 409 / 404, nothing stored", async () => {
    const past = { opensAt: new Date(Date.now() - 7_200_000).toISOString(), closesAt: new Date(Date.now() - 3_600_000).toISOString() };
    const { formId, linkId } = await publishLink({ ...past, smsRequired: false });
    const late = await call("POST", `/public/forms/${linkId}/submissions`, { body: { data: answers(1) } });
    expect(late.status).toBe(409);
    expect(late.json.code).toBe("public_form.closed");
    expect((await call("GET", `/public/forms/${linkId}`)).json.state).toBe("after");
    expect((await call("PUT", linkUrl(formId), { token: unit.admin, body: { enabled: false, smsRequired: false } })).status).toBe(200);
    expect((await call("GET", `/public/forms/${linkId}`)).status).toBe(404);
    expect((await call("POST", `/public/forms/${linkId}/submissions`, { body: { data: answers(2) } })).status).toBe(404);
    expect(await submitted(formId)).toHaveLength(0);
  });
});

describe("the filler's receipt", () => {
  it("shows the filler's own answers, withdraws once, and gives the place back", async () => {
    const { formId, linkId } = await publishLink({ quota: 1, smsRequired: false });
    const made = await call("POST", `/public/forms/${linkId}/submissions`, { body: { data: answers(1, "pm") } });
    expect(made.status, made.text).toBe(201);
    expect(made.json.receiptPath).toBe(`/f/r/${made.json.receipt}`);
    expect((await call("POST", `/public/forms/${linkId}/submissions`, { body: { data: answers(2) } })).json.code).toBe("public_form.quota_full");
    const receipt = await call("GET", `/public/receipts/${made.json.receipt}`);
    expect(receipt.status, receipt.text).toBe(200);
    expect(receipt.json).toMatchObject({ submission: { status: "submitted", data: { name: "报名人1", session: "pm" } }, withdrawable: true });
    expect((await call("GET", `/public/receipts/${"x".repeat(32)}`)).status).toBe(404);
    const withdrawn = await call("POST", `/public/receipts/${made.json.receipt}/withdraw`);
    expect(withdrawn.status, withdrawn.text).toBe(200);
    expect((await call("POST", `/public/receipts/${made.json.receipt}/withdraw`)).json.code).toBe("public_form.not_withdrawable");
    expect((await call("GET", `/public/receipts/${made.json.receipt}`)).json.submission.status).toBe("withdrawn");
    expect((await call("GET", linkUrl(formId), { token: unit.admin })).json.link.taken).toBe(0);
    expect((await call("POST", `/public/forms/${linkId}/submissions`, { body: { data: answers(3) } })).status).toBe(201);
  });
});
