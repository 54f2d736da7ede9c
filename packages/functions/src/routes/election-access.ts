import { z } from "@hono/zod-openapi";
import { authorize, type Action, type Actor } from "@tongxin/core/access/policy";
import { AppError } from "@tongxin/core/errors";
import { getElection, type Election } from "@tongxin/core/elections/store";
import type { Context } from "hono";
import type { AppEnv } from "../http/env";
import { requireActor } from "../http/session";

/**
 * What every election route module starts with (elections, paper entry, proxies, documents,
 * results): the path parameter, and the election with the caller allowed `action` in its org.
 * Someone with no standing there is told the election does not exist, as for a made-up id.
 */
export const ElectionParams = z.object({ electionId: z.string().min(1).max(64) });

export const place = (election: Election) => ({ orgId: election.orgId, path: election.orgPath });

export async function electionFor(c: Context<AppEnv>, electionId: string, action: Action, consistent = false): Promise<{ election: Election; actor: Actor }> {
  const actor = await requireActor(c);
  const election = await getElection(electionId, consistent);
  if (!election) throw new AppError("election.not_found", "选举不存在");
  try {
    authorize(actor, action, place(election));
  } catch (error) {
    if (error instanceof AppError && error.code === "org.not_found") throw new AppError("election.not_found", "选举不存在");
    throw error;
  }
  return { election, actor };
}
