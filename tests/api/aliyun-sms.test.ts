import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aliyunSmsChannel, type AliyunSmsConfig } from "@tongxin/core/messages/channels/aliyun-sms";
import type { ChannelAdapter, OutgoingMessage } from "@tongxin/core/messages/channels/channel";
import { outboxChannel } from "@tongxin/core/messages/channels/outbox";
import { getDelivery, sendOnce } from "@tongxin/core/messages/deliveries";
import { newId } from "@tongxin/core/ids";
import { call, demoOrgs, signIn, uniquePhone } from "../support/api";
import { startFakeAliyunSms, type FakeAliyunSms } from "../support/fake-aliyun-sms";
import { streamConsumer } from "../support/messages";

/**
 * The Aliyun SMS adapter against a local endpoint that speaks Dysmsapi `SendSms` and checks
 * its signature (HMAC-SHA1, version 1.0) the way Aliyun does. The delivery records are read
 * back from DynamoDB Local: sent with the provider's BizId, or failed with the provider's code.
 */
let fake: FakeAliyunSms;
let aliyun: ReturnType<typeof aliyunSmsChannel>;
let stream: Awaited<ReturnType<typeof streamConsumer>>;
const ours = new Set<string>();

const config = (overrides: Partial<AliyunSmsConfig> = {}) => async (): Promise<AliyunSmsConfig> => ({
  accessKeyId: fake.accessKeyId,
  accessKeySecret: fake.accessKeySecret,
  signName: "同心",
  endpoint: fake.endpoint,
  ...overrides,
});

const message = (to: string): OutgoingMessage => ({
  deliveryId: newId(),
  to,
  template: "approval.approved",
  smsCode: "SMS_TX_0006",
  params: { title: "读书会（第3期）& 沙龙" },
  title: "已通过：读书会",
  body: "您提交的「读书会」已审批通过。",
});
const who = { eventId: "test#aliyun", accountId: "acct-aliyun-test" };
const requestsTo = (phone: string) => fake.requests.filter((r) => r.params.PhoneNumbers === phone);

beforeAll(async () => {
  fake = await startFakeAliyunSms();
  aliyun = aliyunSmsChannel(config());
  // Test files run side by side on one table: this file's consumer also meets other files'
  // SMS, which go to the outbox they read; only this file's phones go to the fake Aliyun.
  const outbox = outboxChannel("sms");
  const routed: ChannelAdapter = { ...aliyun, send: (sms) => (ours.has(sms.to) ? aliyun.send(sms) : outbox.send(sms)) };
  stream = await streamConsumer({ channels: { sms: routed, email: outboxChannel("email") } });
});

afterAll(async () => {
  await fake?.close();
});

describe("Aliyun SMS through a fake Dysmsapi endpoint", () => {
  it("a sign-in code leaves through the stream as a signed SendSms; the record shows sent with Aliyun's BizId, and the code signs in", async () => {
    const phone = uniquePhone();
    ours.add(phone);
    const added = await call("POST", `/orgs/${demoOrgs().xinyicheng}/members`, { token: await signIn("13800000003"), body: { name: "阿里云短信会员", phone, roles: ["member"] } });
    expect(added.status, added.text).toBe(201);
    expect((await call("POST", "/auth/sms-code", { body: { phone } })).status).toBe(202);
    await stream.drain();

    const sent = requestsTo(phone).filter((r) => r.params.TemplateCode === "SMS_TX_0020");
    expect(sent).toHaveLength(1);
    const [request] = sent;
    expect(request).toMatchObject({ code: "OK", params: { Action: "SendSms", SignName: "同心", SignatureMethod: "HMAC-SHA1", SignatureVersion: "1.0", Version: "2017-05-25" } });
    const { code } = JSON.parse(request!.params.TemplateParam!) as { code: string };
    expect(code).toMatch(/^\d{6}$/);
    // The invitation went the same way, with its own registered template.
    expect(requestsTo(phone).map((r) => r.params.TemplateCode)).toContain("SMS_TX_0021");

    const record = await getDelivery(request!.params.OutId!);
    expect(record).toMatchObject({ status: "sent", provider: "aliyun", channel: "sms", providerId: request!.bizId, toMasked: `${phone.slice(0, 3)}****${phone.slice(7)}` });
    expect(JSON.stringify(record)).not.toContain(code);

    const login = await call("POST", "/auth/login/sms", { body: { phone, code } });
    expect(login.status, login.text).toBe(200);

    // Replaying the stream sends nothing to Aliyun again.
    const before = fake.requests.length;
    await stream.drain();
    expect(fake.requests.length).toBe(before);
  });

  it("isv.BUSINESS_LIMIT_CONTROL: the record shows failed with Aliyun's code; retried with the record up to three times, then left failed", async () => {
    const phone = uniquePhone();
    fake.failFor(phone, "isv.BUSINESS_LIMIT_CONTROL");
    const sms = message(phone);
    await expect(sendOnce(aliyun, sms, who)).rejects.toThrow("isv.BUSINESS_LIMIT_CONTROL");
    expect(await getDelivery(sms.deliveryId)).toMatchObject({ status: "failed", attempts: 1, error: expect.stringContaining("aliyun isv.BUSINESS_LIMIT_CONTROL: 触发号码天级流控") });
    await expect(sendOnce(aliyun, sms, who)).rejects.toThrow("isv.BUSINESS_LIMIT_CONTROL");
    await expect(sendOnce(aliyun, sms, who)).resolves.toBe("failed");
    expect(await getDelivery(sms.deliveryId)).toMatchObject({ status: "failed", attempts: 3 });
    await expect(sendOnce(aliyun, sms, who)).resolves.toBe("failed");
    expect(requestsTo(phone)).toHaveLength(3);
    expect(requestsTo(phone).every((r) => r.code === "isv.BUSINESS_LIMIT_CONTROL" && r.params.OutId === sms.deliveryId)).toBe(true);

    // Once Aliyun's limit lifts, a retried record goes out and is marked sent.
    fake.failFor(phone, undefined);
    const later = message(phone);
    await expect(sendOnce(aliyun, later, who)).resolves.toBe("sent");
    expect(await getDelivery(later.deliveryId)).toMatchObject({ status: "sent", attempts: 1, error: null, providerId: requestsTo(phone).at(-1)!.bizId });
  });

  it("a permanent refusal (isv.MOBILE_NUMBER_ILLEGAL) is failed at once and never sent again", async () => {
    const phone = uniquePhone();
    fake.failFor(phone, "isv.MOBILE_NUMBER_ILLEGAL");
    const sms = message(phone);
    await expect(sendOnce(aliyun, sms, who)).resolves.toBe("failed");
    expect(await getDelivery(sms.deliveryId)).toMatchObject({ status: "failed", attempts: 1, error: "permanent: aliyun isv.MOBILE_NUMBER_ILLEGAL: 非法手机号" });
    await expect(sendOnce(aliyun, sms, who)).resolves.toBe("failed");
    expect(requestsTo(phone)).toHaveLength(1);
  });

  it("the fake checks the signature: a wrong secret is refused with SignatureDoesNotMatch, and the record says so", async () => {
    const phone = uniquePhone();
    const sms = message(phone);
    await expect(sendOnce(aliyunSmsChannel(config({ accessKeySecret: "not-the-secret" })), sms, who)).rejects.toThrow("SignatureDoesNotMatch");
    expect(await getDelivery(sms.deliveryId)).toMatchObject({ status: "failed", error: expect.stringContaining("aliyun SignatureDoesNotMatch") });
    expect(requestsTo(phone).map((r) => r.code)).toEqual(["SignatureDoesNotMatch"]);

    // A correctly signed request replayed as it was (same nonce) is refused too.
    const ok = message(phone);
    await sendOnce(aliyun, ok, who);
    const signed = requestsTo(phone).at(-1)!;
    expect(signed.code).toBe("OK");
    const replay = await fetch(`${fake.endpoint}/?${new URLSearchParams(signed.params).toString()}`);
    expect(((await replay.json()) as { Code: string }).Code).toBe("SignatureNonceUsed");
  });
});
