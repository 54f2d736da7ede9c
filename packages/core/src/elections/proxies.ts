import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { cancellationReasons } from "../db/transactions";
import { AppError } from "../errors";
import { nowIso } from "../ids";
import { getVoter, voterKey } from "./roll";
import { expectStatus, requireElection, transitionItems, type Election } from "./store";

/**
 * 委托投票: an election option (`proxyLimit`, off by default, meeting mode). At check-in the desk
 * registers a written proxy: an absent member (the 委托人) gives their vote to a present member
 * (the 受托人), who may hold at most `proxyLimit` proxies. One transaction:
 * - the grantor's roll entry: `proxyHolderId` and the check-in the proxy counts as (presence),
 *   only if they are not checked in, have not voted and gave no proxy yet;
 * - the holder's entry: one more proxy, only if they are checked in, gave no proxy themselves
 *   and hold fewer than the limit (so N proxies registered at once for one holder: `proxyLimit` stored);
 * - the election item with the next audit entry (`proxy_registered`: who registered, holder, grantor).
 * Each proxy gives one more ballot: the grantor's own, which the desk hands to the holder — a paper
 * ballot (领票 for the grantor) or a voting card bound to the grantor. The grantor can no longer vote
 * signed in (`409 election.proxy_given`): the cast's receipt condition requires `proxyHolderId` absent
 * when no code is used.
 */
interface ActorRef {
  accountId: string;
}

export interface ProxyRegistered {
  holderId: string;
  grantorId: string;
  held: number;
}

export async function registerProxy(electionId: string, actor: ActorRef, input: { holderId: string; grantorId: string }): Promise<ProxyRegistered> {
  const { holderId, grantorId } = input;
  if (holderId === grantorId) throw new AppError("validation.failed", "委托人和受托人不能是同一人", { fields: { grantorId: ["委托人和受托人不能是同一人"] } });
  for (let attempt = 1; ; attempt += 1) {
    const election: Election = await requireElection(electionId, true);
    const limit = election.config.proxyLimit ?? 0;
    if (limit <= 0 || election.config.mode !== "meeting") throw new AppError("election.invalid_state", "本次选举不接受委托投票");
    expectStatus(election, ["roll_frozen", "open"], "登记委托投票");
    const at = nowIso();
    const { items } = transitionItems(election, {}, { action: "proxy_registered", actorId: actor.accountId, holderId, grantorId });
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName(),
                Key: voterKey(electionId, grantorId),
                UpdateExpression: "SET proxyHolderId = :holder, checkedInAt = :at",
                ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(checkedInAt) AND attribute_not_exists(voted) AND attribute_not_exists(proxyHolderId)",
                ExpressionAttributeValues: { ":holder": holderId, ":at": at },
              },
            },
            {
              Update: {
                TableName: tableName(),
                Key: voterKey(electionId, holderId),
                UpdateExpression: "ADD proxyCount :one",
                ConditionExpression: "attribute_exists(pk) AND attribute_exists(checkedInAt) AND attribute_not_exists(proxyHolderId) AND (attribute_not_exists(proxyCount) OR proxyCount < :limit)",
                ExpressionAttributeValues: { ":one": 1, ":limit": limit },
              },
            },
            ...items,
          ],
        }),
      );
      const holder = await getVoter(electionId, holderId);
      return { holderId, grantorId, held: holder?.proxyCount ?? 1 };
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.[0] === "ConditionalCheckFailed") {
        const grantor = await getVoter(electionId, grantorId);
        const why = !grantor ? "委托人不在选民名册上" : grantor.proxyHolderId ? "委托人已委托他人" : grantor.voted ? "委托人已经投票" : "委托人已到会，应本人投票";
        throw new AppError("election.proxy_refused", why, { fields: { grantorId: [why] } });
      }
      if (reasons?.[1] === "ConditionalCheckFailed") {
        const holder = await getVoter(electionId, holderId);
        const why = !holder
          ? "受托人不在选民名册上"
          : !holder.checkedInAt
            ? "受托人须先签到"
            : holder.proxyHolderId
              ? "受托人本人已委托他人，不能接受委托"
              : `受托人已接受${holder.proxyCount ?? 0}份委托，每人最多${limit}份`;
        throw new AppError("election.proxy_refused", why, { fields: { holderId: [why] } });
      }
      // The election item moved (another registration, a check-in step): read it again and retry.
      const retry = reasons !== undefined || (error as { name?: string })?.name === "TransactionConflictException";
      if (!retry || attempt >= 12) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(300, 10 * 2 ** attempt)));
    }
  }
}
