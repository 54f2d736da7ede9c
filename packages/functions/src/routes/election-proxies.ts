import { createRoute, z } from "@hono/zod-openapi";
import { registerProxy } from "@tongxin/core/elections/proxies";
import { turnout } from "@tongxin/core/elections/results";
import { problems, router } from "../http/openapi";
import { ElectionParams, electionFor } from "./election-access";

/**
 * 委托投票 at the check-in desk (admins, like check-in): registers a written proxy from an absent
 * member to a present one, within the election's limit; audited. See core elections/proxies.ts.
 */
const Json = z.record(z.string(), z.unknown());

export const electionProxyRoutes = router().openapi(
  createRoute({
    method: "post",
    path: "/elections/{electionId}/proxies",
    summary: "Register a written proxy (委托投票) at check-in: the absent grantor counts as present and their ballot goes to the holder",
    tags: ["elections"],
    request: {
      params: ElectionParams,
      body: { content: { "application/json": { schema: z.object({ holderId: z.string().min(1, "请选择受托人").max(64), grantorId: z.string().min(1, "请选择委托人").max(64) }) } }, required: true },
    },
    responses: { 201: { content: { "application/json": { schema: Json } }, description: "Registered, with the turnout" }, ...problems(401, 403, 404, 409, 422) },
  }),
  async (c) => {
    const { election, actor } = await electionFor(c, c.req.valid("param").electionId, "elections.manage", true);
    const registered = await registerProxy(election.electionId, actor, c.req.valid("json"));
    return c.json({ ...registered, turnout: await turnout(election) }, 201);
  },
);
