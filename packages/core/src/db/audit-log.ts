import type { AuditEntry } from "../workflows/audit";
import { queryAll } from "./query";

/**
 * A hash-chained audit log as stored (approvals, elections and campaigns each keep one in
 * their own partition, under a sort-key prefix), oldest first, read consistently so a check
 * right after a change sees it.
 */
export async function readAuditLog(key: { pk: string; skPrefix: string }): Promise<AuditEntry[]> {
  const items = await queryAll({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
    ExpressionAttributeValues: { ":pk": key.pk, ":prefix": key.skPrefix },
    ConsistentRead: true,
  });
  return items.map(({ seq, at, event, prevHash, hash }) => ({ seq, at, event, prevHash, hash }) as AuditEntry);
}
