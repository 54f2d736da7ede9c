import { ApiError, newIdempotencyKey, request } from "../api";
import type { AssignmentMatrix, AwardGroup, Campaign, CampaignRole, CampaignStatus, Certificate, Conflict, Entry, EntryPage, EntryResponse, EntryScores, EntryStatus, EntrySummary, JudgeEntryView, JudgeFile, MyAssignment, MyAssignments, Objection, OrgAwardSuggestion, OrgCertificate, PublicCampaign, PublicEntry, Ranking, RankingRow, Score, ScoreStatus } from "@tongxin/core/campaigns/model";
import type { ConfirmInput, Criterion } from "@tongxin/core/campaigns/inputs";
import type { NewCampaignBody } from "./editorModel";
import type { WindowBody } from "./windowModel";

/** What the campaign API returns (type-only imports from core: no zod reaches the judge and public pages). */
export type {
  AssignmentMatrix,
  AwardGroup,
  Campaign,
  CampaignRole,
  CampaignStatus,
  Certificate,
  Conflict,
  Criterion,
  Entry,
  EntryResponse,
  EntryScores,
  EntryStatus,
  EntrySummary,
  JudgeEntryView,
  JudgeFile,
  MyAssignment,
  MyAssignments,
  Objection,
  OrgAwardSuggestion,
  OrgCertificate,
  PublicCampaign,
  PublicEntry,
  Ranking,
  RankingRow,
  Score,
  ScoreStatus,
};

const enc = encodeURIComponent;
const one = (campaignId: string) => `/campaigns/${enc(campaignId)}`;
const key = (value: string) => ({ "idempotency-key": value });

export const campaignsApi = {
  list: (orgId: string, signal?: AbortSignal) => request<{ items: Campaign[] }>("GET", `/orgs/${enc(orgId)}/campaigns`, { signal }),
  create: (orgId: string, body: NewCampaignBody, idempotencyKey: string) =>
    request<Campaign>("POST", `/orgs/${enc(orgId)}/campaigns`, { body, headers: key(idempotencyKey) }),
  get: (campaignId: string, signal?: AbortSignal) => request<Campaign>("GET", one(campaignId), { signal }),

  entries: (campaignId: string, cursor?: string, signal?: AbortSignal) => {
    const query = new URLSearchParams({ limit: "100" });
    if (cursor) query.set("cursor", cursor);
    return request<EntryPage>("GET", `${one(campaignId)}/entries?${query}`, { signal });
  },
  entry: (campaignId: string, entryId: string, signal?: AbortSignal) => request<EntryResponse>("GET", `${one(campaignId)}/entries/${enc(entryId)}`, { signal }),
  createEntry: (campaignId: string, body: { unitId: string; data: Record<string, unknown>; draft: boolean }, idempotencyKey: string) =>
    request<Entry>("POST", `${one(campaignId)}/entries`, { body, headers: key(idempotencyKey) }),
  updateEntry: (campaignId: string, entryId: string, body: { data: Record<string, unknown>; submit: boolean; revision: number }) =>
    request<Entry>("PUT", `${one(campaignId)}/entries/${enc(entryId)}`, { body }),

  setJudges: (campaignId: string, judgeIds: string[]) => request<Campaign>("PUT", `${one(campaignId)}/judges`, { body: { judgeIds } }),
  setWindow: (campaignId: string, body: WindowBody) => request<Campaign>("PUT", `${one(campaignId)}/window`, { body }),
  startJudging: (campaignId: string) => request<Campaign>("POST", `${one(campaignId)}/judging`),
  autoAssign: (campaignId: string) => request<{ added: number; matrix: AssignmentMatrix }>("POST", `${one(campaignId)}/assignments/auto`),
  assignments: (campaignId: string, signal?: AbortSignal) => request<AssignmentMatrix>("GET", `${one(campaignId)}/assignments`, { signal }),
  assign: (campaignId: string, entryId: string, judgeId: string) => request<unknown>("PUT", `${one(campaignId)}/assignments/${enc(entryId)}/${enc(judgeId)}`),
  unassign: (campaignId: string, entryId: string, judgeId: string) => request<unknown>("DELETE", `${one(campaignId)}/assignments/${enc(entryId)}/${enc(judgeId)}`),

  myAssignments: (campaignId: string, signal?: AbortSignal) => request<MyAssignments>("GET", `${one(campaignId)}/my-assignments`, { signal }),
  score: (campaignId: string, entryId: string, body: { scores: Record<string, number>; comment: string; submit: boolean }) =>
    request<Score>("PUT", `${one(campaignId)}/entries/${enc(entryId)}/score`, { body }),
  scores: (campaignId: string, entryId: string, signal?: AbortSignal) => request<EntryScores>("GET", `${one(campaignId)}/entries/${enc(entryId)}/scores`, { signal }),

  ranking: (campaignId: string, signal?: AbortSignal) => request<Ranking>("GET", `${one(campaignId)}/ranking`, { signal }),
  confirm: (campaignId: string, body: ConfirmInput) => request<Campaign>("POST", `${one(campaignId)}/confirm`, { body }),

  objections: (campaignId: string, signal?: AbortSignal) => request<{ items: Objection[] }>("GET", `${one(campaignId)}/objections`, { signal }),
  fileObjection: (campaignId: string, body: { entryId?: string; reasons: string }) => request<Objection>("POST", `${one(campaignId)}/objections`, { body }),
  resolveObjection: (campaignId: string, objectionId: string, body: { answer: string; upheld: boolean }) =>
    request<Objection>("POST", `${one(campaignId)}/objections/${enc(objectionId)}/resolve`, { body }),
  openObjections: (orgId: string, signal?: AbortSignal) =>
    request<{ items: Objection[] }>("GET", `/orgs/${enc(orgId)}/objections?status=open`, { signal }),

  finalize: (campaignId: string) => request<Campaign>("POST", `${one(campaignId)}/finalize`),
};

/** The 成绩表 download (the session cookie goes along). */
export const scoresXlsxUrl = (campaignId: string) => `/api${one(campaignId)}/scores.xlsx`;
/** `GET /campaigns/{id}/certificates.pdf`: every certificate of a published campaign, one PDF (office). */
export const certificatesPdfUrl = (campaignId: string) => `/api${one(campaignId)}/certificates.pdf`;

/** `GET /public/campaigns/{id}/vote`. */
export interface PublicVotePage {
  campaignId: string;
  title: string;
  orgName: string;
  year: number;
  opensAt: string;
  closesAt: string;
  state: "before" | "open" | "after";
  picksPerDay: number;
  showCounts: boolean;
  entries: Array<{ entryId: string; title: string; summary: string; votes?: number }>;
}

/** `GET /campaigns/{id}/public-vote` (office). */
export interface PublicVoteOffice {
  campaignId: string;
  config: { opensAt: string; closesAt: string; picksPerDay: number; perAddressPerDay: number; showCounts: boolean; weight: number };
  state: "before" | "open" | "after";
  entries: Array<{ entryId: string; title: string; votes: number }>;
  signals: {
    total: number;
    voided: number;
    perHour: Record<string, Record<string, number>>;
    topAddresses: Array<{ source: string; votes: number; share: number }>;
    topPrefixes: Array<{ source: string; votes: number; share: number }>;
    bursts: Array<{ entryId: string; from: string; votes: number; usual: number }>;
  };
}

export const voteApi = {
  page: (campaignId: string) => request<PublicVotePage>("GET", `/public${one(campaignId)}/vote`, { quiet: true }),
  sendCode: (campaignId: string, phone: string) => request<{ retryAfter: number }>("POST", `/public${one(campaignId)}/vote/code`, { body: { phone }, quiet: true }),
  verify: (campaignId: string, phone: string, code: string) =>
    request<{ pass: string; expiresAt: string; phone: string; remaining: number }>("POST", `/public${one(campaignId)}/vote/voter`, { body: { phone, code }, quiet: true }),
  cast: (campaignId: string, pass: string, entryIds: string[]) => request<{ accepted: number; remaining: number }>("POST", `/public${one(campaignId)}/votes`, { body: { pass, entryIds }, quiet: true }),
  office: (campaignId: string) => request<PublicVoteOffice>("GET", `${one(campaignId)}/public-vote`),
  configure: (campaignId: string, body: PublicVoteOffice["config"]) => request<Campaign>("PUT", `${one(campaignId)}/public-vote`, { body }),
  voidSource: (campaignId: string, body: { source: { kind: "address" | "prefix" | "phone"; value: string }; reason: string }) =>
    request<{ voided: number }>("POST", `${one(campaignId)}/public-vote/void`, { body }),
};

export const publicApi = {
  campaign: (campaignId: string) => request<PublicCampaign>("GET", `/public${one(campaignId)}`, { quiet: true }),
  /** Who is signed in, if anyone (401 → undefined, no redirect). */
  me: () =>
    request<{ account: { accountId: string; name: string } }>("GET", "/me", { quiet: true }).then(
      (me) => me.account,
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401) return undefined;
        throw error;
      },
    ),
  myObjections: (campaignId: string) => request<{ items: Objection[] }>("GET", `${one(campaignId)}/objections`, { quiet: true }),
  /** Filing again with the same key (a retry after a lost answer) returns the objection already filed. */
  fileObjection: (campaignId: string, body: { entryId?: string; reasons: string }, key: string) =>
    request<Objection>("POST", `${one(campaignId)}/objections`, { body, headers: { "idempotency-key": key }, quiet: true }),
};

/**
 * One Idempotency-Key per objection being written: a retry of the same text for the same entry
 * reuses it (so an answer lost on a bad connection never files the objection twice); new text, or
 * a filing that went through, gets a new one.
 */
export function objectionKeys() {
  let current: { key: string; content: string } | undefined;
  return {
    for(body: { entryId?: string; reasons: string }): string {
      const content = JSON.stringify([body.entryId ?? "", body.reasons]);
      if (current?.content !== content) current = { key: newIdempotencyKey(), content };
      return current.key;
    },
    filed(): void {
      current = undefined;
    },
  };
}
