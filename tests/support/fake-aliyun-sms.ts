import { createHmac, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for Aliyun's SMS endpoint (dysmsapi.aliyuncs.com, API 2017-05-25, the RPC
 * style with signature version 1.0). It checks each request as Aliyun does — the HMAC-SHA1
 * signature over the sorted, percent-encoded query (its own implementation, not the
 * adapter's), the access key, a fresh timestamp and a nonce never seen before — and answers
 * `SendSms` in Aliyun's JSON: `Code: "OK"` with a BizId, or the error code a test chooses for
 * a phone number (e.g. `isv.BUSINESS_LIMIT_CONTROL`).
 */
export interface FakeAliyunRequest {
  params: Record<string, string>;
  /** What the fake answered. */
  code: string;
  bizId?: string;
}

export interface FakeAliyunSms {
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** Every request received, accepted or not, in order. */
  requests: FakeAliyunRequest[];
  /** Answer this error code for a phone number (until cleared with `undefined`). */
  failFor(phone: string, code: string | undefined): void;
  close(): Promise<void>;
}

/** Aliyun POP percent-encoding: RFC 3986, space as %20, `*` as %2A, `~` left alone. */
function percentEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/\+/g, "%20")
    .replace(/\*/g, "%2A")
    .replace(/%7E/g, "~")
    .replace(/[!'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function expectedSignature(method: string, params: Record<string, string>, secret: string): string {
  const canonical = Object.keys(params)
    .filter((key) => key !== "Signature")
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key]!)}`)
    .join("&");
  return createHmac("sha1", `${secret}&`).update(`${method}&${percentEncode("/")}&${percentEncode(canonical)}`).digest("base64");
}

const MESSAGES: Record<string, string> = {
  "isv.BUSINESS_LIMIT_CONTROL": "触发号码天级流控Permits:10",
  "isv.MOBILE_NUMBER_ILLEGAL": "非法手机号",
  "isv.SMS_TEMPLATE_ILLEGAL": "该账号下找不到对应模板",
};

export async function startFakeAliyunSms(): Promise<FakeAliyunSms> {
  const accessKeyId = `LTAI-test-${randomUUID().slice(0, 8)}`;
  const accessKeySecret = randomUUID();
  const requests: FakeAliyunRequest[] = [];
  const failures = new Map<string, string>();
  const nonces = new Set<string>();

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://fake");
    const params = Object.fromEntries(url.searchParams);
    const answer = (status: number, body: Record<string, string>) => {
      requests.push({ params, code: body.Code!, bizId: body.BizId });
      response.writeHead(status, { "content-type": "application/json;charset=utf-8" });
      response.end(JSON.stringify({ RequestId: randomUUID(), ...body }));
    };
    const required = ["AccessKeyId", "Action", "Format", "SignatureMethod", "SignatureNonce", "SignatureVersion", "Timestamp", "Version", "Signature"];
    const missing = required.find((key) => !params[key]);
    if (request.method !== "GET" || missing) return answer(400, { Code: "MissingParameter", Message: `missing ${missing ?? "GET"}` });
    if (params.AccessKeyId !== accessKeyId) return answer(404, { Code: "InvalidAccessKeyId.NotFound", Message: "Specified access key is not found." });
    if (params.SignatureMethod !== "HMAC-SHA1" || params.SignatureVersion !== "1.0") return answer(400, { Code: "InvalidParameter", Message: "signature method" });
    if (params.Signature !== expectedSignature("GET", params, accessKeySecret)) {
      return answer(400, { Code: "SignatureDoesNotMatch", Message: "Specified signature is not matched with our calculation." });
    }
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(params.Timestamp!) || Math.abs(Date.parse(params.Timestamp!) - Date.now()) > 15 * 60_000) {
      return answer(400, { Code: "InvalidTimeStamp.Expired", Message: "Specified time stamp or date value is expired." });
    }
    if (nonces.has(params.SignatureNonce!)) return answer(400, { Code: "SignatureNonceUsed", Message: "Specified signature nonce was used already." });
    nonces.add(params.SignatureNonce!);
    if (params.Action !== "SendSms" || params.Version !== "2017-05-25") return answer(400, { Code: "InvalidAction.NotFound", Message: "action" });
    for (const key of ["PhoneNumbers", "SignName", "TemplateCode"]) if (!params[key]) return answer(400, { Code: "MissingParameter", Message: `missing ${key}` });
    try {
      JSON.parse(params.TemplateParam ?? "{}");
    } catch {
      return answer(200, { Code: "isv.INVALID_JSON_PARAM", Message: "JSON参数不合法" });
    }
    const failure = failures.get(params.PhoneNumbers!);
    if (failure) return answer(200, { Code: failure, Message: MESSAGES[failure] ?? failure });
    return answer(200, { Code: "OK", Message: "OK", BizId: `${Date.now()}^${randomUUID().slice(0, 8)}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accessKeyId,
    accessKeySecret,
    requests,
    failFor: (phone, code) => (code ? failures.set(phone, code) : failures.delete(phone)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
