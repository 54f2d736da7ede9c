import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutgoingMessage } from "@tongxin/core/messages/channels/channel";
import { tencentSmsChannel, type TencentSmsConfig } from "@tongxin/core/messages/channels/tencent-sms";
import { getDelivery, sendOnce } from "@tongxin/core/messages/deliveries";
import { newId } from "@tongxin/core/ids";
import { uniquePhone } from "../support/api";
import { startFakeTencentSms, type FakeTencentSms } from "../support/fake-tencent-sms";

/**
 * The Tencent Cloud SMS adapter against a local endpoint that speaks `SendSms` (2021-01-11) and
 * checks the TC3-HMAC-SHA256 signature as Tencent does; delivery records read back from
 * DynamoDB Local show sent with Tencent's SerialNo, or failed with Tencent's code.
 */
let fake: FakeTencentSms;
const config = (overrides: Partial<TencentSmsConfig> = {}) => async (): Promise<TencentSmsConfig> => ({
  secretId: fake.secretId,
  secretKey: fake.secretKey,
  sdkAppId: fake.sdkAppId,
  signName: "同心",
  endpoint: fake.endpoint,
  ...overrides,
});
const message = (to: string): OutgoingMessage => ({
  deliveryId: newId(),
  to,
  template: "approval.task",
  smsCode: "2100001",
  params: { title: "读书会", step: "街镇审核", submitter: "张晓雯", due: "2026-12-20 18:00" },
  title: "待审批：读书会",
  body: "张晓雯提交的「读书会」等待您审批（街镇审核），请于2026-12-20 18:00前处理。",
});
const who = { eventId: "test#tencent", accountId: "acct-tencent-test" };
const requestsTo = (phone: string) => fake.requests.filter((r) => (r.body.PhoneNumberSet as string[] | undefined)?.[0] === `+86${phone}`);

beforeAll(async () => {
  fake = await startFakeTencentSms();
});
afterAll(async () => {
  await fake?.close();
});

describe("Tencent Cloud SMS through a fake SendSms endpoint", () => {
  it("a signed SendSms with the template's parameters in order; the record shows sent with the SerialNo", async () => {
    const phone = uniquePhone();
    const sms = message(phone);
    await expect(sendOnce(tencentSmsChannel(config()), sms, who)).resolves.toBe("sent");
    const [request, ...more] = requestsTo(phone);
    expect(more).toEqual([]);
    expect(request).toMatchObject({ code: "Ok", body: { SmsSdkAppId: fake.sdkAppId, SignName: "同心", TemplateId: "2100001", TemplateParamSet: ["读书会", "街镇审核", "张晓雯", "2026-12-20 18:00"], SessionContext: sms.deliveryId } });
    expect(await getDelivery(sms.deliveryId)).toMatchObject({ status: "sent", provider: "tencent", providerId: request!.serialNo, toMasked: `${phone.slice(0, 3)}****${phone.slice(7)}` });
  });

  it("a daily limit is failed with Tencent's code and retried with the record; a wrong number is failed for good", async () => {
    const limited = uniquePhone();
    fake.failFor(limited, "LimitExceeded.PhoneNumberDailyLimit");
    const sms = message(limited);
    await expect(sendOnce(tencentSmsChannel(config()), sms, who)).rejects.toThrow("LimitExceeded.PhoneNumberDailyLimit");
    expect(await getDelivery(sms.deliveryId)).toMatchObject({ status: "failed", attempts: 1, error: "tencent LimitExceeded.PhoneNumberDailyLimit: failed" });

    const wrong = uniquePhone();
    fake.failFor(wrong, "InvalidParameterValue.IncorrectPhoneNumber");
    const bad = message(wrong);
    await expect(sendOnce(tencentSmsChannel(config()), bad, who)).resolves.toBe("failed");
    await expect(sendOnce(tencentSmsChannel(config()), bad, who)).resolves.toBe("failed");
    expect(await getDelivery(bad.deliveryId)).toMatchObject({ status: "failed", error: expect.stringMatching(/^permanent: tencent InvalidParameterValue\.IncorrectPhoneNumber/) });
    expect(requestsTo(wrong)).toHaveLength(1);
  });

  it("the fake checks the signature: a wrong SecretKey is refused with AuthFailure.SignatureFailure", async () => {
    const phone = uniquePhone();
    const sms = message(phone);
    await expect(sendOnce(tencentSmsChannel(config({ secretKey: "not-the-key" })), sms, who)).rejects.toThrow("AuthFailure.SignatureFailure");
    expect(await getDelivery(sms.deliveryId)).toMatchObject({ status: "failed", error: expect.stringContaining("tencent AuthFailure.SignatureFailure") });
  });
});
