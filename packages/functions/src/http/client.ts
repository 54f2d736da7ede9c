import type { Context } from "hono";

interface LambdaEnv {
  requestContext?: { http?: { sourceIp?: string } };
}
interface NodeEnv {
  incoming?: { socket?: { remoteAddress?: string } };
}

/**
 * The client's address as the transport saw it: API Gateway's source IP on Lambda, the
 * socket's peer locally. Never a forwarded header, which the client could forge.
 */
export function clientAddress(c: Context): string {
  const env = c.env as (LambdaEnv & NodeEnv) | undefined;
  return env?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? "unknown";
}
