import { ballotsTableName } from "../db/client";
import { Keys } from "../db/keys";
import { queryAll } from "../db/query";
import type { Choices } from "./choices";
import type { ElectionConfig } from "./config";
import { matchEntries, type Matching, type PaperEntry, type PaperResolution, type Side } from "./reconcile";

/**
 * The paper ballots as stored: the tellers' entries and the scrutineers' resolutions, in the
 * ballot box table (`PAPER#<election>`), which has no stream — nothing of a paper ballot's
 * content ever reaches the main table or its stream. Paper ballots carry no voter: only the
 * batch and sequence number written on the paper, and the teller who entered them.
 */
export const takesPaper = (config: Pick<ElectionConfig, "ballots">) => (config.ballots ?? "electronic") !== "electronic";

export async function readPaper(electionId: string): Promise<{ entries: PaperEntry[]; resolutions: PaperResolution[] }> {
  const items = await queryAll(
    { KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": Keys.paperOf(electionId).pk }, ConsistentRead: true },
    ballotsTableName(),
  );
  const entries: PaperEntry[] = [];
  const resolutions: PaperResolution[] = [];
  for (const item of items) {
    if (item.type === "paper_entry") {
      entries.push({
        batch: item.batch as number,
        seq: item.seq as number,
        side: item.side as Side,
        tellerId: item.tellerId as string,
        tellerName: item.tellerName as string,
        line: item.line as string,
        choices: item.choices as Choices,
        at: item.at as string,
      });
    } else if (item.type === "paper_resolution") {
      resolutions.push({
        batch: item.batch as number,
        seq: item.seq as number,
        line: item.line as string,
        choices: item.choices as Choices,
        byId: item.byId as string,
        byName: item.byName as string,
        at: item.at as string,
      });
    }
  }
  return { entries, resolutions };
}

/** The paper ballots of an election, matched (see reconcile.ts). */
export async function paperMatching(
  electionId: string,
  config: Pick<ElectionConfig, "positions" | "motions">,
): Promise<Matching & { entries: PaperEntry[]; resolutions: PaperResolution[] }> {
  const { entries, resolutions } = await readPaper(electionId);
  return { ...matchEntries(config, entries, resolutions), entries, resolutions };
}
