import type { Actor } from "@tongxin/core/access/policy";
import type { SessionPrincipal } from "@tongxin/core/auth/sessions";

/** What middleware puts on the request context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    principal?: SessionPrincipal;
    /** Memoised per request: the signed-in person's roles across orgs. */
    actor?: Promise<Actor>;
  };
}
