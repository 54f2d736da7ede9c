import type { SessionPrincipal } from "../auth/sessions";
import { membershipsOf } from "../members/members";
import type { Actor } from "./policy";

/** The actor behind a session: their roles in every org they belong to (one Query). */
export async function loadActor(principal: SessionPrincipal): Promise<Actor> {
  const memberships = await membershipsOf(principal.accountId);
  return {
    accountId: principal.accountId,
    platformAdmin: principal.platformAdmin,
    roles: new Map(memberships.map((membership) => [membership.orgId, membership.roles])),
    paths: new Map(memberships.map((membership) => [membership.orgId, membership.orgPath])),
  };
}
