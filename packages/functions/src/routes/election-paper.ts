import { createRoute, z } from "@hono/zod-openapi";
import { can, type Actor } from "@tongxin/core/access/policy";
import { appointTellers, enterPaperBallot, finishPaperEntry, paperProgress, resolveDiscrepancy } from "@tongxin/core/elections/paper-entry";
import { STATUSES, type Election } from "@tongxin/core/elections/store";
import { problems, router } from "../http/openapi";
import { ElectionParams, electionFor } from "./election-access";

/**
 * 纸质选票 (#18): the 计票人 of an election, their double entry of the paper ballots after the
 * close (双人录入), the scrutineers' resolution of ballots whose two entries differ, and closing
 * the entry (which counts paper and electronic ballots together). Kept apart from routes/elections.ts;
 * the same access rule: 401, then 404 for outsiders (ids cannot be probed), then the role.
 */
const Json = z.record(z.string(), z.unknown());
const ok = (description: string) => ({ content: { "application/json": { schema: Json } }, description });
const Batch = z.number({ message: "请填写批次" }).int("批次应为整数").min(1, "批次从1开始").max(9999, "批次最大为9999");
const Seq = z.number({ message: "请填写序号" }).int("序号应为整数").min(1, "序号从1开始").max(99999, "序号最大为99999");
const Line = z.string({ message: "请录入选票内容" }).max(2000, "一张选票最多2000个字符");

const manages = (actor: Actor, election: Election) => can(actor, "elections.manage", { orgId: election.orgId, path: election.orgPath });
const brief = (election: Election) => ({ ...election, statusLabel: STATUSES[election.status] });

export const electionPaperRoutes = router()
  .openapi(
    createRoute({
      method: "post",
      path: "/elections/{electionId}/tellers",
      summary: "Appoint the 计票人 of a sitting that takes paper ballots (at least two members of the org, none a candidate or scrutineer)",
      tags: ["elections"],
      request: { params: ElectionParams, body: { content: { "application/json": { schema: z.object({ accountIds: z.array(z.string().min(1).max(64)).min(1, "请选择人员").max(50) }) } }, required: true } },
      responses: { 200: ok("The election"), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { election, actor } = await electionFor(c, c.req.valid("param").electionId, "elections.manage", true);
      return c.json({ election: brief(await appointTellers(election, actor, c.req.valid("json").accountIds)) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/elections/{electionId}/paper-ballots",
      summary: "Progress of the paper ballot entry: batches, the caller's own entries; for scrutineers and admins the ballots whose two entries differ",
      tags: ["elections"],
      request: { params: ElectionParams },
      responses: { 200: ok("Progress"), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const { election, actor } = await electionFor(c, c.req.valid("param").electionId, "elections.read", true);
      c.header("cache-control", "no-store");
      return c.json({ election: brief(election), ...(await paperProgress(election, actor, manages(actor, election))) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/elections/{electionId}/paper-ballots",
      summary: "A teller enters one paper ballot (batch, sequence, side A 一录 / B 二录, one line as on the paper)",
      description:
        "The line: sections in ballot order separated by `/` (each position, then the motions); in a position the numbers of the candidates marked 赞成, `-n` 反对, `+名字` a write-in, `0` blank, `x` spoiled; motions one mark each (`1` 赞成, `2` 反对, `0` 弃权). The whole line `x` is a void ballot, `0` a blank one. Over-marked positions are stored and void at the count. A teller may correct their own entry; the other side of the batch belongs to another teller (409 election.paper_side_taken).",
      tags: ["elections"],
      request: {
        params: ElectionParams,
        body: { content: { "application/json": { schema: z.object({ batch: Batch, seq: Seq, side: z.enum(["A", "B"], { message: "请选择一录（A）或二录（B）" }), line: Line }) } }, required: true },
      },
      responses: { 201: ok("The entry as stored, read back"), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { election, actor } = await electionFor(c, c.req.valid("param").electionId, "elections.read", true);
      return c.json(await enterPaperBallot(election, actor, c.req.valid("json")), 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/elections/{electionId}/paper-ballots/resolutions",
      summary: "An appointed scrutineer resolves a ballot whose two entries differ, entering what the paper says (audited)",
      tags: ["elections"],
      request: { params: ElectionParams, body: { content: { "application/json": { schema: z.object({ batch: Batch, seq: Seq, line: Line }) } }, required: true } },
      responses: { 201: ok("The resolution"), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { election, actor } = await electionFor(c, c.req.valid("param").electionId, "elections.read", true);
      const resolved = await resolveDiscrepancy(election.electionId, actor, c.req.valid("json"));
      return c.json({ ...resolved, election: brief(resolved.election) }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/elections/{electionId}/paper-ballots/finish",
      summary: "Close the paper entry and count paper and electronic ballots together (refused while a ballot is entered once only or differs unresolved)",
      tags: ["elections"],
      request: { params: ElectionParams },
      responses: { 200: ok("The election, counted"), ...problems(401, 403, 404, 409) },
    }),
    async (c) => {
      const { election, actor } = await electionFor(c, c.req.valid("param").electionId, "elections.manage", true);
      return c.json({ election: brief(await finishPaperEntry(election, actor)) }, 200);
    },
  );
