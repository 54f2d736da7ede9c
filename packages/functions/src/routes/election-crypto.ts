import { createRoute, z } from "@hono/zod-openapi";
import { ceremonyState, postTrusteeKeys, postTrusteeShares, setEncryption } from "@tongxin/core/elections/ceremony-store";
import { EncryptionSchema } from "@tongxin/core/elections/config";
import { decryptionState, electionRecord, fallBackToPaper, postDecryption } from "@tongxin/core/elections/decryption-store";
import { can } from "@tongxin/core/access/policy";
import { AppError } from "@tongxin/core/errors";
import { problems, router } from "../http/openapi";
import { ElectionParams, electionFor, place } from "./election-access";

/**
 * 加密投票（监票人持钥） (issue #27): the election option (set-up only) and the key ceremony of
 * the 监票人 — device keys and commitments with proofs (checked here), shares sealed to each
 * recipient, the joint key once all have posted — and the count: the sums and write-in slots to
 * decrypt, each 监票人's partial decryptions with proofs (checked here; t of them complete the
 * count), and the election record (record.json) that `npm run verify-election` checks. The encrypted cast itself goes through the
 * ordinary POST /elections/:id/ballots (same exactly-once transaction). See core
 * elections/ceremony-store.ts and elections/crypto/README.md.
 */
const Json = z.record(z.string(), z.unknown());
const FallbackSchema = z.object({ reason: z.string().trim().min(4, "请写明改用纸质选票的原因（至少4个字）").max(500, "原因最多500个字") });
const ok = (description: string) => ({ content: { "application/json": { schema: Json } }, description });

export const electionCryptoRoutes = router()
  .openapi(
    createRoute({
      method: "put",
      path: "/elections/{electionId}/encryption",
      summary: "Turn 加密投票（监票人持钥） on or off, with the threshold t (default a majority of the 监票人); set-up (draft) only",
      tags: ["elections"],
      request: { params: ElectionParams, body: { content: { "application/json": { schema: EncryptionSchema } }, required: true } },
      responses: { 200: ok("The setting"), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { election, actor } = await electionFor(c, c.req.valid("param").electionId, "elections.manage", true);
      const next = await setEncryption(election, actor.accountId, c.req.valid("json"));
      return c.json({ electionId: next.electionId, status: next.status, encryption: next.config.encryption ?? null }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/elections/{electionId}/ceremony",
      summary: "The key ceremony as published: 监票人 and threshold, device keys, commitments with proofs, sealed shares, the joint key once complete",
      tags: ["elections"],
      request: { params: ElectionParams },
      responses: { 200: ok("The ceremony"), ...problems(401, 404) },
    }),
    async (c) => {
      const { election } = await electionFor(c, c.req.valid("param").electionId, "elections.read");
      return c.json({ electionId: election.electionId, encryption: election.config.encryption ?? null, ...(await ceremonyState(election.electionId)) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/elections/{electionId}/ceremony/keys",
      summary: "A 监票人 publishes their device key and commitments, each with its proof (checked; a bad proof is 422 naming the field, nothing stored); once each",
      tags: ["elections"],
      request: { params: ElectionParams, body: { content: { "application/json": { schema: z.object({ deviceKey: Json, commitments: Json }) } }, required: true } },
      responses: { 201: ok("The ceremony"), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { election, actor } = await electionFor(c, c.req.valid("param").electionId, "elections.read", true);
      return c.json(await postTrusteeKeys(election, actor.accountId, c.req.valid("json")), 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/elections/{electionId}/ceremony/shares",
      summary: "A 监票人 posts their share for each other 监票人, sealed to the recipient's device key; the last one publishes the joint key; once each",
      tags: ["elections"],
      request: { params: ElectionParams, body: { content: { "application/json": { schema: z.object({ shares: z.array(Json).max(20) }) } }, required: true } },
      responses: { 201: ok("The ceremony"), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { election, actor } = await electionFor(c, c.req.valid("param").electionId, "elections.read", true);
      return c.json(await postTrusteeShares(election, actor.accountId, c.req.valid("json")), 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/elections/{electionId}/decryption",
      summary: "After the close: the homomorphic sums per option and the write-in slots each 监票人 decrypts on their device, the threshold, who has posted",
      tags: ["elections"],
      request: { params: ElectionParams },
      responses: { 200: ok("What to decrypt"), ...problems(401, 404, 409) },
    }),
    async (c) => {
      const { election } = await electionFor(c, c.req.valid("param").electionId, "elections.read");
      return c.json({ electionId: election.electionId, ...(await decryptionState(election)) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/elections/{electionId}/decryption",
      summary: "A 监票人 posts their partial decryptions of every sum and write-in slot, each with its proof (all checked; a bad one is 422 naming the field, nothing stored); once each; the t-th completes the count",
      tags: ["elections"],
      request: { params: ElectionParams, body: { content: { "application/json": { schema: z.object({ trustee: z.number().int(), sums: Json, writeIns: z.array(Json).max(100_000) }) } }, required: true } },
      responses: { 201: ok("Who has decrypted; the results hash once counted"), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { election, actor } = await electionFor(c, c.req.valid("param").electionId, "elections.read", true);
      return c.json({ electionId: election.electionId, ...(await postDecryption(election, actor.accountId, c.req.valid("json"))) }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/elections/{electionId}/record",
      summary: "The election record (record.json) of a counted 加密投票 election, for the verifier: to admins and 监票人 once counted, to everyone once published",
      tags: ["elections"],
      request: { params: ElectionParams },
      responses: { 200: ok("record.json"), ...problems(401, 404, 409) },
    }),
    async (c) => {
      const { election, actor } = await electionFor(c, c.req.valid("param").electionId, "elections.read", true);
      const mayPreview = can(actor, "elections.manage", place(election)) || election.scrutineers.some((person) => person.accountId === actor.accountId);
      if (election.status !== "published" && !mayPreview) throw new AppError("election.not_published", "选举记录在结果公布后才公开");
      c.header("content-disposition", `attachment; filename="record-${election.electionId}.json"`);
      return c.json(await electionRecord(election), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/elections/{electionId}/encryption/fallback",
      summary: "Fewer than t 监票人 can decrypt: an admin falls back, with a reason (audited), to counting the sitting's paper ballots only; the encrypted ballots stay sealed",
      tags: ["elections"],
      request: { params: ElectionParams, body: { content: { "application/json": { schema: FallbackSchema } }, required: true } },
      responses: { 200: ok("The election"), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { election, actor } = await electionFor(c, c.req.valid("param").electionId, "elections.manage", true);
      const next = await fallBackToPaper(election, actor, c.req.valid("json").reason);
      return c.json({ electionId: next.electionId, status: next.status, paperFallback: next.paperFallback ?? null, resultsHash: next.resultsHash ?? null }, 200);
    },
  );
