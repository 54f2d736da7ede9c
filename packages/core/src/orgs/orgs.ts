import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { queryAll } from "../db/query";
import { batchGetAll } from "../db/batch";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { isConditionFailure } from "../db/transactions";
import { AppError } from "../errors";
import { newId, nowIso } from "../ids";
import type { OrgKind } from "./kinds";
import type { NewOrg } from "./new-org";

export interface Org {
  orgId: string;
  name: string;
  kind: OrgKind;
  parentId: string | null;
  /** Ancestor ids, root first; what the access policy walks. */
  path: string[];
  createdAt: string;
}

function toOrg(item: Record<string, unknown>): Org {
  const { orgId, name, kind, parentId, path, createdAt } = item as unknown as Org;
  return { orgId, name, kind, parentId: parentId ?? null, path: path ?? [], createdAt };
}

export async function getOrg(orgId: string): Promise<Org | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.org(orgId) }));
  return Item ? toOrg(Item) : undefined;
}

export async function requireOrg(orgId: string): Promise<Org> {
  const org = await getOrg(orgId);
  if (!org) throw new AppError("org.not_found", "组织不存在");
  return org;
}

/**
 * Creates an org under `parent` (or a root when `parent` is null). With an `orgId` derived
 * from an Idempotency-Key, a retried create returns the org the first attempt made.
 */
export async function createOrg(input: NewOrg, parent: Org | null, orgId = newId()): Promise<Org> {
  const org: Org = {
    orgId,
    name: input.name,
    kind: input.kind,
    parentId: parent?.orgId ?? null,
    path: parent ? [...parent.path, parent.orgId] : [],
    createdAt: nowIso(),
  };
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...Keys.org(orgId), ...Keys.orgUnderParent(org.parentId, org.name, orgId), type: "org", ...org },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) return requireOrg(orgId);
    throw error;
  }
  return org;
}

/** Direct children of an org (or the roots for `null`), by name. */
export async function listChildren(parentId: string | null): Promise<Org[]> {
  const items = await queryAll({
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :pk",
    ExpressionAttributeValues: { ":pk": Keys.childrenOf(parentId).gsi1pk },
  });
  return items.map(toOrg);
}

/** Fetches several orgs at once (missing ids are skipped). */
export async function getOrgs(orgIds: readonly string[]): Promise<Org[]> {
  const items = await batchGetAll([...new Set(orgIds)].map((id) => Keys.org(id)));
  return items.map(toOrg);
}
