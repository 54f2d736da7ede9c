/**
 * 审批单 as PDF (GET /instances/:id/sheet.pdf, served by the office function) against DynamoDB
 * Local: the same content as the printable page — title, answers, each decision with approver
 * (张三（代李四） for a delegate), comment, the audit head hash — in one file with the CJK font
 * embedded, read back with pdfjs's text extraction; personal answers masked for an approver.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { beijingDay } from "@tongxin/core/delegations/delegation";
import { servedByOffice } from "../../packages/functions/src/office-routes";
import { call } from "../support/api";
import { actOn, addPerson, attachChain, makeUnit, people, publishForm, type Person, type Unit } from "../support/approvals";

let unit: Unit;
let first: Person;
let away: Person;
let delegate: Person;
let submitter: Person;
let formId: string;

/** Submits with the 个人信息收集告知 agreed (the form asks for a phone). */
async function submitAgreeing(person: Person, data: Record<string, unknown>) {
  const { notice } = (await call("GET", `/forms/${formId}`, { token: person.token })).json;
  const response = await call("POST", `/forms/${formId}/submissions`, { token: person.token, body: { data, consent: { noticeVersion: notice.version, notice: true, sensitive: true } } });
  expect(response.status, response.text).toBe(201);
  return response.json as { instanceId: string };
}

async function pdfText(bytes: Uint8Array) {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const opened = await pdfjs.getDocument({ data: new Uint8Array(bytes) }).promise;
  let text = "";
  for (let n = 1; n <= opened.numPages; n += 1) text += (await (await opened.getPage(n)).getTextContent()).items.map((item) => ("str" in item ? item.str : "")).join("");
  const pages = opened.numPages;
  await opened.destroy();
  return { pages, flat: text.replace(/\s+/g, "") };
}

beforeAll(async () => {
  unit = await makeUnit("审批单", [{ name: "初审李明" }, { name: "复审李四" }, { name: "代理张三" }, { name: "申报人赵六" }]);
  [first, away, delegate, submitter] = [unit.people.初审李明!, unit.people.复审李四!, unit.people.代理张三!, unit.people.申报人赵六!];
  formId = await publishForm(unit, {
    title: "经费申请",
    fields: [
      { key: "title", type: "text", label: "事由", required: true },
      { key: "amount", type: "money", label: "申请金额", required: true },
      { key: "contact", type: "phone", label: "联系电话", required: true },
      { key: "items", type: "group", label: "开支明细", fields: [{ key: "what", type: "text", label: "项目" }, { key: "cost", type: "money", label: "金额" }] },
    ],
  });
  await attachChain(unit, formId, {
    name: "经费",
    steps: [
      { name: "初审", approvers: people(first.accountId) },
      { name: "复审", approvers: people(away.accountId) },
    ],
  });
});

describe("审批单 PDF", () => {
  it("is routed to the office function", () => {
    expect(servedByOffice("GET", "/api/instances/abc/sheet.pdf")).toBe(true);
    expect(servedByOffice("GET", "/api/instances/abc")).toBe(false);
  });

  it("holds the title, the answers, each decision with its approver (a delegate as 张三（代李四）), the comment and the audit head hash", async () => {
    const today = beijingDay(new Date());
    const { instanceId } = await submitAgreeing(submitter, { title: "社区联谊会场地", amount: 123450, contact: "13912345678", items: [{ what: "场地费", cost: 100000 }, { what: "茶歇", cost: 23450 }] });
    // 李四 is away today: the 复审 task goes to 张三 when it begins, who approves for him.
    expect((await call("PUT", "/inbox/delegation", { token: away.token, body: { delegateId: delegate.accountId, from: today, to: today } })).status).toBe(200);
    await actOn(first, instanceId, { type: "approve", comment: "材料齐全" });
    const done = await actOn(delegate, instanceId, { type: "approve", comment: "代为同意" });
    expect(done.instance.state.status).toBe("approved");
    await call("DELETE", "/inbox/delegation", { token: away.token });

    const view = (await call("GET", `/instances/${instanceId}`, { token: first.token })).json;
    const sheet = await call("GET", `/instances/${instanceId}/sheet.pdf`, { token: first.token });
    expect(sheet.status, sheet.text).toBe(200);
    expect(sheet.headers.get("content-type")).toBe("application/pdf");
    expect(sheet.headers.get("content-disposition")).toContain(encodeURIComponent("社区联谊会场地-审批单.pdf"));
    const raw = Buffer.from(sheet.bytes).toString("latin1");
    expect(raw.startsWith("%PDF-")).toBe(true);
    // The CJK font is embedded (a CFF subset), not merely named.
    expect(raw).toMatch(/\/FontFile3/);
    expect(raw).toMatch(/SourceHanSansSC/);

    const { pages, flat } = await pdfText(sheet.bytes);
    expect(pages).toBeGreaterThanOrEqual(1);
    for (const expected of [
      "经费审批单",
      "社区联谊会场地",
      "申报人赵六",
      "申请金额¥1234.50",
      "项目：场地费；金额：¥1000.00",
      "初审初审李明同意：材料齐全",
      `复审代理张三（代复审李四）同意：代为同意`,
      "已通过",
      "哈希链完整",
      view.instance.auditHead as string,
    ]) {
      expect(flat, expected).toContain(expected);
    }
    // An approver reads the phone masked, as on the page; the submitter reads it whole.
    expect(flat).not.toContain("13912345678");
    const own = await pdfText((await call("GET", `/instances/${instanceId}/sheet.pdf`, { token: submitter.token })).bytes);
    expect(own.flat).toContain("13912345678");
  }, 120_000);

  it("is not there for someone who may not read the approval, and asks for a session", async () => {
    const { instanceId } = await submitAgreeing(submitter, { title: "外人看不到", amount: 100, contact: "13912345678" });
    const other = await makeUnit("审批单外单位", []);
    const stranger = await addPerson(other, "外人");
    const hidden = await call("GET", `/instances/${instanceId}/sheet.pdf`, { token: stranger.token });
    expect(hidden.status).toBe(404);
    expect(hidden.headers.get("content-type")).toContain("application/problem+json");
    expect(hidden.json.code).toBe("instance.not_found");
    expect((await call("GET", `/instances/${instanceId}/sheet.pdf`)).status).toBe(401);
  }, 60_000);
});
