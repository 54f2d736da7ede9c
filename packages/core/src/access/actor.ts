import type { SessionPrincipal } from "../auth/sessions";
import { membershipsOf, type Membership } from "../members/members";
import type { Actor } from "./policy";

/** The actor behind a session: their roles in every org they belong to (one Query, unless it is already under way). */
export async function loadActor(principal: SessionPrincipal, read: Promise<Membership[]> = membershipsOf(principal.accountId)): Promise<Actor> {
  const memberships = await read;
  return {
    accountId: principal.accountId,
    platformAdmin: principal.platformAdmin,
    roles: new Map(memberships.map((membership) => [membership.orgId, membership.roles])),
    paths: new Map(memberships.map((membership) => [membership.orgId, membership.orgPath])),
  };
}
