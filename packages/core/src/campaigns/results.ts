import { getOrgs, listChildren, type Org } from "../orgs/orgs";
import { ORG_KINDS } from "../orgs/kinds";
import type { Submission } from "../forms/submissions";
import { eligibleEntries, submittedEntries, unitsOf } from "./entries";
import { entryText } from "./entry-form";
import { allScores } from "./judging";
import { panelMembers, tierList, type ConfirmFacts } from "./lifecycle";
import type { Certificate, OrgCertificate, PublicCampaign, PublicOrgAward, Ranking, RankingRow, Score } from "./model";
import { awardableOrgs, creditedOrgs, orgAwardSuggestions } from "./org-awards";
import { aggregate, judgeDeviations, proposedAwards, rankEntries, round2, topCriterion } from "./ranking";
import { combineScores } from "./public-vote";
import { voteCounts } from "./public-vote-store";
import { formatBeijingDate, formatBeijingWords } from "../office/beijing-time";
import { periodInWords } from "../calendar/working-days";
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

/**
 * Ranked rows; with a public vote stage, each row carries its vote figures and (weight > 0) is
 * ranked on the combined score (public-vote.ts: votes scaled to the top entry, weighted sum with
 * the experts' exact aggregate on a 0–100 scale).
 */
function rowsOf(campaign: StoredCampaign, eligible: Submission[], scores: Score[], units: ReadonlyMap<string, Org>, votes?: ReadonlyMap<string, number>): RankingRow[] {
  const assigned = new Map<string, number>();
  for (const score of scores) assigned.set(score.entryId, (assigned.get(score.entryId) ?? 0) + 1);
  const vote = campaign.publicVote;
  const rubricMax = campaign.rubric.reduce((sum, c) => sum + c.max, 0);
  const topVotes = Math.max(0, ...eligible.map((e) => votes?.get(e.submissionId) ?? 0));
  const combine = (entryId: string, exact: number) => combineScores({ entries: [{ entryId, aggregate: exact }], votes: new Map([[entryId, votes?.get(entryId) ?? 0]]), rubricMax, weight: vote?.weight ?? 0, top: topVotes })[0]!;
  const rows = rankEntries({
    rubric: campaign.rubric,
    entries: eligible.map((e) => ({ entryId: e.submissionId, title: entryText(e.data).title, unitId: e.unitId, unitName: units.get(e.unitId)?.name ?? "" })),
    scores: scores.filter((s) => s.status === "submitted"),
    assigned,
    tiers: tierList(campaign),
    primary: vote && vote.weight > 0 ? (entryId, exact) => combine(entryId, exact).final! : undefined,
  });
  if (!vote) return rows;
  for (const row of rows) {
    const exact = aggregate(row.totals.map((t) => t.total));
    const combined = combine(row.entryId, exact ?? 0);
    row.publicVote = {
      votes: combined.votes,
      publicScore: round2(combined.publicScore),
      expertScore: exact === null ? null : round2(combined.expertScore!),
      final: exact === null ? null : round2(combined.final!),
    };
  }
  return rows;
}

/** A campaign's eligible entries, every score, and the ranked rows built from them. */
export async function load(campaign: StoredCampaign): Promise<Loaded> {
  const [eligible, scores, votes] = await Promise.all([eligibleEntries(campaign), allScores(campaign.campaignId), campaign.publicVote ? voteCounts(campaign.campaignId) : undefined]);
  return { eligible, scores, rows: rowsOf(campaign, eligible, scores, await unitsOf(eligible), votes) };
}

/** The entrants' units with their ancestors below the campaign org (one BatchGet of those not already loaded). */
async function creditedTree(campaign: StoredCampaign, units: ReadonlyMap<string, Org>): Promise<Map<string, Org>> {
  const tree = new Map(units);
  const missing = [...new Set([...units.values()].flatMap((unit) => creditedOrgs(unit, campaign.orgId)))].filter((id) => !tree.has(id));
  for (const org of await getOrgs(missing)) tree.set(org.orgId, org);
  return tree;
}

/** The office's live ranking: one Query of the campaign's scores, one of its submitted entries (eligible = approved among them). */
export async function ranking(campaign: StoredCampaign): Promise<Ranking> {
  const [submitted, scores, names, votes] = await Promise.all([
    submittedEntries(campaign),
    allScores(campaign.campaignId),
    panelMembers(campaign.orgId, campaign.judgeIds),
    campaign.publicVote ? voteCounts(campaign.campaignId) : undefined,
  ]);
  const units = await unitsOf(submitted);
  const rows = rowsOf(campaign, submitted.filter((s) => s.status === "approved"), scores, units, votes);
  const tree = await creditedTree(campaign, units);
  // Each credited org's direct units, for the share that took part (one Query per org, in parallel).
  const children = new Map(await Promise.all([...tree.keys()].map(async (orgId) => [orgId, (await listChildren(orgId)).map((o) => o.orgId)] as const)));
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
    orgAwardSuggestions: orgAwardSuggestions({
      campaignOrgId: campaign.orgId,
      entries: submitted.map((s) => ({ entryId: s.submissionId, unitId: s.unitId, eligible: s.status === "approved" })),
      orgs: tree,
      children,
      rows,
      count: campaign.orgAward?.count ?? 0,
    }),
  };
}

/** What confirm checks against: eligible entries, their units, whether each is fully scored, and the orgs that may get the org award. */
export async function confirmFacts(campaign: StoredCampaign): Promise<ConfirmFacts> {
  const { eligible, rows } = await load(campaign);
  const units = await unitsOf(eligible);
  return {
    entries: new Map(rows.map((row) => [row.entryId, { unitId: row.unitId, complete: row.submitted > 0 && !row.incomplete }])),
    awardable: awardableOrgs(eligible.map((e) => ({ entryId: e.submissionId, unitId: e.unitId, eligible: true })), units, campaign.orgId),
  };
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
  const byOrg = new Map((await getOrgs(campaign.orgAwards ?? [])).map((o) => [o.orgId, o]));
  const orgAwards: PublicOrgAward[] = (campaign.orgAwards ?? []).flatMap((orgId) => {
    const org = byOrg.get(orgId);
    return org ? [{ orgId, name: org.name, kind: org.kind, level: ORG_KINDS[org.kind] }] : [];
  });
  const date = campaign.publishedAt ? formatBeijingDate(campaign.publishedAt) : "";
  const certificates: Certificate[] = published
    ? awards.flatMap((a) => a.entries.map((e) => ({ entryId: e.entryId, title: e.title, unitName: e.unitName, tier: a.tier, campaignTitle: campaign.title, year: campaign.year, issuer: campaign.orgName, date })))
    : [];
  const award = campaign.orgAward?.name ?? "优秀组织奖";
  const orgCertificates: OrgCertificate[] = published
    ? orgAwards.map((o) => ({ orgId: o.orgId, orgName: o.name, level: o.level, award, campaignTitle: campaign.title, year: campaign.year, issuer: campaign.orgName, date }))
    : [];
  return {
    campaignId: campaign.campaignId,
    title: campaign.title,
    year: campaign.year,
    description: campaign.description,
    orgName: campaign.orgName,
    status: campaign.status,
    noticeEndsAt: campaign.noticeEndsAt!,
    noticeInWords: noticeInWords(campaign),
    publishedAt: campaign.publishedAt,
    awards,
    orgAwardName: campaign.orgAward?.name,
    orgAwards,
    certificates,
    orgCertificates,
  };
}

/** The 公示 end as the 公示 page says it. */
export function noticeInWords(campaign: Pick<StoredCampaign, "noticePeriod" | "noticeEndsAt" | "noticeDays">): string {
  if (campaign.noticePeriod) return periodInWords({ ...campaign.noticePeriod, endsAt: campaign.noticeEndsAt! });
  return campaign.noticeDays > 0 ? `公示期${campaign.noticeDays}天，至${formatBeijingWords(campaign.noticeEndsAt)}止` : "不设公示期";
}
