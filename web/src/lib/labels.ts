/** Chinese labels shared with the API (pure core modules, nothing server-side). */
import { ORG_KIND_CODES, ORG_KINDS, type OrgKind } from "@tongxin/core/orgs/kinds";
import { ROLE_CODES, ROLES, type Role } from "@tongxin/core/access/roles";
import { STRATA } from "@tongxin/core/members/profile";
import { MOBILE_PATTERN } from "@tongxin/core/auth/login-id";

export { ORG_KIND_CODES, ORG_KINDS, ROLE_CODES, ROLES, STRATA, MOBILE_PATTERN };
export type { OrgKind, Role };

export const orgKindLabel = (kind: OrgKind): string => ORG_KINDS[kind] ?? kind;
export const roleLabel = (role: Role): string => ROLES[role] ?? role;

/** Roles that may open the member list of an org. */
export const canSeeMembers = (roles: readonly Role[]): boolean => roles.includes("admin") || roles.includes("reviewer");
export const isAdmin = (roles: readonly Role[]): boolean => roles.includes("admin");
