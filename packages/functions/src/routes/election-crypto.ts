import { createRoute, z } from "@hono/zod-openapi";
import { ceremonyState, postTrusteeKeys, postTrusteeShares, setEncryption } from "@tongxin/core/elections/ceremony-store";
import { EncryptionSchema } from "@tongxin/core/elections/config";
import { problems, router } from "../http/openapi";
import { ElectionParams, electionFor } from "./election-access";

/**
 * 加密投票（监票人持钥） (issue #27): the election option (set-up only) and the key ceremony of
 * the 监票人 — device keys and commitments with proofs (checked here), shares sealed to each
 * recipient, the joint key once all have posted. The encrypted cast itself goes through the
 * ordinary POST /elections/:id/ballots (same exactly-once transaction). See core
 * elections/ceremony-store.ts and elections/crypto/README.md.
 */
const Json = z.record(z.string(), z.unknown());
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
  );
