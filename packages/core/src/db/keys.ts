/**
 * Key builders: pure functions from domain ids to the table's key attributes, one per
 * access pattern (see ARCHITECTURE.md for the table of patterns).
 */
export type PrimaryKey = { pk: string; sk: string };

const ROOT = "ROOT";

export const Keys = {
  account: (accountId: string): PrimaryKey => ({ pk: `ACCOUNT#${accountId}`, sk: "ACCOUNT" }),

  /** Unique-login claim: one item per phone or email, written conditionally. */
  login: (login: string): PrimaryKey => ({ pk: `LOGIN#${login}`, sk: "LOGIN" }),

  session: (sessionId: string): PrimaryKey => ({ pk: `SESSION#${sessionId}`, sk: "SESSION" }),

  /** Failed-login counter for an account login or a client address. */
  throttle: (scope: "login" | "client", value: string): PrimaryKey => ({
    pk: `THROTTLE#${scope}#${value}`,
    sk: "THROTTLE",
  }),

  org: (orgId: string): PrimaryKey => ({ pk: `ORG#${orgId}`, sk: "ORG" }),

  /** gsi1 attributes placing an org under its parent (or the root list). */
  orgUnderParent: (parentId: string | null, name: string, orgId: string) => ({
    gsi1pk: `CHILDREN#${parentId ?? ROOT}`,
    gsi1sk: `ORG#${name}#${orgId}`,
  }),

  /** Query gsi1 with this partition to list an org's children (or the roots with `null`). */
  childrenOf: (parentId: string | null) => ({ gsi1pk: `CHILDREN#${parentId ?? ROOT}` }),

  membership: (orgId: string, accountId: string) => ({
    pk: `ORG#${orgId}`,
    sk: `MEMBER#${accountId}`,
    gsi1pk: `ACCOUNT#${accountId}`,
    gsi1sk: `MEMBER#${orgId}`,
  }),

  /** Query the table with this partition and sort-key prefix to list an org's members. */
  membersOf: (orgId: string) => ({ pk: `ORG#${orgId}`, skPrefix: "MEMBER#" }),

  /** Query gsi1 with this partition and sort-key prefix to list an account's memberships. */
  membershipsOf: (accountId: string) => ({ gsi1pk: `ACCOUNT#${accountId}`, gsi1skPrefix: "MEMBER#" }),
} as const;
