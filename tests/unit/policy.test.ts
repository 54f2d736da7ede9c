import { describe, expect, it } from "vitest";
import { authorize, can, effectiveRoles, type Action, type Actor } from "@tongxin/core/access/policy";
import { type AppError } from "@tongxin/core/errors";
import type { Role } from "@tongxin/core/access/roles";

// 区 → 街镇 → 新空间, and a sibling 街镇.
const district = { orgId: "district", path: [] };
const town = { orgId: "town", path: ["district"] };
const space = { orgId: "space", path: ["district", "town"] };
const otherTown = { orgId: "other", path: ["district"] };

const actor = (roles: Record<string, Role[]>, platformAdmin = false): Actor => ({
  accountId: "a",
  platformAdmin,
  roles: new Map(Object.entries(roles)),
});

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as AppError).code;
  }
}

describe("access policy", () => {
  it("lets a supervising office's admins and reviewers act on every org beneath it", () => {
    const office = actor({ district: ["admin"] });
    expect(can(office, "members.manage", space)).toBe(true);
    const reviewer = actor({ town: ["reviewer"] });
    expect(can(reviewer, "members.read", space)).toBe(true);
    expect(can(reviewer, "members.manage", space)).toBe(false);
    expect(can(reviewer, "members.read", otherTown)).toBe(false);
  });

  it("does not carry plain membership, judging or scrutiny down the tree", () => {
    const member = actor({ district: ["member", "judge", "scrutineer"] });
    expect(effectiveRoles(member, space).size).toBe(0);
    expect(can(member, "org.read", space)).toBe(false);
    expect(can(member, "org.read", district)).toBe(true);
  });

  it("does not let a child org's admin act on its parent", () => {
    expect(can(actor({ space: ["admin"] }), "members.read", town)).toBe(false);
  });

  it("tells an outsider the org does not exist, and a member without the role that it is forbidden", () => {
    expect(codeOf(() => authorize(actor({ other: ["admin"] }), "members.read", space))).toBe("org.not_found");
    expect(codeOf(() => authorize(actor({ space: ["member"] }), "members.read", space))).toBe("access.denied");
    expect(codeOf(() => authorize(actor({ space: ["admin"] }), "members.manage", space))).toBeUndefined();
  });

  it("lets a platform admin do everything", () => {
    const actions: Action[] = ["org.read", "org.create_child", "org.manage", "members.read", "members.manage"];
    for (const action of actions) expect(can(actor({}, true), action, space)).toBe(true);
  });
});
