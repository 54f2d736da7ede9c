import { loadActor } from "@tongxin/core/access/actor";
import { authorize, type Action, type Actor } from "@tongxin/core/access/policy";
import { resolveSession, verifySessionToken, type SessionPrincipal } from "@tongxin/core/auth/sessions";
import { membershipsOf, type Membership } from "@tongxin/core/members/members";
import { AppError } from "@tongxin/core/errors";
import { requireOrg, type Org } from "@tongxin/core/orgs/orgs";
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "./env";

export const SESSION_COOKIE = "tx_session";

function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

/**
 * Resolves the session from an `Authorization: Bearer` header or the cookie, if any. A cookie
 * session that slid its idle deadline on gets its cookie again with the new Max-Age (a sliding
 * cookie: the browser too forgets it after 30 minutes unused).
 */
export const sessionMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  const bearer = bearerToken(c.req.header("authorization"));
  const token = bearer ?? getCookie(c, SESSION_COOKIE);
  const claims = token ? await verifySessionToken(token) : undefined;
  if (claims) {
    // The token names its account (signature checked): the memberships Query may run beside the session read.
    const memberships = overlapsSessionRead(c) ? membershipsOf(claims.accountId) : undefined;
    memberships?.catch(() => undefined);
    const session = await resolveSession(claims);
    if (session) {
      c.set("principal", session.principal);
      if (memberships) c.set("memberships", memberships);
      c.set("sessionVia", bearer ? "bearer" : "cookie");
      if (!bearer && token && session.slid) setSessionCookie(c, token, session.slid.cookieMaxAge);
    }
  }
  await next();
};

/**
 * Requests whose first need after the session is the account's memberships (the actor), which
 * then start alongside the session read, one round trip saved (discarded if the session is not
 * live): GET /me, every page load's first request, and reading or acting on an approval.
 */
const OVERLAPPING = [/^GET \/api\/me$/, /^(GET|POST) \/api\/instances\/[^/]+(\/actions)?$/];

function overlapsSessionRead(c: Context<AppEnv>): boolean {
  const request = `${c.req.method} ${c.req.path}`;
  return OVERLAPPING.some((pattern) => pattern.test(request));
}

/** The signed-in account's memberships: read alongside the session when the request is one that overlaps, else now. */
export function principalMemberships(c: Context<AppEnv>): Promise<Membership[]> {
  return c.get("memberships") ?? membershipsOf(requirePrincipal(c).accountId);
}

export function requirePrincipal(c: Context<AppEnv>): SessionPrincipal {
  const principal = c.get("principal");
  if (!principal) throw new AppError("auth.required", "请先登录");
  return principal;
}

/** The signed-in actor with their roles, loaded once per request. */
export function requireActor(c: Context<AppEnv>): Promise<Actor> {
  const principal = requirePrincipal(c);
  let actor = c.get("actor");
  if (!actor) {
    actor = loadActor(principal, c.get("memberships"));
    c.set("actor", actor);
  }
  return actor;
}

/**
 * Signed in, then the org, then the policy — in that order, so nobody without a session
 * can tell a real org id from a made-up one. Throws 401/404/403.
 */
export async function requireOrgAccess(c: Context<AppEnv>, orgId: string, action: Action): Promise<{ org: Org; actor: Actor }> {
  const actor = await requireActor(c);
  const org = await requireOrg(orgId);
  authorize(actor, action, org);
  return { org, actor };
}

function isSecure(c: Context): boolean {
  return new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https";
}

export function setSessionCookie(c: Context, token: string, maxAge: number): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: isSecure(c),
    path: "/",
    maxAge,
  });
}

/** How a sign-in hands over its session: `cookie` (browsers; the default) or `token` (API clients). */
export type SessionDelivery = "cookie" | "token";

/**
 * The answer to a sign-in (or a password change): the session goes either into an HttpOnly
 * cookie, and then never into the body, where a script on the page could read it; or, when the
 * client asked for `token` (a non-browser client using `Authorization: Bearer`), into the body
 * only, with no cookie.
 */
export function deliverSession(
  c: Context,
  session: { token: string; expiresAt: number; cookieMaxAge: number; principal: SessionPrincipal },
  delivery: SessionDelivery,
) {
  const { principal } = session;
  const account = { accountId: principal.accountId, name: principal.name, platformAdmin: principal.platformAdmin };
  if (delivery === "token") return { account, expiresAt: session.expiresAt, token: session.token };
  setSessionCookie(c, session.token, session.cookieMaxAge);
  return { account, expiresAt: session.expiresAt };
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: isSecure(c), httpOnly: true, sameSite: "Lax" });
}

/**
 * Access to a form's org on behalf of a form: someone with no standing there is told the
 * form does not exist, exactly as for a made-up form id.
 */
export async function requireFormOrgAccess(c: Context<AppEnv>, orgId: string, action: Action): Promise<{ org: Org; actor: Actor }> {
  try {
    return await requireOrgAccess(c, orgId, action);
  } catch (error) {
    if (error instanceof AppError && error.code === "org.not_found") throw new AppError("form.not_found", "表单不存在");
    throw error;
  }
}
