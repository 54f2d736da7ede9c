import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { db, tableName } from "@tongxin/core/db/client";
import { Keys } from "@tongxin/core/db/keys";
import { verifyPersonalAccessLog } from "@tongxin/core/privacy/access-log";
import { eraseDuePersonalData } from "@tongxin/core/privacy/retention";
import { call, demoOrgs, signIn, uniquePhone } from "../support/api";

/**
 * Retention (issue #16, item 5): a form keeps personal answers `retentionDays` after submission;
 * the job, run twice, erases them once, found by Query on the due index, and the org's access
 * log still verifies afterwards.
 */
describe("the retention job", () => {
  let admin: string;
  let organizer: string;
  let formId: string;

  beforeAll(async () => {
    [admin, organizer] = (await Promise.all([signIn("13800000001"), signIn("13800000003")])) as [string, string];
    const created = await call("POST", `/orgs/${demoOrgs().district}/forms`, {
      token: admin,
      body: {
        definition: {
          title: "活动报名（保存1天）",
          retentionDays: 1,
          fields: [
            { key: "name", type: "text", label: "姓名", required: true, privacy: "personal" },
            { key: "mobile", type: "phone", label: "手机", required: true },
            { key: "topic", type: "text", label: "话题" },
          ],
        },
        publish: true,
      },
    });
    expect(created.status, created.text).toBe(201);
    formId = created.json.form.formId;
  });

  it("erases the personal answers once when due, keeps the rest, and the access log still verifies", async () => {
    const { notice } = (await call("GET", `/forms/${formId}`, { token: organizer })).json;
    const submitted = await call("POST", `/forms/${formId}/submissions`, {
      token: organizer,
      body: { data: { name: "张晓雯", mobile: uniquePhone(), topic: "四史" }, consent: { noticeVersion: notice.version, notice: true, sensitive: true } },
    });
    expect(submitted.status, submitted.text).toBe(201);
    const submissionId = submitted.json.submissionId as string;
    expect((await call("POST", `/submissions/${submissionId}/reveal`, { token: admin, body: { reason: "contact" } })).status).toBe(200);

    // Not yet due: today is the submission day.
    await eraseDuePersonalData(new Date(), 1);
    expect((await db().send(new GetCommand({ TableName: tableName(), Key: Keys.submission(submissionId) }))).Item!.sealed).toBeDefined();

    const later = new Date(Date.now() + 2 * 86_400_000);
    const [first, second] = [await eraseDuePersonalData(later, 3), await eraseDuePersonalData(later, 3)];
    expect(first.erased).toBeGreaterThanOrEqual(1);
    expect(second.erased).toBe(0);
    const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.submission(submissionId) }));
    expect(Item!.data).toEqual({ topic: "四史" });
    expect(Item!.sealed).toBeUndefined();
    expect(Item!.sealedHashes).toBeUndefined();
    expect(Item!.erasedAt).toEqual(expect.any(String));
    const own = await call("GET", `/submissions/${submissionId}`, { token: organizer });
    expect(own.json.data).toEqual({ topic: "四史" });
    expect(await verifyPersonalAccessLog(demoOrgs().district!)).toMatchObject({ valid: true });
  });
});
