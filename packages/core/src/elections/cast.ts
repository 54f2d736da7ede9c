import { can, type Actor } from "../access/policy";
import { AppError } from "../errors";
import { cachedForCast, castBallot, castReadKeys, electionForCast, type CastResult } from "./ballots";
import { codeVoter, resolveCodeWith } from "./codes";
import { getVoter } from "./roll";
import { readTogether, type Election } from "./store";

/** Who casts: someone holding a one-time voting code (from a client address, for the throttles), or a signed-in member. */
export type Caster = { code: string; client: string } | { actor: Actor };

/**
 * POST /elections/:id/ballots in one call: resolves the voter (the code, with its throttles, or
 * the session), the election and its cast key, then casts.
 *
 * At most one read call before the transaction: the code and its throttles when voting by code,
 * with the election and its cast key unless this process read them open moments ago (see
 * `cachedForCast`). Whether the voter is on the roll, has voted, is checked in, and whether
 * voting is still open, the transaction itself decides.
 *
 * `ballot`: 加密投票's encrypted ballot (then `choices` is unused).
 *
 * @example await castVote(electionId, { code: "7KQ2-M9XD", client: "203.0.113.7" }, choices, idempotencyKey)
 */
export async function castVote(electionId: string, caster: Caster, choices: unknown, idempotencyKey?: string, ballot?: unknown): Promise<CastResult> {
  const cached = cachedForCast(electionId);
  if ("code" in caster) {
    const resolved = await resolveCodeWith(electionId, caster.code, caster.client, cached ? [] : castReadKeys(electionId));
    const { election, castKey } = cached ?? (await electionForCast(resolved.also));
    if (!election) throw new AppError("election.code_invalid", "投票码无效，请核对后重新输入");
    const voterId = await codeVoter(election, resolved.code);
    return castBallot({ election, voterId, code: resolved.code, choices, ballot, idempotencyKey, castKey });
  }
  const { actor } = caster;
  const { election, castKey } = cached ?? (await electionForCast(await readTogether(castReadKeys(electionId))));
  if (!election) throw new AppError("election.not_found", "选举不存在");
  // Someone who may not see the election is told it does not exist — unless the frozen roll
  // names them (they left the org since): the roll decides who votes.
  if (!can(actor, "elections.read", place(election)) && !(await getVoter(electionId, actor.accountId))) throw new AppError("election.not_found", "选举不存在");
  return castBallot({ election, voterId: actor.accountId, choices, ballot, idempotencyKey, castKey });
}

const place = (election: Election) => ({ orgId: election.orgId, path: election.orgPath });
