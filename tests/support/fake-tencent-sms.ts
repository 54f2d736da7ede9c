import { createHash, createHmac, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for Tencent Cloud's SMS endpoint (sms.tencentcloudapi.com, API 2021-01-11).
 * It checks each request as Tencent does — the TC3-HMAC-SHA256 `Authorization` header
 * recomputed from the body, host and timestamp (its own implementation, not the adapter's), the
 * SecretId, a timestamp within 5 minutes — and answers `SendSms` with Tencent's JSON:
 * `Code: "Ok"` with a SerialNo, or the per-number code a test chooses.
 */
export interface FakeTencentRequest {
  headers: Record<string, string>;
  body: Record<string, unknown>;
  code: string;
  serialNo?: string;
}

export interface FakeTencentSms {
  endpoint: string;
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  requests: FakeTencentRequest[];
  failFor(phone: string, code: string | undefined): void;
  close(): Promise<void>;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const hmac = (key: string | Buffer, text: string) => createHmac("sha256", key).update(text).digest();

function expectedAuthorization(secretId: string, secretKey: string, host: string, contentType: string, payload: string, timestamp: string): string {
  const date = new Date(Number(timestamp) * 1000).toISOString().slice(0, 10);
  const canonicalRequest = `POST\n/\n\ncontent-type:${contentType}\nhost:${host}\n\ncontent-type;host\n${sha256(payload)}`;
  const scope = `${date}/sms/tc3_request`;
  const stringToSign = `TC3-HMAC-SHA256\n${timestamp}\n${scope}\n${sha256(canonicalRequest)}`;
  const key = hmac(hmac(hmac(`TC3${secretKey}`, date), "sms"), "tc3_request");
  return `TC3-HMAC-SHA256 Credential=${secretId}/${scope}, SignedHeaders=content-type;host, Signature=${createHmac("sha256", key).update(stringToSign).digest("hex")}`;
}

export async function startFakeTencentSms(): Promise<FakeTencentSms> {
  const secretId = `AKID${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const secretKey = randomUUID();
  const sdkAppId = "1400000001";
  const requests: FakeTencentRequest[] = [];
  const failures = new Map<string, string>();

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const payload = Buffer.concat(chunks).toString("utf8");
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(payload) as Record<string, unknown>;
      } catch {
        // answered below as a malformed request
      }
      const reply = (answer: Record<string, unknown>, code: string, serialNo?: string) => {
        requests.push({ headers, body, code, serialNo });
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ Response: { ...answer, RequestId: randomUUID() } }));
      };
      const error = (code: string, message: string) => reply({ Error: { Code: code, Message: message } }, code);
      if (request.method !== "POST" || headers["x-tc-action"] !== "SendSms" || headers["x-tc-version"] !== "2021-01-11") return error("InvalidAction", "action");
      const timestamp = headers["x-tc-timestamp"] ?? "";
      if (Math.abs(Number(timestamp) * 1000 - Date.now()) > 5 * 60_000) return error("AuthFailure.SignatureExpire", "签名过期");
      if (!(headers.authorization ?? "").includes(`Credential=${secretId}/`)) return error("AuthFailure.SecretIdNotFound", "密钥不存在");
      if (headers.authorization !== expectedAuthorization(secretId, secretKey, headers.host ?? "", headers["content-type"] ?? "", payload, timestamp)) {
        return error("AuthFailure.SignatureFailure", "签名错误");
      }
      if (body.SmsSdkAppId !== sdkAppId) return error("FailedOperation.SmsSdkAppIdVerifyFail", "应用不存在");
      const phones = body.PhoneNumberSet as string[] | undefined;
      if (!Array.isArray(phones) || phones.length !== 1 || !body.SignName || !body.TemplateId || !Array.isArray(body.TemplateParamSet)) return error("MissingParameter", "参数缺失");
      const phone = phones[0]!.replace(/^\+86/, "");
      const failure = failures.get(phone);
      const serialNo = failure ? "" : `2433:${randomUUID().replace(/-/g, "").slice(0, 24)}`;
      return reply(
        { SendStatusSet: [{ SerialNo: serialNo, PhoneNumber: phones[0], Fee: failure ? 0 : 1, SessionContext: body.SessionContext ?? "", Code: failure ?? "Ok", Message: failure ? "failed" : "send success", IsoCode: "CN" }] },
        failure ?? "Ok",
        serialNo || undefined,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    secretId,
    secretKey,
    sdkAppId,
    requests,
    failFor: (phone, code) => (code ? failures.set(phone, code) : failures.delete(phone)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
