import { createHash, createHmac } from "node:crypto";
import { PermanentSendError, type ChannelAdapter, type OutgoingMessage } from "./channel";

/**
 * Tencent Cloud SMS (腾讯云短信, API 2021-01-11 `SendSms`) over its documented TC3-HMAC-SHA256
 * signature: as with Aliyun, a few lines instead of the SDK, testable against a local endpoint
 * that checks the same signature. Template parameters are positional: the template's order.
 */
export interface TencentSmsConfig {
  secretId: string;
  secretKey: string;
  /** The SMS application (SmsSdkAppId) the signature and templates belong to. */
  sdkAppId: string;
  signName: string;
  /** Defaults to https://sms.tencentcloudapi.com (a local fake in tests). */
  endpoint?: string;
  region?: string;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const hmac = (key: string | Buffer, text: string) => createHmac("sha256", key).update(text).digest();

/**
 * The `Authorization` header of a request (TC3-HMAC-SHA256 over content-type and host).
 * @example tc3Authorization({ secretId: "id", secretKey: "key", host: "sms.tencentcloudapi.com", payload: "{}", timestamp: 1700000000 })
 */
export function tc3Authorization(input: { secretId: string; secretKey: string; host: string; payload: string; timestamp: number; service?: string }): string {
  const service = input.service ?? "sms";
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  const canonical = ["POST", "/", "", `content-type:application/json; charset=utf-8\nhost:${input.host}\n`, "content-type;host", sha256(input.payload)].join("\n");
  const scope = `${date}/${service}/tc3_request`;
  const toSign = ["TC3-HMAC-SHA256", String(input.timestamp), scope, sha256(canonical)].join("\n");
  const signing = hmac(hmac(hmac(`TC3${input.secretKey}`, date), service), "tc3_request");
  const signature = createHmac("sha256", signing).update(toSign).digest("hex");
  return `TC3-HMAC-SHA256 Credential=${input.secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`;
}

/** Per-number codes retrying will not fix (bad number, unapproved template or signature). */
const PERMANENT = /^(InvalidParameterValue\.(IncorrectPhoneNumber|TemplateParameterFormatError|TemplateParameterLengthLimit)|FailedOperation\.(TemplateIncorrectOrUnapproved|SignatureIncorrectOrUnapproved|PhoneNumberInBlacklist|ContainSensitiveWord)|UnsupportedOperation\.)/;

interface TencentAnswer {
  Response?: {
    Error?: { Code?: string; Message?: string };
    SendStatusSet?: Array<{ SerialNo?: string; Code?: string; Message?: string }>;
  };
}

export function tencentSmsChannel(config: () => Promise<TencentSmsConfig>): ChannelAdapter {
  return {
    channel: "sms",
    provider: "tencent",
    idempotent: false,
    async send(message: OutgoingMessage) {
      const { secretId, secretKey, sdkAppId, signName, endpoint = "https://sms.tencentcloudapi.com", region = "ap-guangzhou" } = await config();
      const payload = JSON.stringify({
        PhoneNumberSet: [`+86${message.to}`],
        SmsSdkAppId: sdkAppId,
        SignName: signName,
        TemplateId: message.smsCode,
        TemplateParamSet: Object.values(message.params),
        SessionContext: message.deliveryId,
      });
      const url = new URL(endpoint);
      const timestamp = Math.floor(Date.now() / 1000);
      const response = await fetch(url, {
        method: "POST",
        body: payload,
        signal: AbortSignal.timeout(5000),
        headers: {
          authorization: tc3Authorization({ secretId, secretKey, host: url.host, payload, timestamp }),
          "content-type": "application/json; charset=utf-8",
          "x-tc-action": "SendSms",
          "x-tc-timestamp": String(timestamp),
          "x-tc-version": "2021-01-11",
          "x-tc-region": region,
        },
      });
      const answer = ((await response.json().catch(() => ({}))) as TencentAnswer).Response ?? {};
      const status = answer.SendStatusSet?.[0];
      if (!answer.Error && status?.Code === "Ok" && status.SerialNo) return { providerId: status.SerialNo };
      const code = answer.Error?.Code ?? status?.Code ?? String(response.status);
      const reason = `tencent ${code}: ${answer.Error?.Message ?? status?.Message ?? ""}`.trim();
      if (PERMANENT.test(code)) throw new PermanentSendError(reason);
      throw new Error(reason);
    },
  };
}
