import { createRoute, z } from "@hono/zod-openapi";
import { can, type Actor } from "@tongxin/core/access/policy";
import { AppError } from "@tongxin/core/errors";
import { castVote } from "@tongxin/core/elections/cast";
import { ChoicesSchema } from "@tongxin/core/elections/choices";
import { bindCards, printCards } from "@tongxin/core/elections/cards";
import { issueCodes, resolveCode } from "@tongxin/core/elections/codes";
import { candidateGaps, NewElectionSchema, ThresholdSchema } from "@tongxin/core/elections/config";
import { appointScrutineers, certify, closeVoting, createElection, createRunoff, openVoting, publish } from "@tongxin/core/elections/lifecycle";
import { listNominations, openNominations } from "@tongxin/core/elections/nominations";
import { bulletin, turnout } from "@tongxin/core/elections/results";
import { checkIn, freezeRoll, getVoter, issuePaper, listVoters } from "@tongxin/core/elections/roll";
import { electionAudit, getElection, listElections, STATUSES, type Election } from "@tongxin/core/elections/store";
import { verifyChain } from "@tongxin/core/workflows/audit";
import { clientAddress } from "../http/client";
import { IdempotencyHeaders, problems, router } from "../http/openapi";
import { requireActor, requireOrgAccess } from "../http/session";
import { OrgParams } from "./orgs";
import { ElectionParams, electionFor, place } from "./election-access";
import { idempotentId } from "../http/idempotency";

/**
 * 理事会换届选举. Every route resolves the caller first (401), then the election and the policy
 * on its org (404 for outsiders, so ids cannot be probed; 403 for a member lacking the role).
 * Casting by voting code is the one call that needs no session: the code is the credential.
 *
 * Nothing here logs; the request log records method, path and status only, and no path
 * carries a code or a tracking code.
 */
export const Json = z.record(z.string(), z.unknown());
const ok = (description: string) => ({ content: { "application/json": { schema: Json } }, description });
const AccountIds = z.array(z.string().min(1).max(64)).min(1, "请选择人员").max(5000);
const CheckinBody = z.object({
  accountIds: AccountIds.optional(),
  /** 领票: voters taking a paper ballot (paper or mixed sitting); they then cannot vote electronically. */
  paper: AccountIds.optional(),
  /** Voting cards handed over at the desk: each card's code becomes its voter's (meeting mode). */
  cards: z.array(z.object({ accountId: z.string().min(1).max(64), code: z.string().min(1).max(64) })).min(1).max(5000).optional(),
});


/** The election as shown to the caller, with their own standing (on the roll, checked in, voted). */
async function view(election: Election, actor: Actor) {
  const voter = await getVoter(election.electionId, actor.accountId);
  return {
    election: { ...election, statusLabel: STATUSES[election.status] },
    /** While a draft: the positions still awaiting candidates (待提名), which block freezing the roll. */
    candidateGaps: election.status === "draft" ? candidateGaps(election.config) : [],
    me: {
      onRoll: !!voter,
      checkedIn: !!voter?.checkedInAt,
      voted: !!voter?.voted,
      scrutineer: election.scrutineers.some((person) => person.accountId === actor.accountId),
      certified: election.certifications.some((c) => c.accountId === actor.accountId),
      canManage: can(actor, "elections.manage", place(election)),
      /** An appointed 计票人 (a sitting that takes paper): enters the paper ballots after the close. */
      teller: (election.tellers ?? []).some((person) => person.accountId === actor.accountId),
    },
  };
}

const simplePost = (path: string, summary: string, statuses: number[] = [401, 403, 404, 409]) =>
  createRoute({ method: "post", path, summary, tags: ["elections"], request: { params: ElectionParams }, responses: { 200: ok("The election after the step"), ...problems(...statuses) } });

export const electionRoutes = router()
  .openapi(
    createRoute({
      method: "get",
      path: "/orgs/{orgId}/elections",
      summary: "The org's elections, newest first",
      tags: ["elections"],
      request: { params: OrgParams },
      responses: { 200: ok("Elections"), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const { org } = await requireOrgAccess(c, c.req.valid("param").orgId, "elections.read");
      const items = await listElections(org.orgId);
      return c.json({ items: items.map((election) => ({ ...election, statusLabel: STATUSES[election.status] })) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/orgs/{orgId}/elections",
      summary: "Create an election: positions (等额 slate / 差额 competitive), motions, base, threshold, quorum, mode",
      tags: ["elections"],
      request: { params: OrgParams, headers: IdempotencyHeaders, body: { content: { "application/json": { schema: NewElectionSchema } }, required: true } },
      responses: { 201: ok("Created"), ...problems(401, 403, 404, 422) },
    }),
    async (c) => {
      const { org, actor } = await requireOrgAccess(c, c.req.valid("param").orgId, "elections.manage");
      const election = await createElection(org, actor, c.req.valid("json"), await idempotentId(c, actor.accountId));
      return c.json(await view(election, actor), 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/elections/{electionId}",
      summary: "An election, its status and the caller's standing",
      tags: ["elections"],
      request: { params: ElectionParams },
      responses: { 200: ok("The election"), ...problems(401, 404) },
    }),
    async (c) => {
      const { election, actor } = await electionFor(c, c.req.valid("param").electionId, "elections.read");
      return c.json(await view(election, actor), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/elections/{electionId}/scrutineers",
      summary: "Appoint the 监票人 (at least two holders of the scrutineer role, none a candidate)",
      tags: ["elections"],
      request: { params: ElectionParams, body: { content: { "application/json": { schema: z.object({ accountIds: AccountIds }) } }, required: true } },
      responses: { 200: ok("The election"), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { election, actor } = await electionFor(c, c.req.valid("param").electionId, "elections.manage", true);
      return c.json(await view(await appointScrutineers(election, actor, c.req.valid("json").accountIds), actor), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/elections/{electionId}/nominations",
      summary: "Turn on 候选人提名 (set-up only): a published nomination form for the org's members, vetted by an approval chain (default: one step, the org's admins)",
      description: "Approved nominations become candidates of their position in the approval's own transaction; one refused (election past set-up, not a member, already a candidate, scrutineer, 等额 position full) is recorded with its reason. Calling again returns the election as it is.",
      tags: ["elections"],
      request: {
        params: ElectionParams,
        body: { content: { "application/json": { schema: z.object({ workflowId: z.string().min(1).max(64).optional() }) } }, required: false },
      },
      responses: { 200: ok("The election, with its nomination form and chain"), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { election, actor } = await electionFor(c, c.req.valid("param").electionId, "elections.manage", true);
      const raw = (await c.req.json().catch(() => ({}))) as unknown;
      const parsed = z.object({ workflowId: z.string().min(1).max(64).optional() }).safeParse(raw ?? {});
      if (!parsed.success) throw new AppError("validation.failed", "审批流程选择有误", { fields: { workflowId: ["审批流程选择有误"] } });
      return c.json(await view(await openNominations(election, actor, parsed.data.workflowId), actor), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/elections/{electionId}/nominations",
      summary: "The nominations submitted, with their approval status and whether each became a candidate (admins)",
      tags: ["elections"],
      request: { params: ElectionParams },
      responses: { 200: ok("Nominations"), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const { election } = await electionFor(c, c.req.valid("param").electionId, "elections.manage", true);
      return c.json({ nomination: election.nomination ?? null, items: await listNominations(election) }, 200);
    },
  )
  .openapi(simplePost("/elections/{electionId}/roll", "Freeze the voter roll: a snapshot of the org's members (会员); every position must have its candidates (422 otherwise)", [401, 403, 404, 409, 422]), async (c) => {
    const { election, actor } = await electionFor(c, c.req.valid("param").electionId, "elections.manage", true);
    return c.json(await view(await freezeRoll(election, actor), actor), 200);
  })
  .openapi(
    createRoute({
      method: "get",
      path: "/elections/{electionId}/roll",
      summary: "The frozen roll with check-in and voted marks (admins)",
      tags: ["elections"],
      request: { params: ElectionParams },
      responses: { 200: ok("Voters"), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const { election } = await electionFor(c, c.req.valid("param").electionId, "elections.manage");
      const voters = await listVoters(election.electionId);
      return c.json({ items: voters.map((v) => ({ accountId: v.accountId, name: v.name, checkedIn: !!v.checkedInAt, checkedInAt: v.checkedInAt, voted: !!v.voted, hasCode: !!v.codeHash, paper: !!v.paperAt, byProxy: !!v.proxyHolderId })) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/elections/{electionId}/codes",
      summary: "Issue one-time voting codes (shown once; stored hashed; re-issuing revokes the old code, only with `replace`), or print blank cards for a meeting",
      description:
        "Online: codes for the named voters (or all who have not voted), each bound to its voter. Voters who already hold a live code get a new one only with `replace: true` and `expectedCount` = how many codes that voids; otherwise 409 `election.codes_exist` with `existing`, `handedOut`, `issuedAt`, `issuedBy`. Meeting: `cards: n` prints n blank cards, and any card (blank or named) stays dead until the check-in desk binds it to the voter it hands it to (`POST /checkins` with `cards`). No other answer ever shows a code again.",
      tags: ["elections"],
      request: {
        params: ElectionParams,
        body: {
          content: {
            "application/json": {
              schema: z.object({
                accountIds: AccountIds.optional(),
                all: z.boolean().optional(),
                cards: z.number().int().min(1, "至少打印1张").max(5000, "一次最多打印5000张").optional(),
                qr: z.boolean().default(false),
                /** Void the voters' live codes and issue new ones; `expectedCount` = how many it voids, as shown to the caller. */
                replace: z.boolean().optional(),
                expectedCount: z.number().int().min(0).max(100000).optional(),
              }).refine((body) => !body.replace || body.expectedCount !== undefined, { path: ["expectedCount"], message: "请输入要作废的投票码数量以确认" }),
            },
          },
          required: true,
        },
      },
      responses: { 200: ok("The codes, once"), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { election, actor } = await electionFor(c, c.req.valid("param").electionId, "elections.manage", true);
      const body = c.req.valid("json");
      if (!body.all && !body.accountIds && !body.cards) throw new AppError("validation.failed", "请选择要发放投票码的人员", { fields: { accountIds: ["请选择人员，或选择全部"] } });
      const codes: Array<{ accountId?: string; name?: string; code: string }> = body.cards
        ? (await printCards(election, actor, body.cards)).map((code) => ({ code }))
        : await issueCodes(election, actor, body.all ? "all" : body.accountIds!, body.replace ? { expectedCount: body.expectedCount! } : undefined);
      let items: Array<(typeof codes)[number] & { qr?: string }> = codes;
      if (body.qr) {
        const { voteLinkQr } = await import("@tongxin/core/elections/card-qr");
        const origin = new URL(c.req.url).origin;
        // The code travels in the URL fragment, which browsers never send to the server.
        items = codes.map((code) => ({ ...code, qr: voteLinkQr(`${origin}/elections/${election.electionId}/vote#code=${code.code}`) }));
      }
      c.header("cache-control", "no-store");
      return c.json({ items }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/elections/{electionId}/checkins",
      summary: "Check voters in at the meeting (quorum and ballots issued); with `cards`, bind the voting card the desk hands each one",
      tags: ["elections"],
      request: { params: ElectionParams, body: { content: { "application/json": { schema: CheckinBody } }, required: true } },
      responses: { 200: ok("Check-in result and turnout"), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { election, actor } = await electionFor(c, c.req.valid("param").electionId, "elections.manage", true);
      const { accountIds, cards, paper } = c.req.valid("json");
      if (!accountIds && !cards && !paper) throw new AppError("validation.failed", "请选择签到人员", { fields: { accountIds: ["请选择人员"] } });
      const byName = accountIds ? await checkIn(election, accountIds) : { checkedIn: 0, already: 0, notOnRoll: [] };
      // Each card handed over is bound to its voter (and checks them in), audited with who bound it.
      const byCard = cards ? await bindCards(election, actor, cards) : { checkedIn: 0, already: 0 };
      const result = { checkedIn: byName.checkedIn + byCard.checkedIn, already: byName.already + byCard.already, notOnRoll: byName.notOnRoll };
      const handed = paper ? await issuePaper(election, paper) : undefined;
      return c.json({ ...result, bound: cards?.length ?? 0, ...(handed ? { paper: handed } : {}), turnout: await turnout(election) }, 200);
    },
  )
  .openapi(simplePost("/elections/{electionId}/open", "Open voting (meeting mode: only with a quorum present; two scrutineers appointed)"), async (c) => {
    const { election, actor } = await electionFor(c, c.req.valid("param").electionId, "elections.manage", true);
    return c.json(await view(await openVoting(election, actor), actor), 200);
  })
  .openapi(simplePost("/elections/{electionId}/close", "Close voting and count every ballot"), async (c) => {
    const { election, actor } = await electionFor(c, c.req.valid("param").electionId, "elections.manage", true);
    return c.json(await view(await closeVoting(election, actor), actor), 200);
  })
  .openapi(
    createRoute({
      method: "post",
      path: "/elections/{electionId}/certify",
      summary: "An appointed scrutineer certifies the count (optionally naming the results hash they checked)",
      tags: ["elections"],
      request: { params: ElectionParams, body: { content: { "application/json": { schema: z.object({ resultsHash: z.string().regex(/^[0-9a-f]{64}$/).optional() }) } }, required: false } },
      responses: { 200: ok("The election"), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { election, actor } = await electionFor(c, c.req.valid("param").electionId, "elections.read", true);
      const body = (await c.req.json().catch(() => ({}))) as { resultsHash?: string };
      return c.json(await view(await certify(election.electionId, actor, body.resultsHash), actor), 200);
    },
  )
  .openapi(simplePost("/elections/{electionId}/publish", "Publish the certified results (never with more ballots returned than issued)"), async (c) => {
    const { election, actor } = await electionFor(c, c.req.valid("param").electionId, "elections.manage", true);
    return c.json(await view(await publish(election, actor), actor), 200);
  })
  .openapi(
    createRoute({
      method: "post",
      path: "/elections/{electionId}/runoff",
      summary: "另行选举: create the next round for the unfilled seats with the tied or remaining candidates",
      tags: ["elections"],
      request: {
        params: ElectionParams,
        headers: IdempotencyHeaders,
        body: { content: { "application/json": { schema: z.object({ threshold: ThresholdSchema.optional() }) } }, required: false },
      },
      responses: { 201: ok("The run-off election"), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { election, actor } = await electionFor(c, c.req.valid("param").electionId, "elections.manage", true);
      const raw = (await c.req.json().catch(() => ({}))) as unknown;
      const parsed = z.object({ threshold: ThresholdSchema.optional() }).safeParse(raw ?? {});
      if (!parsed.success) throw new AppError("validation.failed", "门槛设置不正确", { fields: { threshold: ["门槛设置不正确"] } });
      const runoff = await createRunoff(election, actor, { threshold: parsed.data.threshold, electionId: await idempotentId(c, actor.accountId) });
      return c.json(await view(runoff, actor), 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/elections/{electionId}/ballots",
      summary: "Cast a ballot, signed in or with a one-time voting code; returns the tracking code to find it in the bulletin",
      description:
        "One transaction: the election must be open, the voter's receipt is recorded (once), the code is used (once), the ballot is stored with no voter, code or time. A retry with the same Idempotency-Key while voting is open returns the same tracking code; any other second ballot gets 409 election.already_voted. 加密投票: send `ballot` (the encrypted ballot) instead of `choices`; every proof is checked first (422 election.ballot_proof_invalid, nothing stored), the tracking code is the ballot's hash, and the same ballot twice is 409 election.ballot_duplicate.",
      tags: ["elections"],
      request: {
        params: ElectionParams,
        headers: IdempotencyHeaders,
        body: {
          content: {
            "application/json": {
              schema: z.object({
                code: z.string().max(64).optional(),
                /** An ordinary election's choices. */
                choices: ChoicesSchema.optional(),
                /** 加密投票: the encrypted ballot made in the browser (crypto/ballot.ts); every proof is checked before it is accepted. */
                ballot: Json.optional(),
              }),
            },
          },
          required: true,
        },
      },
      responses: { 201: ok("Cast"), 200: ok("A replay of a cast already recorded"), ...problems(401, 403, 404, 409, 422, 429) },
    }),
    async (c) => {
      const { electionId } = c.req.valid("param");
      const { code, choices, ballot } = c.req.valid("json");
      const caster = code !== undefined ? { code, client: await clientAddress(c) } : { actor: await requireActor(c) };
      const result = await castVote(electionId, caster, choices, c.req.valid("header")["idempotency-key"], ballot);
      c.header("cache-control", "no-store");
      return c.json(
        {
          trackingCode: result.trackingCode,
          replayed: result.replayed,
          warnings: result.warnings,
          note: "请保存查验码：结果公布后可在选票清单中核对您的选票。系统不保存查验码与您的对应关系，遗失后无法找回。",
        },
        result.replayed ? 200 : 201,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/elections/{electionId}/paper",
      summary: "The ballot paper for someone holding a voting code, without a session",
      description: "The code goes in the body (never a URL), is throttled like a cast, and is not used up: only casting uses it.",
      tags: ["elections"],
      request: { params: ElectionParams, body: { content: { "application/json": { schema: z.object({ code: z.string().min(1).max(64) }) } }, required: true } },
      responses: { 200: ok("Title, status and ballot paper"), ...problems(403, 422, 429) },
    }),
    async (c) => {
      const { electionId } = c.req.valid("param");
      await resolveCode(electionId, c.req.valid("json").code, await clientAddress(c));
      const election = await getElection(electionId);
      if (!election) throw new AppError("election.code_invalid", "投票码无效，请核对后重新输入");
      c.header("cache-control", "no-store");
      const { title, status, config, round } = election as Election & { round?: number };
      return c.json({ election: { electionId, title, status, statusLabel: STATUSES[status], config, round } }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/elections/{electionId}/turnout",
      summary: "Roll, present, ballots issued, voted so far — never any result",
      tags: ["elections"],
      request: { params: ElectionParams },
      responses: { 200: ok("Turnout"), ...problems(401, 404) },
    }),
    async (c) => {
      const { election } = await electionFor(c, c.req.valid("param").electionId, "elections.read");
      return c.json(await turnout(election), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/elections/{electionId}/bulletin",
      summary: "After publication: every ballot (tracking code and choices), ordered by tracking code, for anyone to recount",
      tags: ["elections"],
      request: { params: ElectionParams },
      responses: { 200: ok("Bulletin"), ...problems(401, 404, 409) },
    }),
    async (c) => {
      const { election } = await electionFor(c, c.req.valid("param").electionId, "elections.read", true);
      return c.json(await bulletin(election), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/elections/{electionId}/audit",
      summary: "The election's hash-chained audit log and whether every link holds",
      tags: ["elections"],
      request: { params: ElectionParams },
      responses: { 200: ok("Audit"), ...problems(401, 404) },
    }),
    async (c) => {
      const { election } = await electionFor(c, c.req.valid("param").electionId, "elections.read");
      const entries = await electionAudit(election.electionId);
      return c.json({ verdict: verifyChain(entries), entries }, 200);
    },
  );
