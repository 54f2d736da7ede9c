import { claimKey, releaseClaim } from "@tongxin/core/idempotency/claims";
import { fingerprintOf } from "@tongxin/core/idempotency/fingerprint";
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./env";

/**
 * The one Idempotency-Key handling of every route that takes the header (IETF HTTPAPI draft
 * "The Idempotency-Key HTTP Header Field", as Stripe implements it). Called by the route once
 * the request is authorized and its body valid, before anything is written: claims the key in
 * its scope (the account, the method and the path with its parameters) with the body's
 * fingerprint, and returns the id the created object takes — the same for every retry.
 * A retry is marked `idempotent-replayed: true`; the same key with another body is a 422
 * (`idempotency.key_reused`) and nothing is written. Without the header: undefined (a new id).
 * @example const formId = await idempotentId(c, actor.accountId); // then createForm(..., { formId })
 */
export async function idempotentId(c: Context<AppEnv>, accountId: string): Promise<string | undefined> {
  const key = c.req.header("idempotency-key");
  if (!key) return undefined;
  const body: unknown = (c.req.header("content-type") ?? "").includes("json") ? await c.req.json().catch(() => null) : null;
  const claim = await claimKey({ accountId, method: c.req.method, path: c.req.path }, key, fingerprintOf(body));
  if (claim.retry) c.header("idempotent-replayed", "true");
  if (claim.created) c.set("idempotencyClaim", claim.created);
  return claim.objectId;
}

/**
 * Releases the key a request claimed when the request ends refused (4xx), so a corrected
 * request may reuse it. A 5xx keeps it: the write may have landed, and the retry must find it.
 */
export const releaseRefusedClaims: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const claim = c.get("idempotencyClaim");
  if (claim && c.res.status >= 400 && c.res.status < 500) await releaseClaim(claim).catch(() => undefined);
};
