import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { queryAll } from "../db/query";
import { listChildren, requireOrg } from "../orgs/orgs";
import { allActivities } from "./calendar";
import type { Activity } from "./model";
import { contributionOf } from "./stats";
import { checkedInPeople } from "./summary";
import { yearOf } from "./time";

/**
 * Rebuilds an org's activity statistics — and those of every org beneath it — from the
 * activities themselves: the org's calendar (one Query on gsi3 lists its whole subtree),
 * each summarized activity's check-ins (one Query per activity), and the org tree (one Query
 * per org). No Scan. Compares with what the incremental updates wrote, and with `write`
 * replaces what differs. Run it while no summaries are being filed for the subtree.
 */

type StatsItem = Record<string, unknown> & { sk: string };
const FIGURES = ["activities", "attendances", "people"] as const;

/** Every stats item the summarized activities imply, per org of `orgIds` (pure). */
export function expectedStats(entries: Array<{ activity: Activity; people: string[] }>, orgIds: ReadonlySet<string>): Map<string, Map<string, StatsItem>> {
  const byOrg = new Map<string, Map<string, StatsItem>>([...orgIds].map((orgId) => [orgId, new Map()]));
  for (const { activity, people } of entries) {
    if (!activity.summary) continue;
    const contribution = contributionOf(activity, activity.summary.attendance);
    const { year, month, theme, themeLabel } = contribution;
    for (const orgId of contribution.orgIds) {
      const items = byOrg.get(orgId);
      if (!items) continue;
      const cellKey = Keys.statsCell(orgId, year, month, theme).sk;
      const cell = items.get(cellKey) ?? { sk: cellKey, type: "statsCell", orgId, year, month, theme, themeLabel, activities: 0, attendances: 0 };
      cell.activities = Number(cell.activities) + 1;
      cell.attendances = Number(cell.attendances) + contribution.attendances;
      items.set(cellKey, cell);
      const totalKey = Keys.statsYear(orgId, year).sk;
      const total = items.get(totalKey) ?? { sk: totalKey, type: "statsYear", orgId, year, activities: 0, attendances: 0, people: 0 };
      total.activities = Number(total.activities) + 1;
      total.attendances = Number(total.attendances) + contribution.attendances;
      items.set(totalKey, total);
      for (const accountId of people) {
        const markerKey = Keys.statsPerson(orgId, year, accountId).sk;
        if (items.has(markerKey)) continue;
        items.set(markerKey, { sk: markerKey, type: "statsPerson", orgId, year, accountId });
        total.people = Number(total.people) + 1;
      }
    }
  }
  return byOrg;
}

export interface StatsDifference {
  orgId: string;
  sk: string;
  field: string;
  expected: number | "present" | "absent";
  stored: number | "present" | "absent";
}

/** What differs between the expected and the stored items of one org (pure). */
export function diffStats(orgId: string, expected: Map<string, StatsItem>, stored: Map<string, StatsItem>): StatsDifference[] {
  const differences: StatsDifference[] = [];
  for (const sk of new Set([...expected.keys(), ...stored.keys()])) {
    const want = expected.get(sk);
    const have = stored.get(sk);
    if (!want || !have) {
      // A zero item left behind is as good as none.
      const item = (want ?? have)!;
      if (item.type !== "statsPerson" && FIGURES.every((field) => !Number(item[field] ?? 0))) continue;
      differences.push({ orgId, sk, field: "item", expected: want ? "present" : "absent", stored: have ? "present" : "absent" });
      continue;
    }
    for (const field of FIGURES) {
      const [a, b] = [Number(want[field] ?? 0), Number(have[field] ?? 0)];
      if (a !== b) differences.push({ orgId, sk, field, expected: a, stored: b });
    }
  }
  return differences;
}

async function subtreeOf(orgId: string): Promise<string[]> {
  const ids = [orgId];
  for (let i = 0; i < ids.length; i += 1) ids.push(...(await listChildren(ids[i]!)).map((child) => child.orgId));
  return ids;
}

async function storedStats(orgId: string): Promise<Map<string, StatsItem>> {
  const key = Keys.statsOf(orgId);
  const items = await queryAll({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
    ExpressionAttributeValues: { ":pk": key.pk, ":prefix": key.skPrefix },
    ConsistentRead: true,
  });
  return new Map(items.map(({ pk: _pk, ...item }) => [String(item.sk), item as StatsItem]));
}

async function writeAll(requests: Array<Record<string, unknown>>): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending: Array<Record<string, unknown>> | undefined = requests.slice(i, i + 25);
    while (pending && pending.length > 0) {
      const result = await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
      pending = result.UnprocessedItems?.[tableName()] as Array<Record<string, unknown>> | undefined;
    }
  }
}

export interface RecomputeResult {
  orgs: number;
  activities: number;
  /** Summarized activities counted. */
  summarized: number;
  differences: StatsDifference[];
  written: boolean;
}

/** Rebuilds (with `write`) or only checks the statistics of an org and its subtree. */
export async function recomputeStats(orgId: string, options: { write: boolean; year?: string }): Promise<RecomputeResult> {
  await requireOrg(orgId);
  const [orgIds, activities] = await Promise.all([subtreeOf(orgId), allActivities(orgId)]);
  const summarized = activities.filter((activity) => activity.summary && (!options.year || yearOf(activity.startsAt) === options.year));
  const entries = await Promise.all(summarized.map(async (activity) => ({ activity, people: await checkedInPeople(activity.activityId) })));
  const expected = expectedStats(entries, new Set(orgIds));
  const inYear = (items: Map<string, StatsItem>) =>
    options.year ? new Map([...items].filter(([sk]) => sk === `Y#${options.year}` || sk.startsWith(`Y#${options.year}#`))) : items;

  const differences: StatsDifference[] = [];
  for (const id of orgIds) {
    const want = expected.get(id)!;
    const have = inYear(await storedStats(id));
    const found = diffStats(id, want, have);
    differences.push(...found);
    if (!options.write || found.length === 0) continue;
    const changed = new Set(found.map((difference) => difference.sk));
    const pk = Keys.statsOf(id).pk;
    await writeAll([
      ...[...want.values()].filter((item) => changed.has(item.sk)).map((item) => ({ PutRequest: { Item: { pk, ...item } } })),
      ...[...have.keys()].filter((sk) => !want.has(sk)).map((sk) => ({ DeleteRequest: { Key: { pk, sk } } })),
    ]);
  }
  return { orgs: orgIds.length, activities: activities.length, summarized: summarized.length, differences, written: options.write && differences.length > 0 };
}
