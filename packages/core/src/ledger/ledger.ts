import { allActivities } from "../activities/calendar";
import { readStats } from "../activities/stats";
import type { Org } from "../orgs/orgs";
import { ledgerDocument } from "./ledger-document";
import { ledgerPhotos } from "./photos";

/**
 * An org's 活动台账 for a year: every activity of its subtree starting that year (Shanghai
 * time) and the statistics report the stats page shows, as one .docx with the summaries' photos.
 */
export async function ledgerFor(org: Org, year: string): Promise<Buffer> {
  const [report, activities] = await Promise.all([readStats(org, year), allActivities(org.orgId, { from: year, to: year })]);
  return ledgerDocument(report, activities, await ledgerPhotos(activities));
}
