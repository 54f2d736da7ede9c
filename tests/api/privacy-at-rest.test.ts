import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { statSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { db, tableName } from "@tongxin/core/db/client";
import { Keys } from "@tongxin/core/db/keys";
import { localKeyPath } from "@tongxin/core/privacy/key-provider";
import { call, demoOrgs, signIn, uniquePhone } from "../support/api";

/**
 * Sensitive answers are encrypted at rest (issue #16, item 2): the raw item, read with the
 * DynamoDB client, holds no plain 身份证号 nor a sensitive phone, only the sealed envelope and
 * keyed hashes; every reader that may see them still does.
 */
const ID_NUMBER = "11010519491231002X";

describe("sensitive answers at rest", () => {
  let admin: string;
  let organizer: string;
  let formId: string;
  const mobile = uniquePhone();
  const relative = uniquePhone();
  const officePhone = uniquePhone();
  const consent = async () => ({ noticeVersion: (await call("GET", `/forms/${formId}`, { token: organizer })).json.notice.version as string, notice: true, sensitive: true });

  beforeAll(async () => {
    [admin, organizer] = (await Promise.all([signIn("13800000001"), signIn("13800000003")])) as [string, string];
    const created = await call("POST", `/orgs/${demoOrgs().district}/forms`, {
      token: admin,
      body: {
        definition: {
          title: "志愿者登记",
          fields: [
            { key: "name", type: "text", label: "姓名", required: true },
            { key: "idNumber", type: "idcard", label: "身份证号", required: true },
            { key: "mobile", type: "phone", label: "手机", required: true },
            { key: "officePhone", type: "phone", label: "单位电话", privacy: "personal" },
            { key: "contacts", type: "group", label: "紧急联系人", fields: [{ key: "who", type: "text", label: "姓名" }, { key: "tel", type: "phone", label: "电话" }] },
          ],
        },
        publish: true,
      },
    });
    expect(created.status, created.text).toBe(201);
    formId = created.json.form.formId;
  });

  it("the stored item holds neither the 身份证号 nor a sensitive phone, and its reader gets them back", async () => {
    const data = { name: "张晓雯", idNumber: ID_NUMBER, mobile, officePhone, contacts: [{ who: "张母", tel: relative }] };
    const submitted = await call("POST", `/forms/${formId}/submissions`, { token: organizer, body: { data, consent: await consent() } });
    expect(submitted.status, submitted.text).toBe(201);
    const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.submission(submitted.json.submissionId) }));
    const raw = JSON.stringify(Item);
    expect(raw).not.toContain(ID_NUMBER);
    expect(raw).not.toContain(mobile);
    expect(raw).not.toContain(relative);
    // A `personal` field (not sensitive) is masked on reading but not encrypted.
    expect(Item!.data).toEqual({ name: "张晓雯", officePhone, contacts: [{ who: "张母" }] });
    expect(Item!.sealed).toMatch(/^v1\./);
    expect(Object.keys(Item!.sealedHashes).sort()).toEqual(["contacts.0.tel", "idNumber", "mobile"]);

    const own = await call("GET", `/submissions/${submitted.json.submissionId}`, { token: organizer });
    expect(own.json.data).toEqual(data);
    const revealed = await call("POST", `/submissions/${submitted.json.submissionId}/reveal`, { token: admin, body: { reason: "verify_identity" } });
    expect(revealed.json.data).toEqual(data);
    const listed = await call("GET", `/orgs/${demoOrgs().district}/forms/${formId}/submissions`, { token: admin });
    expect(listed.json.items[0].data).toMatchObject({ idNumber: "1101**********002X", contacts: [{ who: "张母", tel: `${relative.slice(0, 3)}****${relative.slice(7)}` }] });
  });

  it("a draft saved again and then submitted keeps its sealed answers sealed and whole", async () => {
    const draft = await call("POST", `/forms/${formId}/submissions`, { token: organizer, body: { data: { name: "草稿", idNumber: ID_NUMBER }, draft: true } });
    expect(draft.status, draft.text).toBe(201);
    const saved = await call("PUT", `/submissions/${draft.json.submissionId}`, { token: organizer, body: { data: { ...draft.json.data, mobile }, draft: false, revision: 1, consent: await consent() } });
    expect(saved.status, saved.text).toBe(200);
    const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.submission(draft.json.submissionId) }));
    expect(JSON.stringify(Item)).not.toContain(ID_NUMBER);
    expect(JSON.stringify(Item)).not.toContain(mobile);
    const own = await call("GET", `/submissions/${draft.json.submissionId}`, { token: organizer });
    expect(own.json.data).toMatchObject({ idNumber: ID_NUMBER, mobile });
  });

  it("the local master key sits under .data/ (or PII_KEY_FILE), readable by its owner only", () => {
    expect(statSync(localKeyPath()).mode & 0o777).toBe(0o600);
  });
});
