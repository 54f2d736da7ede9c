import { describe, expect, it } from "vitest";
import { queryAll } from "@tongxin/core/db/query";
import { call, signIn } from "../support/api";
import { addPerson, choicesFor, createElection, freshBranch, paper, type Person } from "../support/elections";

/**
 * A mixed sitting (纸质 + 电子 in one meeting): at check-in a voter takes a paper ballot (领票) or a
 * voting card, never both; a voter who took paper cannot vote by code or signed in, and the reverse.
 */
async function mixedSitting(members: number) {
  const admin = await signIn("13800000001");
  const orgId = await freshBranch(admin);
  const scrutineers = [await addPerson(admin, orgId, "监票一", ["scrutineer"]), await addPerson(admin, orgId, "监票二", ["scrutineer"])];
  const voters: Person[] = [];
  for (let i = 0; i < members; i += 1) voters.push(await addPerson(admin, orgId, `会员${i}`));
  const electionId = await createElection(admin, orgId, { ...paper, ballots: "mixed" });
  await call("POST", `/elections/${electionId}/scrutineers`, { token: admin, body: { accountIds: scrutineers.map((s) => s.accountId) } });
  expect((await call("POST", `/elections/${electionId}/roll`, { token: admin })).status).toBe(200);
  return { admin, voters, electionId };
}

const rollOf = async (electionId: string) =>
  (await Promise.all(Array.from({ length: 16 }, (_, s) => queryAll({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": `ROLL#${electionId}#${s}` }, ConsistentRead: true })))).flat();

describe("a mixed sitting: paper or electronic, never both", () => {
  it("a voter who took paper is refused a card and an electronic ballot; a card holder is refused paper; turnout counts paper issued", async () => {
    const { admin, voters, electionId } = await mixedSitting(3);
    const cards = (await call("POST", `/elections/${electionId}/codes`, { token: admin, body: { cards: 2 } })).json.items as Array<{ code: string }>;
    const took = await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { paper: [voters[0]!.accountId] } });
    expect(took.status, took.text).toBe(200);
    expect(took.json.paper).toEqual({ issued: 1, refused: [] });
    expect((await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { cards: [{ accountId: voters[1]!.accountId, code: cards[0]!.code }] } })).status).toBe(200);
    await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { accountIds: [voters[2]!.accountId] } });

    const noCard = await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { cards: [{ accountId: voters[0]!.accountId, code: cards[1]!.code }] } });
    expect(noCard.status).toBe(409);
    expect(noCard.json.code).toBe("election.took_paper");
    const noPaper = await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { paper: [voters[1]!.accountId, voters[0]!.accountId] } });
    expect(noPaper.json.paper).toEqual({ issued: 0, refused: [{ accountId: voters[1]!.accountId, reason: "已领取投票卡" }, { accountId: voters[0]!.accountId, reason: "已领取纸质选票" }] });
    expect((await call("GET", `/elections/${electionId}/turnout`, { token: admin })).json).toMatchObject({ present: 3, paperIssued: 1 });

    expect((await call("POST", `/elections/${electionId}/open`, { token: admin })).status).toBe(200);
    const signedIn = await call("POST", `/elections/${electionId}/ballots`, { token: voters[0]!.token, body: { choices: choicesFor(0) } });
    expect(signedIn.status).toBe(409);
    expect(signedIn.json.code).toBe("election.took_paper");
    expect((await call("POST", `/elections/${electionId}/ballots`, { body: { code: cards[0]!.code, choices: choicesFor(1) } })).status).toBe(201);
    // Once voted electronically, no paper ballot either.
    expect((await call("POST", `/elections/${electionId}/ballots`, { token: voters[2]!.token, body: { choices: choicesFor(2) } })).status).toBe(201);
    expect((await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { paper: [voters[2]!.accountId] } })).json.paper.refused).toEqual([{ accountId: voters[2]!.accountId, reason: "已经投过票" }]);
  }, 120_000);

  it("paper handed out and an electronic ballot cast for the same voters at the same moment: each voter ends with exactly one of the two", async () => {
    const { admin, voters, electionId } = await mixedSitting(8);
    await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { accountIds: voters.map((v) => v.accountId) } });
    expect((await call("POST", `/elections/${electionId}/open`, { token: admin })).status).toBe(200);
    const raced = await Promise.all(
      voters.map(async (voter, i) => {
        const [desk, phone] = await Promise.all([
          call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { paper: [voter.accountId] } }),
          call("POST", `/elections/${electionId}/ballots`, { token: voter.token, body: { choices: choicesFor(i) } }),
        ]);
        return { accountId: voter.accountId, paper: desk.json.paper.issued === 1, cast: phone.status === 201, refusal: phone.json.code as string | undefined };
      }),
    );
    for (const outcome of raced) {
      expect(outcome.paper !== outcome.cast, JSON.stringify(outcome)).toBe(true);
      if (!outcome.cast) expect(outcome.refusal).toBe("election.took_paper");
    }
    const stored = await rollOf(electionId);
    for (const voter of voters) {
      const entry = stored.find((item) => item.accountId === voter.accountId)!;
      expect(Boolean(entry.paperAt) !== Boolean(entry.voted)).toBe(true);
      expect(Boolean(entry.voted)).toBe(raced.find((r) => r.accountId === voter.accountId)!.cast);
    }
    const turnout = (await call("GET", `/elections/${electionId}/turnout`, { token: admin })).json;
    expect(turnout.paperIssued + turnout.voted).toBe(voters.length);
  }, 120_000);
});
