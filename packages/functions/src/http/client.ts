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
/** Appended to by CloudFront (the viewer's address) and by API Gateway (CloudFront's). */
export const FORWARDED_FOR_HEADER = "x-forwarded-for";

/**
 * The client's address, used to throttle sign-ins and voting codes per client.
 *
 * Behind CloudFront, API Gateway's source IP is a CloudFront edge server shared by everyone
 * near it, so the viewer's own address is taken from CloudFront-Viewer-Address, but only
 * when the request carries the origin-verify secret CloudFront adds: anyone can call the
 * API's own URL with a forged viewer header. Otherwise it is the address the transport saw:
 * API Gateway's source IP on Lambda, the socket's peer locally.
 *
 * CloudFront in the China regions has no origin request policies, so it can't add
 * CloudFront-Viewer-Address; there the stack sets `VIEWER_ADDRESS_FROM=x-forwarded-for` and the
 * viewer's address is the one CloudFront appended to X-Forwarded-For (see viewerFromForwardedFor).
 */
export async function clientAddress(c: Context): Promise<string> {
  const env = c.env as (LambdaEnv & NodeEnv) | undefined;
  const transport = env?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? "unknown";
  if (process.env.VIEWER_ADDRESS_FROM === FORWARDED_FOR_HEADER) {
    const forwarded = c.req.header(FORWARDED_FOR_HEADER);
    if (forwarded === undefined || !(await cameThroughCloudFront(c))) return transport;
    return viewerFromForwardedFor(forwarded, transport) ?? transport;
  }
  const viewer = c.req.header(VIEWER_ADDRESS_HEADER);
  if (viewer === undefined || !(await cameThroughCloudFront(c))) return transport;
  return parseViewerAddress(viewer) ?? transport;
}

async function cameThroughCloudFront(c: Context): Promise<boolean> {
  const secret = await originVerifySecret();
  return secret !== undefined && sameSecret(c.req.header(ORIGIN_VERIFY_HEADER), secret);
}

/**
 * The viewer's address in an X-Forwarded-For value that came through CloudFront: each hop
 * appends the address it was called from, so the list ends with CloudFront's entry (the
 * viewer), then API Gateway's (the edge server, equal to the transport address) when it
 * appends one. Entries before CloudFront's are whatever the viewer sent, and never trusted.
 * @example viewerFromForwardedFor("10.0.0.1, 198.51.100.10, 130.176.12.34", "130.176.12.34") // "198.51.100.10"
 */
export function viewerFromForwardedFor(value: string, transport: string): string | undefined {
  const hops = value.split(",").map((hop) => hop.trim());
  if (hops.length > 1 && hops.at(-1) === transport) hops.pop();
  const viewer = hops.at(-1) ?? "";
  const version = isIP(viewer);
  if (version === 0) return undefined;
  return version === 6 ? viewer.toLowerCase() : viewer;
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
