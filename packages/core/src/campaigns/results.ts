import { getOrgs, type Org } from "../orgs/orgs";
import type { Submission } from "../forms/submissions";
import { eligibleEntries, submittedEntries, unitsOf } from "./entries";
import { entryText } from "./entry-form";
import { allScores } from "./judging";
import { panelMembers, tierList, type ConfirmFacts } from "./lifecycle";
import type { Certificate, PublicCampaign, Ranking, RankingRow, Score } from "./model";
import { judgeDeviations, orgAwardSuggestions, proposedAwards, rankEntries, topCriterion } from "./ranking";
import { formatBeijingDate } from "../office/beijing-time";
import type { StoredCampaign } from "./store";

/**
 * Reading results: the live ranking for the office (one Query of the campaign's scores and
 * one of its eligible entries), the facts confirm checks, the public page and the XLSX.
 */

interface Loaded {
  eligible: Submission[];
  scores: Score[];
  rows: RankingRow[];
}

function rowsOf(campaign: StoredCampaign, eligible: Submission[], scores: Score[], units: ReadonlyMap<string, Org>): RankingRow[] {
  const assigned = new Map<string, number>();
  for (const score of scores) assigned.set(score.entryId, (assigned.get(score.entryId) ?? 0) + 1);
  return rankEntries({
    rubric: campaign.rubric,
    entries: eligible.map((e) => ({ entryId: e.submissionId, title: entryText(e.data).title, unitId: e.unitId, unitName: units.get(e.unitId)?.name ?? "" })),
    scores: scores.filter((s) => s.status === "submitted"),
    assigned,
    tiers: tierList(campaign),
  });
}

/** A campaign's eligible entries, every score, and the ranked rows built from them. */
export async function load(campaign: StoredCampaign): Promise<Loaded> {
  const [eligible, scores] = await Promise.all([eligibleEntries(campaign), allScores(campaign.campaignId)]);
  return { eligible, scores, rows: rowsOf(campaign, eligible, scores, await unitsOf(eligible)) };
}

/** The office's live ranking: one Query of the campaign's scores, one of its submitted entries (eligible = approved among them). */
export async function ranking(campaign: StoredCampaign): Promise<Ranking> {
  const [submitted, scores, names] = await Promise.all([submittedEntries(campaign), allScores(campaign.campaignId), panelMembers(campaign.orgId, campaign.judgeIds)]);
  const units = await unitsOf(submitted);
  const rows = rowsOf(campaign, submitted.filter((s) => s.status === "approved"), scores, units);
  const judges = [...new Set([...campaign.judgeIds, ...scores.map((s) => s.judgeId)])].map((judgeId) => ({
    judgeId,
    judgeName: names.get(judgeId)?.name ?? scores.find((s) => s.judgeId === judgeId)?.judgeName ?? "",
  }));
  return {
    campaignId: campaign.campaignId,
    status: campaign.status,
    tiers: tierList(campaign),
    topCriterion: topCriterion(campaign.rubric).key,
    rows,
    judges: judgeDeviations(rows, judges),
    proposedAwards: proposedAwards(rows, tierList(campaign)),
    orgAwardSuggestions: orgAwardSuggestions(
      submitted.map((s) => ({ entryId: s.submissionId, unitId: s.unitId, unitName: units.get(s.unitId)?.name ?? "", eligible: s.status === "approved" })),
      rows,
      campaign.orgAward?.count ?? 0,
    ),
  };
}

/** What confirm checks against: eligible entries, their units, and whether each is fully scored. */
export async function confirmFacts(campaign: StoredCampaign): Promise<ConfirmFacts> {
  const { rows } = await load(campaign);
  return { entries: new Map(rows.map((row) => [row.entryId, { unitId: row.unitId, complete: row.submitted > 0 && !row.incomplete }])) };
}

/** The public 公示 / results page: null unless the campaign is in notice or published. */
export async function publicCampaign(campaign: StoredCampaign): Promise<PublicCampaign | null> {
  if (campaign.status !== "notice" && campaign.status !== "published") return null;
  const { eligible, rows } = await load(campaign);
  const byId = new Map(eligible.map((e) => [e.submissionId, e]));
  const rowOf = new Map(rows.map((r) => [r.entryId, r]));
  const units = await unitsOf(eligible);
  const published = campaign.status === "published";
  const awards = (campaign.awards ?? []).map((award) => ({
    tier: award.tier,
    entries: award.entryIds.flatMap((entryId) => {
      const entry = byId.get(entryId);
      if (!entry) return [];
      const text = entryText(entry.data);
      return [{ entryId, title: text.title, unitName: units.get(entry.unitId)?.name ?? "", summary: text.summary, tier: award.tier, rank: rowOf.get(entryId)?.rank ?? null }];
    }),
  }));
  const orgs = published ? await getOrgs(campaign.orgAwards ?? []) : [];
  const orgName = new Map(orgs.map((o) => [o.orgId, o.name]));
  const date = campaign.publishedAt ? formatBeijingDate(campaign.publishedAt) : "";
  const certificates: Certificate[] = published
    ? awards.flatMap((a) => a.entries.map((e) => ({ entryId: e.entryId, title: e.title, unitName: e.unitName, tier: a.tier, campaignTitle: campaign.title, year: campaign.year, issuer: campaign.orgName, date })))
    : [];
  return {
    campaignId: campaign.campaignId,
    title: campaign.title,
    year: campaign.year,
    description: campaign.description,
    orgName: campaign.orgName,
    status: campaign.status,
    noticeEndsAt: campaign.noticeEndsAt!,
    publishedAt: campaign.publishedAt,
    awards,
    orgAwardName: published ? campaign.orgAward?.name : undefined,
    orgAwards: published ? (campaign.orgAwards ?? []).map((orgId) => ({ orgId, name: orgName.get(orgId) ?? "" })) : [],
    certificates,
  };
}

