import type { Context, MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

/**
 * Headers every answer carries, the API's and the web app's alike: no framing (the ballot page
 * cannot be clickjacked), no MIME sniffing, no referrer (codes and links travel in URLs). HSTS
 * only when the request came over TLS, so a local http server does not pin browsers to https.
 */
export const baseSecurityHeaders = (contentSecurityPolicy: Record<string, string[]>): MiddlewareHandler => {
  const headers = secureHeaders({
    contentSecurityPolicy,
    xFrameOptions: "DENY",
    xContentTypeOptions: true,
    referrerPolicy: "no-referrer",
    strictTransportSecurity: false,
    crossOriginResourcePolicy: false,
    crossOriginOpenerPolicy: false,
  });
  return async (c, next) => {
    await headers(c, next);
    if (overTls(c)) c.header("strict-transport-security", "max-age=31536000; includeSubDomains");
  };
};

function overTls(c: Context): boolean {
  return new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https" || c.req.header("cloudfront-forwarded-proto") === "https";
}

/** The API answers JSON and files only: nothing may run, load or frame it. */
export const apiSecurityHeaders = baseSecurityHeaders({ defaultSrc: ["'none'"], frameAncestors: ["'none'"] });

/**
 * Answers to a signed-in request hold personal data: no browser or proxy keeps them
 * (`Cache-Control: no-store`), unless the route chose otherwise.
 */
export const noStoreWhenSignedIn: MiddlewareHandler = async (c, next) => {
  await next();
  if (c.get("principal") && !c.res.headers.has("cache-control")) c.header("cache-control", "no-store");
};
