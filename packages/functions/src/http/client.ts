import { createHash, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";
import type { Context } from "hono";
import { originVerifySecret } from "@tongxin/core/origin-secret";

interface LambdaEnv {
  requestContext?: { http?: { sourceIp?: string } };
}
interface NodeEnv {
  incoming?: { socket?: { remoteAddress?: string } };
}

/** Added by CloudFront to requests it forwards to the API (the /api/* origin request policy). */
export const VIEWER_ADDRESS_HEADER = "cloudfront-viewer-address";
/** CloudFront's origin custom header: proves a request came through our distribution. */
export const ORIGIN_VERIFY_HEADER = "x-origin-verify";

/**
 * The client's address, used to throttle sign-ins and voting codes per client.
 *
 * Behind CloudFront, API Gateway's source IP is a CloudFront edge server shared by everyone
 * near it, so the viewer's own address is taken from CloudFront-Viewer-Address, but only
 * when the request carries the origin-verify secret CloudFront adds: anyone can call the
 * API's own URL with a forged viewer header. Otherwise it is the address the transport saw:
 * API Gateway's source IP on Lambda, the socket's peer locally.
 */
export async function clientAddress(c: Context): Promise<string> {
  const env = c.env as (LambdaEnv & NodeEnv) | undefined;
  const transport = env?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? "unknown";
  const viewer = c.req.header(VIEWER_ADDRESS_HEADER);
  if (viewer === undefined) return transport;
  const secret = await originVerifySecret();
  if (!secret || !sameSecret(c.req.header(ORIGIN_VERIFY_HEADER), secret)) return transport;
  return parseViewerAddress(viewer) ?? transport;
}

/**
 * The IP address in a CloudFront-Viewer-Address value, which is `address:port`: `198.51.100.10:46532`,
 * and for IPv6 the address unbracketed, `2001:db8::1:46532` (a bracketed `[2001:db8::1]:46532`
 * is accepted too). Undefined for anything else.
 */
export function parseViewerAddress(value: string): string | undefined {
  const trimmed = value.trim();
  const colon = trimmed.lastIndexOf(":");
  if (colon <= 0) return undefined;
  const port = trimmed.slice(colon + 1);
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) return undefined;
  let address = trimmed.slice(0, colon);
  const bracketed = address.startsWith("[") && address.endsWith("]");
  if (bracketed) address = address.slice(1, -1);
  const version = isIP(address);
  if (version === 0 || (version === 4 && bracketed)) return undefined;
  return version === 6 ? address.toLowerCase() : address;
}

/** Constant-time comparison (of digests, so the length of the secret doesn't leak either). */
function sameSecret(received: string | undefined, secret: string): boolean {
  if (received === undefined) return false;
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
  return timingSafeEqual(digest(received), digest(secret));
}
