import { AppError } from "@tongxin/core/errors";
import { webOrigin } from "@tongxin/core/web-origin";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { AppEnv } from "./env";
import { SESSION_COOKIE } from "./session";

const SAFE_METHOD = /^(GET|HEAD|OPTIONS)$/;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
/** Routes whose body is a file, not JSON: the member roll import and its preview (multipart, CSV or XLSX). */
const FILE_BODY_PATH = /\/members\/import(\/preview)?$/;

/**
 * The site's own origins: the one the request was addressed to, and the web app's (WEB_ORIGIN):
 * behind CloudFront the API is addressed by API Gateway's host while the browser's Origin is the site's.
 */
async function ownOrigin(origin: string, c: Context): Promise<boolean> {
  return origin === new URL(c.req.url).origin || origin === (await webOrigin());
}

/**
 * Cross-site request forgery: a state-changing request that carries the session cookie must come
 * from the site itself: `Sec-Fetch-Site: same-origin`, or an `Origin` of the site; else 403
 * `request.cross_site`, whatever its content type (Hono's `csrf` judges only form-like types and
 * leaves JSON to CORS; this also refuses a foreign JSON post outright). A request with neither
 * header comes from no browser, and one with a Bearer token and no cookie carries no ambient
 * credential: neither is checked.
 */
export const crossSiteGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (SAFE_METHOD.test(c.req.method) || c.req.header("authorization") || !getCookie(c, SESSION_COOKIE)) return next();
  const site = c.req.header("sec-fetch-site");
  const origin = c.req.header("origin");
  const fromBrowser = site !== undefined || origin !== undefined;
  if (fromBrowser && site !== "same-origin" && !(origin !== undefined && (await ownOrigin(origin, c)))) {
    throw new AppError("request.cross_site", "请求来自其他网站，已拒绝");
  }
  return next();
};

/**
 * A body the API reads must be JSON (the roster import excepted): 415 problem+json otherwise,
 * so a cross-site `text/plain` or form post is never read as an answer.
 */
export const jsonBodiesOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (SAFE_METHOD.test(c.req.method) || FILE_BODY_PATH.test(c.req.path)) return next();
  const length = c.req.header("content-length");
  // Browsers send a length (or chunked encoding) with every body; a typed body without one is an
  // in-process Request. A bodiless DELETE may still carry an empty stream in the Node adapter.
  const typed = c.req.header("content-type") !== undefined;
  const hasBody = (length !== undefined && length !== "0") || c.req.header("transfer-encoding") !== undefined || (length === undefined && typed && c.req.raw.body !== null);
  if (hasBody && !JSON_TYPE.test(c.req.header("content-type") ?? "")) {
    throw new AppError("request.unsupported_media_type", "请求内容须为 JSON（Content-Type: application/json）", { fields: { "content-type": ["须为 application/json"] } });
  }
  return next();
};
