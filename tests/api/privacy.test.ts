import { beforeAll, describe, expect, it } from "vitest";
import { readSheet } from "read-excel-file/universal";
import { verifyPersonalAccessLog } from "@tongxin/core/privacy/access-log";
import { call, demoOrgs, signIn, uniquePhone } from "../support/api";
import { acceptInvitationOf } from "../support/invitations";

/**
 * 脱敏 by role and 查看完整 (issue #16, items 1 and 4): a 虹桥镇 form asks for a 身份证号 and a
 * phone; a fresh member of 虹桥镇 submits it. Readers without the need get masked values; the
 * district's admin (李红, admin over 虹桥镇) asks for the full values with a reason, which is
 * logged once per look in 虹桥镇's hash-chained 个人信息访问记录.
 */
const ID_NUMBER = "11010519491231002X";
const MASKED_ID = "1101**********002X";

const definition = {
  title: "入会信息登记",
  fields: [
    { key: "fullName", type: "text", label: "姓名", required: true, privacy: "personal" },
    { key: "idNumber", type: "idcard", label: "身份证号", required: true },
    { key: "mobile", type: "phone", label: "手机", required: true },
    { key: "hobby", type: "text", label: "爱好" },
  ],
};

describe("personal data is masked unless the reader's role needs it, and every full look is logged", () => {
  const hongqiao = () => demoOrgs().hongqiao!;
  let admin: string; // 李红: admin of the district, hence over 虹桥镇
  let reviewer: string; // 王海峰: reviewer of 虹桥镇
  let member: string; // 陈思远: plain member of 新意城新空间 (beneath 虹桥镇)
  let judge: string; // 吴一鸣: judge of the district
  let submitter: { token: string; accountId: string; phone: string };
  let formId: string;
  let submissionId: string;
  const mobile = uniquePhone();
  const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(7)}`;
  /** The log entries about this file's form and person (other test files look at other records of the same orgs at the same time). */
  const log = async () =>
    ((await call("GET", `/orgs/${hongqiao()}/personal-data/access-log`, { token: admin })).json.items as Array<Record<string, unknown> & { orgId: string; subject: Record<string, string> }>).filter(
      (entry) => entry.orgId === hongqiao() && (entry.subject.formId === formId || entry.subject.accountId === submitter.accountId),
    );

  beforeAll(async () => {
    [admin, reviewer, member, judge] = (await Promise.all(["13800000001", "13800000002", "13800000004", "13800000007"].map((login) => signIn(login)))) as [string, string, string, string];
    const phone = uniquePhone();
    const added = await call("POST", `/orgs/${hongqiao()}/members`, { token: admin, body: { name: "孙悦", phone, email: "sunyue@example.com", roles: ["member"] } });
    expect(added.status, added.text).toBe(201);
    await acceptInvitationOf(added.json.accountId, "Privacy@2026");
    submitter = { token: await signIn(phone, "Privacy@2026"), accountId: added.json.accountId, phone };
    const created = await call("POST", `/orgs/${hongqiao()}/forms`, { token: admin, body: { definition, publish: true } });
    expect(created.status, created.text).toBe(201);
    formId = created.json.form.formId;
    const { notice } = (await call("GET", `/forms/${formId}`, { token: submitter.token })).json;
    const consent = { noticeVersion: notice.version, notice: true, sensitive: true };
    const submitted = await call("POST", `/forms/${formId}/submissions`, { token: submitter.token, body: { data: { fullName: "孙悦", idNumber: ID_NUMBER, mobile, hobby: "书法" }, consent } });
    expect(submitted.status, submitted.text).toBe(201);
    submissionId = submitted.json.submissionId;
    expect(submitted.json.data).toMatchObject({ idNumber: ID_NUMBER, mobile });
  });

  it("the submitter reads their own answers in full", async () => {
    const own = await call("GET", `/submissions/${submissionId}`, { token: submitter.token });
    expect(own.json.data).toEqual({ fullName: "孙悦", idNumber: ID_NUMBER, mobile, hobby: "书法" });
    const mine = await call("GET", `/me/submissions?formId=${formId}`, { token: submitter.token });
    expect(mine.json.items[0].data.idNumber).toBe(ID_NUMBER);
  });

  it("a reviewer of the org reads the submission, the list and both exports masked, and may not ask for more", async () => {
    const one = await call("GET", `/submissions/${submissionId}`, { token: reviewer });
    expect(one.status).toBe(200);
    expect(one.json.data).toEqual({ fullName: "孙*", idNumber: MASKED_ID, mobile: masked(mobile), hobby: "书法" });
    expect(one.json.masked).toEqual(["fullName", "idNumber", "mobile"]);
    const list = await call("GET", `/orgs/${hongqiao()}/forms/${formId}/submissions`, { token: reviewer });
    expect(list.json.items[0].data).toMatchObject({ idNumber: MASKED_ID, mobile: masked(mobile) });
    const csv = await call("GET", `/orgs/${hongqiao()}/forms/${formId}/submissions?format=csv`, { token: reviewer });
    expect(csv.status).toBe(200);
    expect(csv.text).toContain(MASKED_ID);
    expect(csv.text).not.toContain(ID_NUMBER);
    expect(csv.text).not.toContain(mobile);
    expect(csv.text).toMatch(/导出人,王海峰/);
    expect(csv.text).toMatch(/个人信息,已脱敏/);
    const xlsx = await call("GET", `/orgs/${hongqiao()}/forms/${formId}/submissions?format=xlsx`, { token: reviewer });
    const sheet = await readSheet(xlsx.bytes.buffer);
    const header = sheet[0] as string[];
    expect(sheet[1]![header.indexOf("身份证号")]).toBe(MASKED_ID);
    const about = await readSheet(xlsx.bytes.buffer, "导出说明");
    expect(about[0]).toEqual(["导出人", "王海峰"]);

    const reveal = await call("POST", `/submissions/${submissionId}/reveal`, { token: reviewer, body: { reason: "verify_identity" } });
    expect(reveal.status).toBe(403);
    const full = await call("GET", `/orgs/${hongqiao()}/forms/${formId}/submissions?format=csv&full=true&reason=verify_identity`, { token: reviewer });
    expect(full.status).toBe(403);
    expect(full.text).not.toContain(ID_NUMBER);
  });

  it("the reviewer sees the roll with phones and e-mails masked", async () => {
    const roll = await call("GET", `/orgs/${hongqiao()}/members?limit=200`, { token: reviewer });
    expect(roll.status).toBe(200);
    const row = roll.json.items.find((m: { accountId: string }) => m.accountId === submitter.accountId);
    expect(row).toMatchObject({ name: "孙悦", phone: masked(submitter.phone), email: "s***@example.com", masked: ["phone", "email"] });
    expect(roll.text).not.toContain(submitter.phone);
    expect(roll.text).not.toContain("13800000002");
  });

  it("a plain member and a judge get nothing to unmask: the submission is hidden, the list and the log refused", async () => {
    for (const token of [member, judge]) {
      expect((await call("GET", `/submissions/${submissionId}`, { token })).status).toBe(404);
      expect((await call("POST", `/submissions/${submissionId}/reveal`, { token, body: { reason: "contact" } })).status).toBe(404);
      expect([403, 404]).toContain((await call("GET", `/orgs/${hongqiao()}/forms/${formId}/submissions`, { token })).status);
      expect([403, 404]).toContain((await call("POST", `/orgs/${hongqiao()}/members/${submitter.accountId}/reveal`, { token, body: { reason: "contact" } })).status);
      expect([403, 404]).toContain((await call("GET", `/orgs/${hongqiao()}/personal-data/access-log`, { token })).status);
    }
  });

  it("the admin's 查看完整 returns the full values and writes exactly one access-log entry", async () => {
    const before = await log();
    const reveal = await call("POST", `/submissions/${submissionId}/reveal`, { token: admin, body: { reason: "verify_identity" } });
    expect(reveal.status, reveal.text).toBe(200);
    expect(reveal.json.data).toMatchObject({ idNumber: ID_NUMBER, mobile, fullName: "孙悦" });
    const after = await log();
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]).toMatchObject({
      action: "reveal",
      actorName: "李红",
      whose: "孙悦的提交",
      fields: ["姓名", "身份证号", "手机"],
      rows: 1,
      reason: "verify_identity",
      subject: { type: "submission", submissionId, ownerId: submitter.accountId },
    });
    expect(JSON.stringify(after)).not.toContain(ID_NUMBER);
  });

  it("查看完整 without a reason from the list is refused naming the field, and logs nothing", async () => {
    const before = await log();
    const response = await call("POST", `/submissions/${submissionId}/reveal`, { token: admin, body: { reason: "curious" } });
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(Object.keys(response.json.errors)).toEqual(["reason"]);
    const noReason = await call("GET", `/orgs/${hongqiao()}/forms/${formId}/submissions?format=csv&full=true`, { token: admin });
    expect(noReason.status).toBe(422);
    expect(Object.keys(noReason.json.errors)).toEqual(["reason"]);
    expect(await log()).toHaveLength(before.length);
  });

  it("a member's record in full for the admin, logged with whose it was", async () => {
    const response = await call("POST", `/orgs/${hongqiao()}/members/${submitter.accountId}/reveal`, { token: admin, body: { reason: "contact" } });
    expect(response.status, response.text).toBe(200);
    expect(response.json).toMatchObject({ phone: submitter.phone, email: "sunyue@example.com" });
    expect((await log())[0]).toMatchObject({ action: "reveal", whose: "孙悦", fields: ["手机", "邮箱"], reason: "contact", subject: { type: "member", accountId: submitter.accountId } });
    const denied = await call("POST", `/orgs/${hongqiao()}/members/${submitter.accountId}/reveal`, { token: reviewer, body: { reason: "contact" } });
    expect(denied.status).toBe(403);
  });

  it("a full export by the admin carries the values, the exporter and the time, and is logged with its reason and row count", async () => {
    const response = await call("GET", `/orgs/${hongqiao()}/forms/${formId}/submissions?format=csv&full=true&reason=handle_business`, { token: admin });
    expect(response.status, response.text).toBe(200);
    expect(response.text).toContain(ID_NUMBER);
    expect(response.text).toMatch(/导出人,李红/);
    expect(response.text).toMatch(/导出时间,\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）/);
    const [entry] = await log();
    expect(entry).toMatchObject({ action: "export", actorName: "李红", rows: 1, reason: "handle_business", fields: ["姓名", "身份证号", "手机"] });
    expect(entry).not.toHaveProperty("masked");
  });

  it("two looks at once are both logged, in one unbroken chain", async () => {
    const before = await log();
    const looks = await Promise.all(
      Array.from({ length: 4 }, () => call("POST", `/submissions/${submissionId}/reveal`, { token: admin, body: { reason: "verify_identity" } })),
    );
    expect(looks.map((look) => look.status)).toEqual([200, 200, 200, 200]);
    const after = await log();
    expect(after).toHaveLength(before.length + 4);
    // The org's whole chain (others' entries too) verifies, its sequence numbers unbroken.
    const verdict = await verifyPersonalAccessLog(hongqiao());
    expect(verdict).toMatchObject({ valid: true });
    expect(new Set(after.map((entry) => entry.seq)).size).toBe(after.length);
  });

  it("the district office lists its subtree's log and exports it with its exporter's name; a reviewer may not", async () => {
    const district = await call("GET", `/orgs/${demoOrgs().district}/personal-data/access-log`, { token: admin });
    expect(district.status).toBe(200);
    expect(district.json.items.some((entry: { orgId: string }) => entry.orgId === hongqiao())).toBe(true);
    expect(district.json.broken).toEqual([]);
    const csv = await call("GET", `/orgs/${demoOrgs().district}/personal-data/access-log?format=csv`, { token: admin });
    expect(csv.text.slice(1).split("\r\n")[0] ?? "").toBe("时间,操作,操作人,涉及对象,字段,行数,原因,是否脱敏");
    expect(csv.text).toContain("孙悦的提交");
    expect(csv.text).toMatch(/导出人,李红/);
    expect((await call("GET", `/orgs/${hongqiao()}/personal-data/access-log`, { token: reviewer })).status).toBe(403);
  });
});
