import { takeUnjoinedWrite, withJoinedWrites } from "@tongxin/core/db/joined-write";
import { claimKey, storeUnjoinedClaim } from "@tongxin/core/idempotency/claims";
import { fingerprintOf } from "@tongxin/core/idempotency/fingerprint";
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./env";
import { log } from "./log";

/**
 * The one Idempotency-Key handling of every route that takes the header (IETF HTTPAPI draft
 * "The Idempotency-Key HTTP Header Field", as Stripe implements it). Called by the route once
 * the request is authorized and its body valid, before anything is written: claims the key in
 * its scope (the account, the method and the path with its parameters) with the body's
 * fingerprint, and returns the id the created object takes — the same for every retry. The
 * claim is written in the same transaction as that object (core/idempotency/claims.ts).
 * A retry of a request whose object was stored is marked `idempotent-replayed: true`; the same
 * key with another body is a 422 (`idempotency.key_reused`) and nothing is written; a request
 * racing another with the same key is a 409 (`idempotency.in_progress`), nothing written.
 * Without the header: undefined (a new id).
 * @example const formId = await idempotentId(c, actor.accountId); // then createForm(..., { formId })
 */
export async function idempotentId(c: Context<AppEnv>, accountId: string): Promise<string | undefined> {
  const key = c.req.header("idempotency-key");
  if (!key) return undefined;
  const body: unknown = (c.req.header("content-type") ?? "").includes("json") ? await c.req.json().catch(() => null) : null;
  const claim = await claimKey({ accountId, method: c.req.method, path: c.req.path }, key, fingerprintOf(body));
  if (claim.retry) c.header("idempotent-replayed", "true");
  return claim.objectId;
}

/**
 * Gives each request its scope for the claim joined to its object's write. A request that
 * succeeded without any write carrying the claimed id (a route whose object does not hold it)
 * still stores the claim, after the object, so its retry replays; logged, since that route
 * loses the single transaction.
 */
export const idempotencyScope: MiddlewareHandler<AppEnv> = (c, next) =>
  withJoinedWrites(async () => {
    await next();
    const unjoined = takeUnjoinedWrite();
    if (unjoined && c.res.status < 400) {
      log("warn", "idempotency claim stored after its object", { method: c.req.method, path: c.req.path });
      await storeUnjoinedClaim(unjoined.item);
    }
  });
