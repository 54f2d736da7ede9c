/**
 * Key builders: pure functions from domain ids to the table's key attributes, one per
 * access pattern (see ARCHITECTURE.md for the table of patterns).
 */
export type PrimaryKey = { pk: string; sk: string };

const ROOT = "ROOT";
const pad = (value: number, width: number) => String(value).padStart(width, "0");

export const Keys = {
  account: (accountId: string): PrimaryKey => ({ pk: `ACCOUNT#${accountId}`, sk: "ACCOUNT" }),

  /** Unique-login claim: one item per phone or email, written conditionally. */
  login: (login: string): PrimaryKey => ({ pk: `LOGIN#${login}`, sk: "LOGIN" }),

  session: (sessionId: string): PrimaryKey => ({ pk: `SESSION#${sessionId}`, sk: "SESSION" }),

  /**
   * Failed password checks (auth/throttle.ts): per login and client address (`pair`), per login
   * and window (`account`), per client address (`client`).
   */
  throttle: (scope: "pair" | "account" | "client", value: string): PrimaryKey => ({
    pk: `THROTTLE#${scope}#${value}`,
    sk: "THROTTLE",
  }),

  org: (orgId: string): PrimaryKey => ({ pk: `ORG#${orgId}`, sk: "ORG" }),

  /** An Idempotency-Key's claim: the key in its scope (account, method, path), hashed. */
  idempotencyKey: (recordId: string): PrimaryKey => ({ pk: `IDEMPOTENCY#${recordId}`, sk: "IDEMPOTENCY" }),

  /** gsi1 attributes placing an org under its parent (or the root list). */
  orgUnderParent: (parentId: string | null, name: string, orgId: string) => ({
    gsi1pk: `CHILDREN#${parentId ?? ROOT}`,
    gsi1sk: `ORG#${name}#${orgId}`,
  }),

  /** Query gsi1 with this partition to list an org's children (or the roots with `null`). */
  childrenOf: (parentId: string | null) => ({ gsi1pk: `CHILDREN#${parentId ?? ROOT}` }),

  membership: (orgId: string, accountId: string) => ({
    pk: `ORG#${orgId}`,
    sk: `MEMBER#${accountId}`,
    gsi1pk: `ACCOUNT#${accountId}`,
    gsi1sk: `MEMBER#${orgId}`,
  }),

  /** One 身份证号 per member of an org: a claim keyed by the number's keyed hash (never the number), naming the account. */
  memberIdNumberClaim: (orgId: string, idHash: string): PrimaryKey => ({ pk: `ORG#${orgId}`, sk: `IDNO#${idHash}` }),

  /** Query the table with this partition and sort-key prefix to list an org's members. */
  membersOf: (orgId: string) => ({ pk: `ORG#${orgId}`, skPrefix: "MEMBER#" }),

  /** Query gsi1 with this partition and sort-key prefix to list an account's memberships. */
  membershipsOf: (accountId: string) => ({ gsi1pk: `ACCOUNT#${accountId}`, gsi1skPrefix: "MEMBER#" }),

  form: (formId: string): PrimaryKey => ({ pk: `FORM#${formId}`, sk: "FORM" }),

  /** gsi1 attributes listing a form under its org, oldest first. */
  formOfOrg: (orgId: string, createdAt: string, formId: string) => ({ gsi1pk: `FORMS#${orgId}`, gsi1sk: `FORM#${createdAt}#${formId}` }),
  formsOf: (orgId: string) => ({ gsi1pk: `FORMS#${orgId}` }),

  /** Versions live in the form's partition; zero-padded so they sort. */
  formVersion: (formId: string, version: number): PrimaryKey => ({ pk: `FORM#${formId}`, sk: `VERSION#${String(version).padStart(6, "0")}` }),

  submission: (submissionId: string): PrimaryKey => ({ pk: `SUBMISSION#${submissionId}`, sk: "SUBMISSION" }),

  /** gsi1: an account's own submissions and drafts, per form, by creation time. */
  submissionOfAccount: (accountId: string, formId: string, createdAt: string, submissionId: string) => ({
    gsi1pk: `ACCOUNT#${accountId}`,
    gsi1sk: `SUBMISSION#${formId}#${createdAt}#${submissionId}`,
  }),
  submissionsOfAccount: (accountId: string, formId?: string) => ({ gsi1pk: `ACCOUNT#${accountId}`, gsi1skPrefix: `SUBMISSION#${formId ? `${formId}#` : ""}` }),

  /** gsi2: a form's submitted submissions by submission time; gsi3: the same per status. */
  submissionByForm: (formId: string, status: string, submittedAt: string, submissionId: string) => ({
    gsi2pk: `SUBMISSIONS#${formId}`,
    gsi2sk: `${submittedAt}#${submissionId}`,
    gsi3pk: `SUBMISSIONS#${formId}#${status}`,
    gsi3sk: `${submittedAt}#${submissionId}`,
  }),
  submissionsByForm: (formId: string, status?: string) =>
    status ? { index: "gsi3" as const, pk: `SUBMISSIONS#${formId}#${status}` } : { index: "gsi2" as const, pk: `SUBMISSIONS#${formId}` },

  upload: (uploadId: string): PrimaryKey => ({ pk: `UPLOAD#${uploadId}`, sk: "UPLOAD" }),

  workflow: (workflowId: string): PrimaryKey => ({ pk: `WORKFLOW#${workflowId}`, sk: "WORKFLOW" }),
  workflowOfOrg: (orgId: string, createdAt: string, workflowId: string) => ({ gsi1pk: `WORKFLOWS#${orgId}`, gsi1sk: `WORKFLOW#${createdAt}#${workflowId}` }),
  workflowsOf: (orgId: string) => ({ gsi1pk: `WORKFLOWS#${orgId}` }),

  instance: (instanceId: string): PrimaryKey => ({ pk: `INSTANCE#${instanceId}`, sk: "INSTANCE" }),
  /** gsi1: what a person submitted for approval ("my proposals"), newest last. */
  instanceOfSubmitter: (accountId: string, createdAt: string, instanceId: string) => ({ gsi1pk: `ACCOUNT#${accountId}`, gsi1sk: `INSTANCE#${createdAt}#${instanceId}` }),
  instancesOfSubmitter: (accountId: string) => ({ gsi1pk: `ACCOUNT#${accountId}`, gsi1skPrefix: "INSTANCE#" }),

  /** One task per pending approver, in the instance's partition; gsi2 is the inbox by due date. */
  /** 代理审批: an approver's delegation (one per person: who acts for them, from when to when). */
  delegation: (accountId: string): PrimaryKey => ({ pk: `DELEGATION#${accountId}`, sk: "DELEGATION" }),
  task: (instanceId: string, accountId: string): PrimaryKey => ({ pk: `INSTANCE#${instanceId}`, sk: `TASK#${accountId}` }),
  taskInInbox: (accountId: string, dueAt: string, instanceId: string) => ({ gsi2pk: `INBOX#${accountId}`, gsi2sk: `${dueAt}#${instanceId}` }),
  inboxOf: (accountId: string) => ({ gsi2pk: `INBOX#${accountId}` }),
  /**
   * The inbox badge: a person's open tasks, counted in shards (workflows/inbox-store.ts) moved in
   * the same transactions as the tasks; the badge is the sum of the partition (one Query).
   */
  inboxCountShard: (accountId: string, shard: number): PrimaryKey => ({ pk: `INBOXCOUNT#${accountId}`, sk: `SHARD#${shard}` }),
  inboxCountOf: (accountId: string) => ({ pk: `INBOXCOUNT#${accountId}` }),

  /** CC'd people see the instance read-only in their 抄送 list (gsi2). */
  ccEntry: (instanceId: string, accountId: string): PrimaryKey => ({ pk: `INSTANCE#${instanceId}`, sk: `CC#${accountId}` }),
  ccInList: (accountId: string, at: string, instanceId: string) => ({ gsi2pk: `CC#${accountId}`, gsi2sk: `${at}#${instanceId}` }),
  ccListOf: (accountId: string) => ({ gsi2pk: `CC#${accountId}` }),

  /** Audit entries in the instance's partition, zero-padded so they sort. */
  auditEntry: (instanceId: string, seq: number): PrimaryKey => ({ pk: `INSTANCE#${instanceId}`, sk: `AUDIT#${String(seq).padStart(6, "0")}` }),
  auditOf: (instanceId: string) => ({ pk: `INSTANCE#${instanceId}`, skPrefix: "AUDIT#" }),

  /** An activity opened by an approved proposal, with its counters (confirmed, waitlisted, checked in). */
  activity: (activityId: string): PrimaryKey => ({ pk: `ACTIVITY#${activityId}`, sk: "ACTIVITY" }),
  /** One calendar entry per ancestor-or-self org of the activity's unit; gsi3 lists an org's subtree by start time. */
  calendarEntry: (activityId: string, orgId: string, startsAt: string) => ({
    pk: `ACTIVITY#${activityId}`,
    sk: `CAL#${orgId}`,
    gsi3pk: `CAL#${orgId}`,
    gsi3sk: `${startsAt}#${activityId}`,
  }),
  calendarOf: (orgId: string) => ({ gsi3pk: `CAL#${orgId}` }),
  /** A person's sign-up, in the activity's partition; gsi1 lists an account's sign-ups by start time. */
  signup: (activityId: string, accountId: string): PrimaryKey => ({ pk: `ACTIVITY#${activityId}`, sk: `SIGNUP#${accountId}` }),
  signupOfAccount: (accountId: string, startsAt: string, activityId: string) => ({ gsi1pk: `ACCOUNT#${accountId}`, gsi1sk: `SIGNUP#${startsAt}#${activityId}` }),
  signupsOfAccount: (accountId: string) => ({ gsi1pk: `ACCOUNT#${accountId}`, gsi1skPrefix: "SIGNUP#" }),
  signupsOf: (activityId: string) => ({ pk: `ACTIVITY#${activityId}`, skPrefix: "SIGNUP#" }),
  /** The waitlist, in ticket order (zero-padded): a consistent Query with Limit 1 reads its head. */
  waitlistEntry: (activityId: string, ticket: number): PrimaryKey => ({ pk: `ACTIVITY#${activityId}`, sk: `WAIT#${String(ticket).padStart(8, "0")}` }),
  waitlistOf: (activityId: string) => ({ pk: `ACTIVITY#${activityId}`, skPrefix: "WAIT#" }),
  /** A confirmed sign-up's check-in token (shown to the member as a QR code). */
  checkinToken: (activityId: string, token: string): PrimaryKey => ({ pk: `ACTIVITY#${activityId}`, sk: `CHECKIN#${token}` }),

  /** Activity statistics per org: month × theme cells, the year's totals, and one marker per distinct person. */
  statsCell: (orgId: string, year: string, month: string, theme: string): PrimaryKey => ({ pk: `STATS#${orgId}`, sk: `Y#${year}#M#${month}#T#${theme}` }),
  statsYear: (orgId: string, year: string): PrimaryKey => ({ pk: `STATS#${orgId}`, sk: `Y#${year}` }),
  statsPerson: (orgId: string, year: string, accountId: string): PrimaryKey => ({ pk: `STATS#${orgId}`, sk: `Y#${year}#P#${accountId}` }),
  statsCellsOf: (orgId: string, year: string) => ({ pk: `STATS#${orgId}`, skPrefix: `Y#${year}#M#` }),
  statsOf: (orgId: string) => ({ pk: `STATS#${orgId}`, skPrefix: "Y#" }),
  /** An election, listed under its org by creation time (gsi1). */
  election: (electionId: string): PrimaryKey => ({ pk: `ELECTION#${electionId}`, sk: "ELECTION" }),
  electionOfOrg: (orgId: string, createdAt: string, electionId: string) => ({ gsi1pk: `ELECTIONS#${orgId}`, gsi1sk: `ELECTION#${createdAt}#${electionId}` }),
  electionsOf: (orgId: string) => ({ gsi1pk: `ELECTIONS#${orgId}` }),
  /** The per-election key that derives tracking codes; exists only while voting is open. */
  electionCastKey: (electionId: string): PrimaryKey => ({ pk: `ELECTION#${electionId}`, sk: "CASTKEY" }),
  /** The count computed at close (figures, per position and motion). */
  electionResults: (electionId: string): PrimaryKey => ({ pk: `ELECTION#${electionId}`, sk: "RESULTS" }),
  /** What became of an election's nomination (the submission id) when its approval completed: added as a candidate, or refused and why. */
  electionNomination: (electionId: string, submissionId: string): PrimaryKey => ({ pk: `ELECTION#${electionId}`, sk: `NOMINATION#${submissionId}` }),
  electionNominationsOf: (electionId: string) => ({ pk: `ELECTION#${electionId}`, skPrefix: "NOMINATION#" }),
  /** 加密投票: the key ceremony (trustees, threshold, the joint key once every 监票人 has posted their shares). */
  electionCeremony: (electionId: string): PrimaryKey => ({ pk: `ELECTION#${electionId}`, sk: "CEREMONY" }),
  /** One 监票人's published device key and commitments (with proofs), or the shares they sealed to the others. */
  electionCeremonyPart: (electionId: string, part: "KEYS" | "SHARES", trustee: number): PrimaryKey => ({ pk: `ELECTION#${electionId}`, sk: `CEREMONY#${part}#${String(trustee).padStart(2, "0")}` }),
  electionCeremonyParts: (electionId: string) => ({ pk: `ELECTION#${electionId}`, skPrefix: "CEREMONY#" }),
  /** 加密投票: the homomorphic sums of the encrypted ballots, per option, written once at the close (or the first count). */
  electionCryptoSums: (electionId: string): PrimaryKey => ({ pk: `ELECTION#${electionId}`, sk: "CRYPTO#SUMS" }),
  /** 加密投票: one 监票人's partial decryptions (with proofs) of the sums and write-in slots. */
  electionDecryption: (electionId: string, trustee: number): PrimaryKey => ({ pk: `ELECTION#${electionId}`, sk: `CRYPTO#DECRYPTION#${String(trustee).padStart(2, "0")}` }),
  electionDecryptions: (electionId: string) => ({ pk: `ELECTION#${electionId}`, skPrefix: "CRYPTO#DECRYPTION#" }),
  /** The election's hash-chained audit log, zero-padded so it sorts. */
  electionAuditEntry: (electionId: string, seq: number): PrimaryKey => ({ pk: `ELECTION#${electionId}`, sk: `AUDIT#${String(seq).padStart(6, "0")}` }),
  electionAuditOf: (electionId: string) => ({ pk: `ELECTION#${electionId}`, skPrefix: "AUDIT#" }),
  /** A voter on the frozen roll, sharded by voter (check-in and the voted receipt live here). */
  electionVoter: (electionId: string, shard: number, accountId: string): PrimaryKey => ({ pk: `ROLL#${electionId}#${shard}`, sk: `VOTER#${accountId}` }),
  electionRollShard: (electionId: string, shard: number) => ({ pk: `ROLL#${electionId}#${shard}`, skPrefix: "VOTER#" }),
  /** A one-time voting code, by the hash of the code, sharded by that hash. */
  votingCode: (electionId: string, shard: number, codeHash: string): PrimaryKey => ({ pk: `VCODES#${electionId}#${shard}`, sk: `CODE#${codeHash}` }),
  votingCodeShard: (electionId: string, shard: number) => ({ pk: `VCODES#${electionId}#${shard}`, skPrefix: "CODE#" }),
  /** A cast ballot, in the ballot box table (no stream): keyed by its random tracking code, no voter and no time. */
  ballot: (electionId: string, shard: number, trackingCode: string): PrimaryKey => ({ pk: `BALLOTS#${electionId}#${shard}`, sk: `BALLOT#${trackingCode}` }),
  ballotShard: (electionId: string, shard: number) => ({ pk: `BALLOTS#${electionId}#${shard}`, skPrefix: "BALLOT#" }),
  /**
   * 双人录入 (ballots table, no stream): one partition per election holding each teller's entry of a
   * paper ballot (`ENTRY#batch#seq#side`), who holds each side of a batch (`CLAIM#batch#side`), which side
   * a teller holds in a batch (`TELLER#batch#account`) and the scrutineers' resolutions (`RESOLVED#batch#seq`).
   */
  paperEntry: (electionId: string, batch: number, seq: number, side: string): PrimaryKey => ({ pk: `PAPER#${electionId}`, sk: `ENTRY#${pad(batch, 4)}#${pad(seq, 5)}#${side}` }),
  paperClaim: (electionId: string, batch: number, side: string): PrimaryKey => ({ pk: `PAPER#${electionId}`, sk: `CLAIM#${pad(batch, 4)}#${side}` }),
  paperTellerSide: (electionId: string, batch: number, accountId: string): PrimaryKey => ({ pk: `PAPER#${electionId}`, sk: `TELLER#${pad(batch, 4)}#${accountId}` }),
  paperResolution: (electionId: string, batch: number, seq: number): PrimaryKey => ({ pk: `PAPER#${electionId}`, sk: `RESOLVED#${pad(batch, 4)}#${pad(seq, 5)}` }),
  paperOf: (electionId: string) => ({ pk: `PAPER#${electionId}` }),
  /** The election's open/closed status copied onto 16 gate items (each cast checks one), written with the election item in one transaction. */
  electionGate: (electionId: string, shard: number): PrimaryKey => ({ pk: `GATE#${electionId}#${shard}`, sk: "GATE" }),
  /** Wrong voting codes per election and client address in the current window (an atomic counter, TTL). */
  votingCodeThrottle: (electionId: string, client: string): PrimaryKey => ({ pk: `THROTTLE#vcode#${electionId}#${client}`, sk: "THROTTLE" }),

  /** A 十佳案例 campaign, listed under its org by creation time (gsi1). */
  campaign: (campaignId: string): PrimaryKey => ({ pk: `CAMPAIGN#${campaignId}`, sk: "CAMPAIGN" }),
  campaignOfOrg: (orgId: string, createdAt: string, campaignId: string) => ({ gsi1pk: `CAMPAIGNS#${orgId}`, gsi1sk: `CAMPAIGN#${createdAt}#${campaignId}` }),
  campaignsOf: (orgId: string) => ({ gsi1pk: `CAMPAIGNS#${orgId}` }),
  /** One (entry, judge) assignment holding the score; gsi1 lists a judge's assignments. */
  campaignScore: (campaignId: string, entryId: string, judgeId: string): PrimaryKey => ({ pk: `CAMPAIGN#${campaignId}`, sk: `SCORE#${entryId}#${judgeId}` }),
  campaignScoreOfJudge: (judgeId: string, campaignId: string, entryId: string) => ({ gsi1pk: `JUDGE#${judgeId}`, gsi1sk: `CAMPAIGN#${campaignId}#${entryId}` }),
  campaignScoresOfJudge: (judgeId: string, campaignId: string) => ({ gsi1pk: `JUDGE#${judgeId}`, gsi1skPrefix: `CAMPAIGN#${campaignId}#` }),
  campaignScoresOf: (campaignId: string, entryId?: string) => ({ pk: `CAMPAIGN#${campaignId}`, skPrefix: entryId ? `SCORE#${entryId}#` : "SCORE#" }),
  /** An objection (异议) in the campaign's partition; while open, gsi2 lists it in the office's 待办. */
  campaignObjection: (campaignId: string, objectionId: string): PrimaryKey => ({ pk: `CAMPAIGN#${campaignId}`, sk: `OBJECTION#${objectionId}` }),
  campaignObjectionsOf: (campaignId: string) => ({ pk: `CAMPAIGN#${campaignId}`, skPrefix: "OBJECTION#" }),
  openObjectionInOrg: (orgId: string, createdAt: string, objectionId: string) => ({ gsi2pk: `OBJECTIONS#${orgId}#open`, gsi2sk: `${createdAt}#${objectionId}` }),
  openObjectionsOfOrg: (orgId: string) => ({ gsi2pk: `OBJECTIONS#${orgId}#open` }),
  /** The campaign's hash-chained audit log, zero-padded so it sorts. */
  campaignAuditEntry: (campaignId: string, seq: number): PrimaryKey => ({ pk: `CAMPAIGN#${campaignId}`, sk: `AUDIT#${String(seq).padStart(6, "0")}` }),
  campaignAuditOf: (campaignId: string) => ({ pk: `CAMPAIGN#${campaignId}`, skPrefix: "AUDIT#" }),

  /** 个人信息访问记录: an org's hash-chained log of unmasked views and exports of the personal data it holds. */
  personalAccessEntry: (orgId: string, seq: number): PrimaryKey => ({ pk: `PIIACCESS#${orgId}`, sk: `AUDIT#${String(seq).padStart(8, "0")}` }),
  personalAccessOf: (orgId: string) => ({ pk: `PIIACCESS#${orgId}`, skPrefix: "AUDIT#" }),
  /** A submission whose personal answers fall due for erasure; gsi1 lists them by due day (the retention job Queries it). */
  retentionDue: (submissionId: string, dueDay: string) => ({ pk: `RETAIN#${submissionId}`, sk: "RETAIN", gsi1pk: `RETAIN_DUE#${dueDay}`, gsi1sk: submissionId }),
  retentionDueOn: (dueDay: string) => ({ gsi1pk: `RETAIN_DUE#${dueDay}` }),
  /** A key of the table's own (the HMAC key of personal values), wrapped by the stage's KMS key. */
  keyring: (purpose: string): PrimaryKey => ({ pk: `KEYRING#${purpose}`, sk: "KEYRING" }),
} as const;
