import { AppError } from "../errors";
import type { Role } from "./roles";

/**
 * Who may do what in which org: one table from action to the roles that allow it, and
 * one rule for the tree — a supervising office's admins and reviewers act over every org
 * beneath it, while the other roles count in their own org only.
 */
export type Action =
  | "org.read"
  | "org.create_child"
  | "org.manage"
  | "members.read"
  | "members.manage"
  | "forms.manage"
  | "forms.fill"
  | "submissions.read"
  | "activities.read"
  | "activities.manage"
  | "activities.stats"
  | "elections.read"
  | "elections.manage"
  | "elections.certify"
  | "campaigns.read"
  | "campaigns.manage"
  | "campaigns.review"
  | "personal.reveal"
  | "personal.audit";

const ROLES_FOR: Record<Action, readonly Role[]> = {
  "org.read": ["admin", "reviewer", "judge", "scrutineer", "member"],
  "org.create_child": ["admin"],
  "org.manage": ["admin"],
  "members.read": ["admin", "reviewer"],
  "members.manage": ["admin"],
  "forms.manage": ["admin"],
  // Filling is also open to members of any org beneath: see `belongsWithin`.
  "forms.fill": ["admin", "reviewer", "member"],
  "submissions.read": ["admin", "reviewer"],
  // The activity calendar is public within the tree: see `OPEN_TO_SUBTREE`.
  "activities.read": ["admin", "reviewer", "judge", "scrutineer", "member"],
  // Sign-up lists, check-in and the summary: the unit's admins (and the organizer, checked by the activity module).
  "activities.manage": ["admin"],
  "activities.stats": ["admin", "reviewer"],
  // Elections: everyone in the org sees the election, its turnout and (once published) its results;
  // voting is decided by the frozen roll, certifying by the appointed scrutineers (elections module).
  "elections.read": ["admin", "reviewer", "judge", "scrutineer", "member"],
  "elections.manage": ["admin"],
  "elections.certify": ["scrutineer"],
  // Campaigns (评选): everyone in the subtree sees a campaign and may enter it; the office
  // (admins, and reviewers for reading and 形式审查) runs it; judges are the campaign's panel.
  "campaigns.read": ["admin", "reviewer", "judge", "scrutineer", "member"],
  "campaigns.manage": ["admin"],
  "campaigns.review": ["admin", "reviewer"],
  // Personal data (privacy/README.md): everyone else reads phones and 身份证号 masked; the org's
  // admins (carried down the tree) may ask for one record in full with a reason, which is logged,
  // and read the org's 个人信息访问记录.
  "personal.reveal": ["admin"],
  "personal.audit": ["admin"],
};

/** Actions open to everyone who belongs to the org or to any org beneath it (a district's form, filled by its 新空间). */
const OPEN_TO_SUBTREE: ReadonlySet<Action> = new Set(["forms.fill", "activities.read", "campaigns.read"]);

/** Roles that carry down the tree to every descendant org. */
const INHERITED_ROLES: ReadonlySet<Role> = new Set(["admin", "reviewer"]);

export interface Actor {
  accountId: string;
  platformAdmin: boolean;
  /** orgId → roles held there. */
  roles: ReadonlyMap<string, readonly Role[]>;
  /** orgId → that org's ancestors, root first, for each org the actor belongs to. */
  paths?: ReadonlyMap<string, readonly string[]>;
}

/** The org as the policy sees it: its id and its ancestors' ids, root first. */
export interface OrgPlace {
  orgId: string;
  path: readonly string[];
}

/** The roles an actor holds over an org, directly or inherited from an ancestor. */
export function effectiveRoles(actor: Actor, org: OrgPlace): Set<Role> {
  const roles = new Set<Role>(actor.roles.get(org.orgId) ?? []);
  for (const ancestorId of org.path) {
    for (const role of actor.roles.get(ancestorId) ?? []) if (INHERITED_ROLES.has(role)) roles.add(role);
  }
  return roles;
}

/** Whether the actor belongs (in any role) to the org or to one of its descendants. */
export function belongsWithin(actor: Actor, org: OrgPlace): boolean {
  if (actor.roles.has(org.orgId)) return true;
  for (const path of actor.paths?.values() ?? []) if (path.includes(org.orgId)) return true;
  return false;
}

export function can(actor: Actor, action: Action, org: OrgPlace): boolean {
  if (actor.platformAdmin) return true;
  if (OPEN_TO_SUBTREE.has(action) && belongsWithin(actor, org)) return true;
  const roles = effectiveRoles(actor, org);
  return ROLES_FOR[action].some((role) => roles.has(role));
}

/**
 * Throws unless the actor may act. Someone with no standing in the org at all is told it
 * does not exist (404), so ids cannot be probed; a member lacking the role gets 403.
 */
export function authorize(actor: Actor, action: Action, org: OrgPlace): void {
  if (can(actor, action, org)) return;
  if (!can(actor, "org.read", org) && !belongsWithin(actor, org)) throw new AppError("org.not_found", "组织不存在");
  throw new AppError("access.denied", "没有权限执行此操作");
}
