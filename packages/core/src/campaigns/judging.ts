import { CopyObjectCommand, GetObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { Actor } from "../access/policy";
import { batchGetAll } from "../db/batch";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { queryAll } from "../db/query";
import { cancellationReasons } from "../db/transactions";
import { AppError } from "../errors";
import { nowIso } from "../ids";
import { membershipsOf } from "../members/members";
import { getOrgs, type Org } from "../orgs/orgs";
import { s3, uploadsBucket } from "../uploads/s3";
import { getUpload } from "../uploads/uploads";
import { toSubmissions } from "../forms/submission-store";
import type { Submission } from "../forms/submissions";
import { planAssignments } from "./assignment";
import { judgeContent, type BlindName, type StoredFile } from "./blind";
import { conflictOf, type OrgNode } from "./conflicts";
import { eligibleEntries, getEntrySubmission, unitsOf } from "./entries";
import { entryText } from "./entry-form";
import { panelMembers } from "./lifecycle";
import { CONFLICT_REASONS, type AssignmentMatrix, type Conflict, type JudgeEntryView, type JudgeFile, type MyAssignments, type Score } from "./model";
import { type ScoreInput } from "./inputs";
import { totalOf } from "./ranking";
import { validateScores } from "./scoring";
import { changeCampaign, expectStatus, isOffice, type StoredCampaign, type TransactItem } from "./store";

/**
 * Judging: the (entry, judge) items that hold each assignment and its score, the conflict
 * rules applied to them, and the judge's view of an entry.
 */

const SCORE_FIELDS = ["campaignId", "entryId", "judgeId", "judgeName", "status", "scores", "comment", "total", "assignedAt", "updatedAt", "submittedAt"] as const;
export const toScore = (item: Record<string, unknown>): Score =>
  Object.fromEntries(SCORE_FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as unknown as Score;

export async function allScores(campaignId: string, entryId?: string): Promise<Score[]> {
  const key = Keys.campaignScoresOf(campaignId, entryId);
  const items = await queryAll({ KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)", ExpressionAttributeValues: { ":pk": key.pk, ":prefix": key.skPrefix }, ConsistentRead: true });
  return items.map(toScore);
}

export async function getScore(campaignId: string, entryId: string, judgeId: string): Promise<Score | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.campaignScore(campaignId, entryId, judgeId), ConsistentRead: true }));
  return Item ? toScore(Item) : undefined;
}

function assignmentPut(campaignId: string, entryId: string, judgeId: string, judgeName: string, at: string): TransactItem {
  const score: Score = { campaignId, entryId, judgeId, judgeName, status: "assigned", scores: {}, comment: "", total: 0, assignedAt: at, updatedAt: at };
  return {
    Put: {
      TableName: tableName(),
      Item: { ...Keys.campaignScore(campaignId, entryId, judgeId), ...Keys.campaignScoreOfJudge(judgeId, campaignId, entryId), type: "campaign_score", ...score },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

const stillJudging = (campaignId: string): TransactItem => ({
  ConditionCheck: {
    TableName: tableName(),
    Key: Keys.campaign(campaignId),
    ConditionExpression: "#status = :judging",
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: { ":judging": "judging" },
  },
});

/** Each judge's orgs as tree nodes (from their memberships: one Query each). */
async function judgeOrgs(judgeIds: readonly string[]): Promise<Map<string, OrgNode[]>> {
  const rows = await Promise.all(judgeIds.map(async (id) => [id, (await membershipsOf(id)).map((m) => ({ orgId: m.orgId, path: m.orgPath }))] as const));
  return new Map(rows);
}

interface JudgingFacts {
  entries: Submission[];
  units: Map<string, Org>;
  judges: Map<string, { name: string; judge: boolean }>;
  orgsOfJudge: Map<string, OrgNode[]>;
  scores: Score[];
  conflict: (entryId: string, judgeId: string) => Conflict | null;
}

async function judgingFacts(campaign: StoredCampaign): Promise<JudgingFacts> {
  const [entries, judges, orgsOfJudge, scores] = await Promise.all([
    eligibleEntries(campaign),
    panelMembers(campaign.orgId, campaign.judgeIds),
    judgeOrgs(campaign.judgeIds),
    allScores(campaign.campaignId),
  ]);
  const units = await unitsOf(entries);
  const unitOf = new Map(entries.map((e) => [e.submissionId, e.unitId]));
  const conflict = (entryId: string, judgeId: string) => {
    const unit = units.get(unitOf.get(entryId) ?? "");
    return unit ? conflictOf(orgsOfJudge.get(judgeId) ?? [], unit, campaign.orgId) : null;
  };
  return { entries, units, judges, orgsOfJudge, scores, conflict };
}

/** The assignment matrix: every eligible entry with its judges, what is missing, and the conflicts. */
export async function assignmentMatrix(campaign: StoredCampaign): Promise<AssignmentMatrix> {
  const facts = await judgingFacts(campaign);
  const conflictOrgs = new Set<string>();
  const rows = facts.entries.map((entry) => {
    const assigned = facts.scores.filter((s) => s.entryId === entry.submissionId).map((s) => ({ judgeId: s.judgeId, status: s.status }));
    const conflicts: Record<string, Conflict> = {};
    for (const judgeId of campaign.judgeIds) {
      const conflict = facts.conflict(entry.submissionId, judgeId);
      if (conflict) {
        conflicts[judgeId] = conflict;
        conflictOrgs.add(conflict.orgId);
      }
    }
    return { entryId: entry.submissionId, title: entryText(entry.data).title, unitId: entry.unitId, unitName: facts.units.get(entry.unitId)?.name ?? "", assigned, missing: Math.max(0, campaign.judgesPerEntry - assigned.length), conflicts };
  });
  const names = new Map((await getOrgs([...conflictOrgs])).map((org) => [org.orgId, org.name]));
  for (const row of rows) for (const conflict of Object.values(row.conflicts)) conflict.orgName = names.get(conflict.orgId);
  return {
    campaignId: campaign.campaignId,
    judgesPerEntry: campaign.judgesPerEntry,
    judges: campaign.judgeIds.map((judgeId) => ({
      judgeId,
      name: facts.judges.get(judgeId)?.name ?? "",
      load: facts.scores.filter((s) => s.judgeId === judgeId).length,
      submitted: facts.scores.filter((s) => s.judgeId === judgeId && s.status === "submitted").length,
    })),
    entries: rows.sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : 0)),
  };
}

/** Writes per transaction: the campaign update and its audit entry take two of the 100. */
const CHUNK = 90;

/**
 * Fills every eligible entry up to `judgesPerEntry` conflict-free judges, balancing loads.
 * Refused as a whole (nothing written) when some entry cannot get enough judges. Large plans
 * are written in several transactions, each conditional on judging still running; a repeat
 * fills whatever an interrupted run left missing.
 */
export async function autoAssign(campaignId: string, actor: Actor): Promise<{ added: number }> {
  let rest: TransactItem[] = [];
  let added = 0;
  await changeCampaign(
    campaignId,
    async (campaign) => {
      expectStatus(campaign, ["judging"], "分配评委");
      const facts = await judgingFacts(campaign);
      const judgeIds = campaign.judgeIds.filter((id) => facts.judges.get(id)?.judge);
      const plan = planAssignments({
        entryIds: facts.entries.map((e) => e.submissionId),
        judgeIds,
        perEntry: campaign.judgesPerEntry,
        existing: facts.scores,
        conflicted: (entryId, judgeId) => facts.conflict(entryId, judgeId) !== null,
      });
      if (!plan.ok) {
        const titles = new Map(facts.entries.map((e) => [e.submissionId, entryText(e.data).title]));
        throw new AppError("campaign.not_enough_judges", `${plan.short.length}件案例没有足够的无需回避的评委（每件需${campaign.judgesPerEntry}位）：${plan.short.map((s) => `“${titles.get(s.entryId)}”`).join("、")}`, {
          details: { entries: plan.short.map((s) => ({ ...s, title: titles.get(s.entryId) })) },
        });
      }
      const at = nowIso();
      const puts = plan.added.map((p) => assignmentPut(campaign.campaignId, p.entryId, p.judgeId, facts.judges.get(p.judgeId)?.name ?? "", at));
      added = puts.length;
      if (added === 0) return null;
      rest = puts.slice(CHUNK);
      return { changes: {}, event: { action: "assignments_auto", actorId: actor.accountId, pairs: plan.added }, extra: puts.slice(0, CHUNK) };
    },
    () => {
      throw new AppError("conflict.stale", "评委分配已在别处更新，请刷新后重试");
    },
  );
  for (let i = 0; i < rest.length; i += CHUNK) await db().send(new TransactWriteCommand({ TransactItems: [stillJudging(campaignId), ...rest.slice(i, i + CHUNK)] }));
  return { added };
}

/** Adds one judge to one entry by hand; a conflicted judge is refused with the reason. */
export async function assignJudge(campaignId: string, actor: Actor, entryId: string, judgeId: string): Promise<Score> {
  let score: Score | undefined;
  await changeCampaign(
    campaignId,
    async (campaign) => {
      expectStatus(campaign, ["judging"], "分配评委");
      const entry = await getEntrySubmission(campaign, entryId);
      if (!entry || entry.status !== "approved") throw new AppError("campaign.entry_not_found", "参评案例不存在或未通过形式审查");
      const judge = campaign.judgeIds.includes(judgeId) ? (await panelMembers(campaign.orgId, [judgeId])).get(judgeId) : undefined;
      if (!judge?.judge) throw new AppError("validation.failed", "该人员不在本次评选的评委库中", { fields: { judgeId: ["不在评委库中"] } });
      const existing = await getScore(campaignId, entryId, judgeId);
      if (existing) {
        score = existing;
        throw new AlreadyDone();
      }
      const [unit] = await getOrgs([entry.unitId]);
      const conflict = unit ? conflictOf((await judgeOrgs([judgeId])).get(judgeId) ?? [], unit, campaign.orgId) : null;
      if (conflict) {
        const [org] = await getOrgs([conflict.orgId]);
        throw new AppError("campaign.conflict", `该评委需回避：其所在的“${org?.name ?? ""}”是申报单位的${CONFLICT_REASONS[conflict.reason]}`, { details: { ...conflict, orgName: org?.name } });
      }
      const at = nowIso();
      score = { campaignId, entryId, judgeId, judgeName: judge.name, status: "assigned", scores: {}, comment: "", total: 0, assignedAt: at, updatedAt: at };
      return { changes: {}, event: { action: "assignment_added", actorId: actor.accountId, entryId, judgeId }, extra: [assignmentPut(campaignId, entryId, judgeId, judge.name, at)] };
    },
    () => {
      throw new AppError("conflict.stale", "该评委刚被分配到此案例，请刷新");
    },
  ).catch((error) => {
    if (!(error instanceof AlreadyDone)) throw error;
  });
  return score!;
}

class AlreadyDone extends Error {}

/** Removes an assignment whose score has not been submitted. */
export async function unassignJudge(campaignId: string, actor: Actor, entryId: string, judgeId: string): Promise<void> {
  await changeCampaign(
    campaignId,
    async (campaign) => {
      expectStatus(campaign, ["judging"], "撤销分配");
      const existing = await getScore(campaignId, entryId, judgeId);
      if (!existing) throw new AppError("campaign.entry_not_found", "没有这项分配");
      if (existing.status === "submitted") throw new AppError("campaign.score_submitted", "该评委已提交评分，不能撤销分配");
      return {
        changes: {},
        event: { action: "assignment_removed", actorId: actor.accountId, entryId, judgeId },
        extra: [
          {
            Delete: {
              TableName: tableName(),
              Key: Keys.campaignScore(campaignId, entryId, judgeId),
              ConditionExpression: "attribute_exists(pk) AND #status <> :submitted",
              ExpressionAttributeNames: { "#status": "status" },
              ExpressionAttributeValues: { ":submitted": "submitted" },
            },
          },
        ],
      };
    },
    () => {
      throw new AppError("campaign.score_submitted", "该评委已提交评分，不能撤销分配");
    },
  );
}

/** Saves (or submits, finally) the judge's scores for an assigned entry while judging runs. */
export async function saveScore(campaign: StoredCampaign, judgeId: string, entryId: string, input: Required<ScoreInput>): Promise<Score> {
  const current = await getScore(campaign.campaignId, entryId, judgeId);
  if (!current) throw new AppError("campaign.entry_not_found", "案例不存在或未分配给您");
  expectStatus(campaign, ["judging"], "评分");
  if (current.status === "submitted") throw new AppError("campaign.score_submitted", "评分已提交，不能再修改");
  const scores = validateScores(campaign.rubric, input.scores, input.submit);
  const at = nowIso();
  const next: Score = { ...current, scores, comment: input.comment, total: totalOf(scores, campaign.rubric), status: input.submit ? "submitted" : "draft", updatedAt: at, submittedAt: input.submit ? at : undefined };
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: Keys.campaignScore(campaign.campaignId, entryId, judgeId),
              UpdateExpression: `SET scores = :scores, #comment = :comment, #total = :total, #status = :status, updatedAt = :at${input.submit ? ", submittedAt = :at" : ""}`,
              ConditionExpression: "attribute_exists(pk) AND #status <> :submitted",
              ExpressionAttributeNames: { "#status": "status", "#comment": "comment", "#total": "total" },
              ExpressionAttributeValues: { ":scores": scores, ":comment": input.comment, ":total": next.total, ":status": next.status, ":at": at, ":submitted": "submitted" },
            },
          },
          stillJudging(campaign.campaignId),
        ],
      }),
    );
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons?.[0] === "ConditionalCheckFailed") throw new AppError("campaign.score_submitted", "评分已提交，不能再修改");
    if (reasons?.[1] === "ConditionalCheckFailed") throw new AppError("campaign.invalid_state", "评审已结束，不能再评分");
    throw error;
  }
  return next;
}

/**
 * All scores of an entry: the office always; an assigned judge only after submitting their own.
 */
export async function entryScores(campaign: StoredCampaign, actor: Actor, entryId: string): Promise<Score[]> {
  if (!isOffice(actor, campaign)) {
    const mine = await getScore(campaign.campaignId, entryId, actor.accountId);
    if (!mine || !campaign.judgeIds.includes(actor.accountId)) throw new AppError("campaign.entry_not_found", "案例不存在");
    if (mine.status !== "submitted") throw new AppError("campaign.score_first", "提交本人评分后才能查看其他评委的评分");
  } else if (!(await getEntrySubmission(campaign, entryId))) {
    throw new AppError("campaign.entry_not_found", "案例不存在");
  }
  return allScores(campaign.campaignId, entryId);
}

/**
 * Names a judge must not see in blind mode: the unit's and those of its ancestors below the
 * campaign org, the submitter's and the contact's.
 */
export async function namesToMask(campaign: StoredCampaign, submissions: readonly Submission[]): Promise<Map<string, BlindName[]>> {
  const units = await unitsOf(submissions);
  const ancestorIds = [...units.values()].flatMap((u) => u.path.slice(u.path.indexOf(campaign.orgId) + 1));
  const ancestors = new Map((await getOrgs(ancestorIds)).map((o) => [o.orgId, o.name]));
  return new Map(
    submissions.map((s) => {
      const unit = units.get(s.unitId);
      const chain = unit ? [unit.name, ...unit.path.slice(unit.path.indexOf(campaign.orgId) + 1).map((id) => ancestors.get(id) ?? "")] : [];
      const contact = typeof s.data.contactName === "string" ? [s.data.contactName] : [];
      const named = [...chain.map((name) => ({ name, kind: "unit" as const })), ...[s.submitterName, ...contact].map((name) => ({ name, kind: "person" as const }))];
      return [s.submissionId, named.filter((n) => n.name.length > 0)];
    }),
  );
}

const NEUTRAL_URL_SECONDS = 5 * 60;

/**
 * A judge's link to a file: the sealed object is copied once to a neutral key (the original key
 * carries the uploaded file name), and the link names the file as the judge sees it.
 */
async function judgeFileUrl(campaignId: string, file: StoredFile, shownName: string): Promise<string> {
  const key = `campaigns/${campaignId}/files/${file.uploadId}`;
  try {
    await s3().send(new HeadObjectCommand({ Bucket: uploadsBucket(), Key: key }));
  } catch {
    const upload = await getUpload(file.uploadId);
    if (upload) await s3().send(new CopyObjectCommand({ Bucket: uploadsBucket(), Key: key, CopySource: `${uploadsBucket()}/${(upload.finalKey ?? upload.key).split("/").map(encodeURIComponent).join("/")}`, ContentType: upload.contentType, MetadataDirective: "REPLACE" }));
  }
  return getSignedUrl(s3(), new GetObjectCommand({ Bucket: uploadsBucket(), Key: key, ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(shownName)}` }), { expiresIn: NEUTRAL_URL_SECONDS });
}

/** The judge view of an assigned entry: no unit, submitter or contact; masked names and files in blind mode. */
export async function judgeView(campaign: StoredCampaign, submission: Submission, myScore: Score): Promise<JudgeEntryView> {
  const names = (await namesToMask(campaign, [submission])).get(submission.submissionId) ?? [];
  const content = judgeContent(submission.data, { blind: campaign.blind, names });
  const withUrl = (files: typeof content.photos): Promise<JudgeFile[]> =>
    Promise.all(files.map(async ({ uploadId, ...file }) => ({ ...file, url: await judgeFileUrl(campaign.campaignId, { uploadId, name: file.name, size: file.size, type: file.type }, file.name) })));
  const unit = campaign.blind ? undefined : (await unitsOf([submission])).get(submission.unitId)?.name;
  return {
    view: "judge",
    entryId: submission.submissionId,
    campaignId: campaign.campaignId,
    blind: campaign.blind,
    title: content.title,
    summary: content.summary,
    fullText: content.fullText,
    photos: await withUrl(content.photos),
    attachments: await withUrl(content.attachments),
    ...(unit ? { unitName: unit } : {}),
    myScore,
  };
}

/** A judge's assignments in a campaign (one Query of their index), with judge-view titles. */
export async function myAssignments(campaign: StoredCampaign, judgeId: string): Promise<MyAssignments> {
  const key = Keys.campaignScoresOfJudge(judgeId, campaign.campaignId);
  const items = (await queryAll({ IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :prefix)", ExpressionAttributeValues: { ":pk": key.gsi1pk, ":prefix": key.gsi1skPrefix } })).map(toScore);
  const submissions = await toSubmissions(await batchGetAll(items.map((s) => Keys.submission(s.entryId))));
  const byId = new Map(submissions.map((s) => [s.submissionId, s]));
  const names = campaign.blind ? await namesToMask(campaign, submissions) : new Map<string, BlindName[]>();
  return {
    campaignId: campaign.campaignId,
    blind: campaign.blind,
    rubric: campaign.rubric,
    status: campaign.status,
    items: items.map((score) => {
      const submission = byId.get(score.entryId);
      const title = submission ? judgeContent({ title: submission.data.title }, { blind: campaign.blind, names: names.get(score.entryId) ?? [] }).title : "";
      return { entryId: score.entryId, title, status: score.status, total: score.total, updatedAt: score.updatedAt, submittedAt: score.submittedAt };
    }),
  };
}
