import { AppError } from "../errors";
import { allBallots, type BulletinEntry } from "./ballots";
import type { Choices } from "./choices";
import type { ElectionConfig } from "./config";
import { quorumOf, storedResults } from "./lifecycle";
import { paperMatching, takesPaper } from "./paper-store";
import { rollCounts } from "./roll";
import { electionAudit, STATUSES, type Certification, type Election } from "./store";
import type { Results } from "./tally";
import { verifyChain, type ChainVerdict } from "../workflows/audit";

/**
 * What people may see of an election, and when: turnout (counts of people, never of votes)
 * at any time; the results to the admins and scrutineers once counted, to everyone once
 * published; the bulletin of every ballot only once published.
 */
export interface Turnout {
  status: Election["status"];
  statusLabel: string;
  roll: number;
  present: number;
  issued: number;
  /** Of `issued`, paper ballots handed out at check-in (领票); only when the sitting takes paper. */
  paperIssued?: number;
  /** Voters who have voted (receipts) — how many, never how. */
  voted: number;
  /** After the close, in a sitting that takes paper: paper ballots entered so far (distinct batch and sequence). */
  paperReturned?: number;
  /** 委托投票 (when the election takes proxies): voters present by a written proxy, part of `present`. */
  proxies?: number;
  quorum: { required: number; met: boolean };
}

export async function turnout(election: Election): Promise<Turnout> {
  const counts = await rollCounts(election.electionId);
  const quorum = quorumOf(election, counts);
  const issued = election.config.mode === "meeting" ? counts.present : counts.roll;
  const paper = takesPaper(election.config);
  const entered = paper && ["closed", "certified", "published"].includes(election.status) ? (await paperMatching(election.electionId, election.config)).returned : undefined;
  return {
    status: election.status,
    statusLabel: STATUSES[election.status],
    roll: counts.roll,
    present: quorum.present,
    issued,
    ...(paper ? { paperIssued: counts.paper } : {}),
    voted: counts.voted,
    ...(entered !== undefined ? { paperReturned: entered } : {}),
    ...((election.config.proxyLimit ?? 0) > 0 ? { proxies: counts.proxies } : {}),
    quorum: { required: quorum.required, met: quorum.met },
  };
}

/** The published results document: everything `scripts/recount.ts` needs besides the bulletin. */
export interface ResultsDocument {
  electionId: string;
  title: string;
  round: number;
  status: Election["status"];
  published: boolean;
  config: ElectionConfig;
  results: Results;
  resultsHash: string;
  certifications: Certification[];
  publishedAt?: string;
  runoffId?: string;
  parentId?: string;
  audit: ChainVerdict;
}

export async function resultsDocument(election: Election, mayPreview: boolean): Promise<ResultsDocument> {
  const counted = ["closed", "certified", "published"].includes(election.status);
  if (!counted || (election.status !== "published" && !mayPreview)) throw new AppError("election.not_published", "选举结果尚未公布");
  const stored = await storedResults(election.electionId);
  if (!stored) throw new AppError("election.not_published", "尚未完成计票");
  return {
    electionId: election.electionId,
    title: election.title,
    round: election.round,
    status: election.status,
    published: election.status === "published",
    config: election.config,
    results: stored.results,
    resultsHash: stored.resultsHash,
    certifications: election.certifications,
    publishedAt: election.publishedAt,
    runoffId: election.runoffId,
    parentId: election.parentId,
    audit: verifyChain(await electionAudit(election.electionId)),
  };
}

export interface Bulletin {
  electionId: string;
  title: string;
  resultsHash: string;
  /** Every ballot counted: electronic plus paper. */
  count: number;
  /** Electronic ballots, by tracking code. */
  ballots: BulletinEntry[];
  /** Paper ballots (a sitting that takes paper), by batch and sequence number — as counted, after the scrutineers' resolutions. */
  paperBallots?: Array<{ batch: number; seq: number; choices: Choices }>;
}

export async function bulletin(election: Election): Promise<Bulletin> {
  if (election.status !== "published") throw new AppError("election.not_published", "选票清单在结果公布后才公开");
  // 加密投票: the box holds ciphertexts; they are published, with their proofs and the decryptions, in the election record.
  if (election.config.encryption) throw new AppError("election.invalid_state", "加密投票的选票以密文公布在选举记录中，请下载选举记录（record.json）核对", { details: { electionStatus: election.status, record: `/elections/${election.electionId}/record` } });
  const [ballots, matching] = await Promise.all([allBallots(election.electionId), takesPaper(election.config) ? paperMatching(election.electionId, election.config) : undefined]);
  const paperBallots = matching?.ballots.map(({ batch, seq, choices }) => ({ batch, seq, choices }));
  return {
    electionId: election.electionId,
    title: election.title,
    resultsHash: election.resultsHash ?? "",
    count: ballots.length + (paperBallots?.length ?? 0),
    ballots,
    ...(paperBallots ? { paperBallots } : {}),
  };
}
