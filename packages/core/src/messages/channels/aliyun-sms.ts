import { createHmac, randomUUID } from "node:crypto";
import { PermanentSendError, type ChannelAdapter, type OutgoingMessage } from "./channel";

/**
 * Aliyun SMS (阿里云短信服务, Dysmsapi 2017-05-25 `SendSms`) over its documented RPC signature
 * (HMAC-SHA1, signature version 1.0): a few lines instead of the SDK's generated client and
 * its runtime, and testable against a local endpoint that checks the same signature.
 */
export interface AliyunSmsConfig {
  accessKeyId: string;
  accessKeySecret: string;
  /** 短信签名, registered with Aliyun. */
  signName: string;
  /** Defaults to https://dysmsapi.aliyuncs.com (a local fake in tests). */
  endpoint?: string;
  regionId?: string;
}

/** RFC 3986 percent-encoding as Aliyun's POP signature wants it. */
export function popEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The signature of a request's parameters (without `Signature`).
 * @example signPop({ Action: "SendSms" }, "secret", "GET")
 */
export function signPop(params: Record<string, string>, secret: string, method = "GET"): string {
  const canonical = Object.keys(params)
    .sort()
    .map((key) => `${popEncode(key)}=${popEncode(params[key]!)}`)
    .join("&");
  const stringToSign = `${method}&${popEncode("/")}&${popEncode(canonical)}`;
  return createHmac("sha1", `${secret}&`).update(stringToSign).digest("base64");
}

/** Aliyun answer codes that retrying will not fix (bad number, unregistered template or signature). */
const PERMANENT = /^isv\.(MOBILE_NUMBER_ILLEGAL|TEMPLATE_MISSING_PARAMETERS|SMS_TEMPLATE_ILLEGAL|SMS_SIGNATURE_ILLEGAL|INVALID_PARAMETERS|BLACK_KEY_CONTROL_LIMIT|PARAM_LENGTH_LIMIT)/;

export function aliyunSmsChannel(config: () => Promise<AliyunSmsConfig>): ChannelAdapter {
  return {
    channel: "sms",
    provider: "aliyun",
    idempotent: false,
    async send(message: OutgoingMessage) {
      const { accessKeyId, accessKeySecret, signName, endpoint = "https://dysmsapi.aliyuncs.com", regionId = "cn-hangzhou" } = await config();
      const params: Record<string, string> = {
        AccessKeyId: accessKeyId,
        Action: "SendSms",
        Format: "JSON",
        OutId: message.deliveryId,
        PhoneNumbers: message.to,
        RegionId: regionId,
        SignName: signName,
        SignatureMethod: "HMAC-SHA1",
        SignatureNonce: randomUUID(),
        SignatureVersion: "1.0",
        TemplateCode: message.smsCode,
        TemplateParam: JSON.stringify(message.params),
        Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
        Version: "2017-05-25",
      };
      const query = new URLSearchParams({ ...params, Signature: signPop(params, accessKeySecret) });
      const response = await fetch(`${endpoint}/?${query.toString()}`, { signal: AbortSignal.timeout(5000) });
      const answer = (await response.json().catch(() => ({}))) as { Code?: string; Message?: string; BizId?: string };
      if (answer.Code === "OK" && answer.BizId) return { providerId: answer.BizId };
      const reason = `aliyun ${answer.Code ?? response.status}: ${answer.Message ?? ""}`.trim();
      if (answer.Code && PERMANENT.test(answer.Code)) throw new PermanentSendError(reason);
      throw new Error(reason);
    },
  };
}
