import { request } from "../api";
import type { z } from "zod";
import type { ElectionConfig, NewElectionSchema } from "@tongxin/core/elections/config";
import type { Choices, ChoicesInput } from "@tongxin/core/elections/choices";
import type { Results } from "@tongxin/core/elections/tally";

/** What the election API returns (type-only imports from core: nothing of zod reaches the ballot page). */
export type { ElectionConfig, Results, Choices, ChoicesInput };

export type ElectionStatus = "draft" | "roll_frozen" | "open" | "closed" | "certified" | "published";
export interface Person {
  accountId: string;
  name: string;
}
export interface Certification extends Person {
  at: string;
  resultsHash: string;
}

export interface Election {
  electionId: string;
  orgId: string;
  title: string;
  config: ElectionConfig;
  status: ElectionStatus;
  statusLabel: string;
  scrutineers: Person[];
  /** 计票人 (a sitting that takes paper ballots). */
  tellers?: Person[];
  /** `closed` once the paper ballots are entered and counted. */
  paperEntry?: "open" | "closed";
  certifications: Certification[];
  rollSize?: number;
  resultsHash?: string;
  round: number;
  parentId?: string;
  runoffId?: string;
  createdAt: string;
  openedAt?: string;
  closedAt?: string;
  publishedAt?: string;
  /** 候选人提名, once turned on. */
  nomination?: { formId: string; workflowId: string; workflowName: string; openedAt: string };
  /** Voting codes (or meeting cards) issued and not revoked, and the latest issue's when and who. */
  codeIssue?: { live: number; at: string; byId: string; byName?: string };
}

export interface Standing {
  onRoll: boolean;
  checkedIn: boolean;
  voted: boolean;
  scrutineer: boolean;
  certified: boolean;
  canManage: boolean;
  /** An appointed 计票人. */
  teller?: boolean;
}

/** A position still awaiting candidates (待提名): blocks freezing the roll while the election is a draft. */
export interface CandidateGap {
  positionId: string;
  field: string;
  message: string;
}

export interface ElectionView {
  election: Election;
  /** Filled only while a draft. */
  candidateGaps?: CandidateGap[];
  me: Standing;
}

export interface Turnout {
  status: ElectionStatus;
  statusLabel: string;
  roll: number;
  present: number;
  issued: number;
  /** A sitting that takes paper: paper ballots handed out, and (after the close) entered. */
  paperIssued?: number;
  paperReturned?: number;
  voted: number;
  /** 委托投票: voters present by a written proxy (when the election takes proxies). */
  proxies?: number;
  quorum: { required: number; met: boolean };
}

export interface Voter {
  accountId: string;
  name: string;
  checkedIn: boolean;
  voted: boolean;
  hasCode: boolean;
  /** Took a paper ballot at check-in (领票). */
  paper?: boolean;
  /** Present by a written proxy (委托投票). */
  byProxy?: boolean;
}

export interface CheckinAnswer {
  checkedIn: number;
  already: number;
  notOnRoll: string[];
  bound?: number;
  turnout: Turnout;
}

export interface IssuedCode {
  accountId: string;
  name: string;
  code: string;
}

export interface ResultsDocument {
  electionId: string;
  title: string;
  round: number;
  status: ElectionStatus;
  published: boolean;
  config: ElectionConfig;
  results: Results;
  resultsHash: string;
  certifications: Certification[];
  publishedAt?: string;
  runoffId?: string;
  parentId?: string;
  audit: { valid: boolean; length: number };
}

export interface Bulletin {
  electionId: string;
  title: string;
  resultsHash: string;
  count: number;
  ballots: Array<{ trackingCode: string; choices: Choices }>;
  /** Paper ballots, by batch and sequence number. */
  paperBallots?: Array<{ batch: number; seq: number; choices: Choices }>;
}

export type Side = "A" | "B";

export interface PaperProgress {
  election: Election;
  takesPaper: boolean;
  entryOpen: boolean;
  tellers: Person[];
  batches: Array<{ batch: number; tellers: Partial<Record<Side, string>>; entered: Record<Side, number>; agreed: number; differing: number; resolved: number; single: number }>;
  returned: number;
  settled: number;
  complete: boolean;
  reasons: string[];
  mine: Array<{ batch: number; seq: number; side: Side; line: string; at: string; reading: string[] }>;
  discrepancies?: Array<{ batch: number; seq: number; a: { line: string; tellerName: string }; b: { line: string; tellerName: string }; readingA: string[]; readingB: string[] }>;
  resolved?: Array<{ batch: number; seq: number; line: string; byName: string; at: string }>;
}

export interface EnteredBallot {
  batch: number;
  seq: number;
  side: Side;
  line: string;
  canonical: string;
  reading: string[];
  notes: string[];
}

export interface NominationItem {
  submissionId: string;
  submitterName: string;
  submittedAt?: string;
  positionId: string;
  positionTitle: string;
  name: string;
  reasons: string;
  referee?: string;
  status: string;
  statusLabel: string;
  instanceId?: string;
  outcome?: { outcome: "added" | "refused"; candidateId?: string; reason?: string; at: string };
}

export interface CastResult {
  trackingCode: string;
  replayed: boolean;
  warnings: string[];
}

/** The body of 新建选举 as the server reads it. */
export type NewElectionInput = z.input<typeof NewElectionSchema>;

const one = (electionId: string) => `/elections/${encodeURIComponent(electionId)}`;
const key = (value: string) => ({ "idempotency-key": value });

export const electionsApi = {
  list: (orgId: string, signal?: AbortSignal) => request<{ items: Election[] }>("GET", `/orgs/${encodeURIComponent(orgId)}/elections`, { signal }),
  create: (orgId: string, input: NewElectionInput, idempotencyKey: string) =>
    request<ElectionView>("POST", `/orgs/${encodeURIComponent(orgId)}/elections`, { body: input, headers: key(idempotencyKey) }),
  get: (electionId: string, signal?: AbortSignal) => request<ElectionView>("GET", one(electionId), { signal }),
  appoint: (electionId: string, accountIds: string[]) => request<ElectionView>("POST", `${one(electionId)}/scrutineers`, { body: { accountIds } }),
  step: (electionId: string, step: "roll" | "open" | "close" | "publish") => request<ElectionView>("POST", `${one(electionId)}/${step}`),
  certify: (electionId: string, resultsHash: string) => request<ElectionView>("POST", `${one(electionId)}/certify`, { body: { resultsHash } }),
  runoff: (electionId: string, idempotencyKey: string) => request<ElectionView>("POST", `${one(electionId)}/runoff`, { body: {}, headers: key(idempotencyKey) }),
  openNominations: (electionId: string, workflowId?: string) => request<ElectionView>("POST", `${one(electionId)}/nominations`, { body: workflowId ? { workflowId } : {} }),
  nominations: (electionId: string, signal?: AbortSignal) => request<{ items: NominationItem[] }>("GET", `${one(electionId)}/nominations`, { signal }),
  workflows: (orgId: string, signal?: AbortSignal) => request<{ items: Array<{ workflowId: string; name: string }> }>("GET", `/orgs/${encodeURIComponent(orgId)}/workflows`, { signal }),
  roll: (electionId: string, signal?: AbortSignal) => request<{ items: Voter[] }>("GET", `${one(electionId)}/roll`, { signal }),
  /** Without `replace`, a voter's live code is never voided: 409 `election.codes_exist` with how many exist (`CodesExist`). */
  codes: (electionId: string, accountIds: string[] | "all", replace?: { expectedCount: number }) =>
    request<{ items: IssuedCode[] }>("POST", `${one(electionId)}/codes`, {
      body: { ...(accountIds === "all" ? { all: true } : { accountIds }), ...(replace ? { replace: true, expectedCount: replace.expectedCount } : {}) },
    }),
  /** Meeting mode: blank voting cards to print, dead until the desk hands one over (`bindCard`). */
  cards: (electionId: string, count: number) => request<{ items: Array<{ code: string }> }>("POST", `${one(electionId)}/codes`, { body: { cards: count } }),
  checkIn: (electionId: string, accountIds: string[]) =>
    request<CheckinAnswer>("POST", `${one(electionId)}/checkins`, { body: { accountIds } }),
  /** 领票: the desk hands the voter a paper ballot (and checks them in); refused voters are listed with the reason. */
  issuePaper: (electionId: string, accountId: string) =>
    request<CheckinAnswer & { paper: { issued: number; refused: Array<{ accountId: string; reason: string }> } }>("POST", `${one(electionId)}/checkins`, { body: { paper: [accountId] } }),
  /** The desk hands `code`'s card to the voter: it becomes theirs and valid, and they are checked in. */
  bindCard: (electionId: string, accountId: string, code: string) =>
    request<CheckinAnswer>("POST", `${one(electionId)}/checkins`, { body: { cards: [{ accountId, code }] } }),
  turnout: (electionId: string, signal?: AbortSignal) => request<Turnout>("GET", `${one(electionId)}/turnout`, { signal }),
  results: (electionId: string, signal?: AbortSignal) => request<ResultsDocument>("GET", `${one(electionId)}/results`, { signal }),
  bulletin: (electionId: string, signal?: AbortSignal) => request<Bulletin>("GET", `${one(electionId)}/bulletin`, { signal }),
  appointTellers: (electionId: string, accountIds: string[]) => request<{ election: Election }>("POST", `${one(electionId)}/tellers`, { body: { accountIds } }),
  paperProgress: (electionId: string, signal?: AbortSignal) => request<PaperProgress>("GET", `${one(electionId)}/paper-ballots`, { signal }),
  enterPaper: (electionId: string, entry: { batch: number; seq: number; side: Side; line: string }) => request<EnteredBallot>("POST", `${one(electionId)}/paper-ballots`, { body: entry }),
  resolvePaper: (electionId: string, body: { batch: number; seq: number; line: string }) =>
    request<{ batch: number; seq: number; canonical: string; reading: string[] }>("POST", `${one(electionId)}/paper-ballots/resolutions`, { body }),
  registerProxy: (electionId: string, holderId: string, grantorId: string) =>
    request<{ holderId: string; grantorId: string; held: number; turnout: Turnout }>("POST", `${one(electionId)}/proxies`, { body: { holderId, grantorId } }),
  finishPaper: (electionId: string) => request<{ election: Election }>("POST", `${one(electionId)}/paper-ballots/finish`),
};

/** The XLSX download (the session cookie goes along). */
export const resultsXlsxUrl = (electionId: string) => `/api${one(electionId)}/results?format=xlsx`;

/** PDF downloads: the 选举结果报告单 (to sign), the 换届备案材料 (report, roll summary, candidates, motions; admins). */
export const electionPdfUrl = (electionId: string, kind: "report" | "filing") => `/api${one(electionId)}/${kind}`;

export const voteApi = {
  /** The election for a signed-in member (401 without a session). */
  view: (electionId: string) => request<ElectionView>("GET", one(electionId), { quiet: true }),
  /** The ballot paper for a code holder without a session: `POST /elections/:id/paper { code }` (the code in the body only). */
  paper: (electionId: string, code: string) => request<{ election: Election }>("POST", `${one(electionId)}/paper`, { body: { code }, quiet: true }),
  cast: (electionId: string, choices: ChoicesInput, idempotencyKey: string, code?: string) =>
    request<CastResult>("POST", `${one(electionId)}/ballots`, { body: code ? { code, choices } : { choices }, headers: key(idempotencyKey), quiet: true }),
};
