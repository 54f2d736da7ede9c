import type { Actor } from "@tongxin/core/access/policy";
import type { SessionPrincipal } from "@tongxin/core/auth/sessions";
import type { Membership } from "@tongxin/core/members/members";

/** What middleware puts on the request context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    principal?: SessionPrincipal;
    /** How the request carried its session: the browser's cookie or an `Authorization: Bearer` header. */
    sessionVia?: "cookie" | "bearer";
    /** Memoised per request: the signed-in person's roles across orgs. */
    actor?: Promise<Actor>;
    /** The memberships Query, when it was started alongside the session read (http/session.ts). */
    memberships?: Promise<Membership[]>;
  };
}
