import { describe, expect, it } from "vitest";
import { call, signIn } from "../support/api";
import { addPerson, choicesFor, createElection, freshBranch, paper, type Person } from "../support/elections";

/**
 * Regenerating voting codes voids every printed card, so the API refuses it unless the request
 * says it replaces them, with the number it voids (issue #20, "Fix first"): a second click, a
 * reload or another device cannot void them unawares.
 */
async function onlineElection(members: number) {
  const admin = await signIn("13800000001");
  const orgId = await freshBranch(admin);
  const scrutineers = [await addPerson(admin, orgId, "监票一", ["scrutineer"]), await addPerson(admin, orgId, "监票二", ["scrutineer"])];
  const voters: Person[] = [];
  for (let i = 0; i < members; i += 1) voters.push(await addPerson(admin, orgId, `会员${i}`));
  const electionId = await createElection(admin, orgId, { ...paper, mode: "online" });
  await call("POST", `/elections/${electionId}/scrutineers`, { token: admin, body: { accountIds: scrutineers.map((s) => s.accountId) } });
  expect((await call("POST", `/elections/${electionId}/roll`, { token: admin })).status).toBe(200);
  return { admin, voters, electionId, rollSize: members };
}

const codes = (token: string, electionId: string, body: Record<string, unknown>) => call("POST", `/elections/${electionId}/codes`, { token, body });
const cast = (electionId: string, code: string, i = 0) => call("POST", `/elections/${electionId}/ballots`, { body: { code, choices: choicesFor(i) } });

describe("regenerating voting codes", () => {
  it("a second generation is refused with how many exist and were handed out, when and by whom; the old codes still vote", async () => {
    const { admin, electionId, rollSize } = await onlineElection(3);
    const first = await codes(admin, electionId, { all: true });
    expect(first.status, first.text).toBe(200);
    expect(first.json.items).toHaveLength(rollSize);

    const view = (await call("GET", `/elections/${electionId}`, { token: admin })).json;
    expect(view.election.codeIssue).toMatchObject({ live: rollSize, byName: "李红" });

    const again = await codes(admin, electionId, { all: true });
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toContain("application/problem+json");
    expect(again.json).toMatchObject({ code: "election.codes_exist", existing: rollSize, handedOut: rollSize, voted: 0, issuedBy: "李红" });
    expect(typeof again.json.issuedAt).toBe("string");

    // A confirmation with the wrong count is refused too (someone may have changed them meanwhile).
    const wrongCount = await codes(admin, electionId, { all: true, replace: true, expectedCount: rollSize - 1 });
    expect(wrongCount.status).toBe(409);
    expect(wrongCount.json).toMatchObject({ code: "election.codes_exist", existing: rollSize });
    // `replace` without the count names the field.
    const noCount = await codes(admin, electionId, { all: true, replace: true });
    expect(noCount.status).toBe(422);
    expect(Object.keys(noCount.json.errors ?? {})).toContain("expectedCount");

    // Nothing was voided by the refusals: every first code still votes.
    expect((await call("POST", `/elections/${electionId}/open`, { token: admin })).status).toBe(200);
    const firstCodes = first.json.items as Array<{ accountId: string; code: string }>;
    expect((await cast(electionId, firstCodes[0]!.code)).status).toBe(201);
    const audit = (await call("GET", `/elections/${electionId}/audit`, { token: admin })).json;
    expect(audit.entries.filter((e: { event: { action: string } }) => e.event.action === "codes_issued")).toHaveLength(1);
  }, 120_000);

  it("replacing with the count shown voids the old codes (not the used one) and issues new ones", async () => {
    const { admin, electionId, rollSize } = await onlineElection(3);
    const first = (await codes(admin, electionId, { all: true })).json.items as Array<{ accountId: string; code: string }>;
    expect((await call("POST", `/elections/${electionId}/open`, { token: admin })).status).toBe(200);
    expect((await cast(electionId, first[0]!.code)).status).toBe(201);

    const refused = await codes(admin, electionId, { all: true });
    expect(refused.json).toMatchObject({ code: "election.codes_exist", existing: rollSize - 1, voted: 1 });
    const replaced = await codes(admin, electionId, { all: true, replace: true, expectedCount: refused.json.existing });
    expect(replaced.status, replaced.text).toBe(200);
    const fresh = replaced.json.items as Array<{ accountId: string; code: string }>;
    expect(fresh.map((c) => c.accountId).sort()).toEqual(first.slice(1).map((c) => c.accountId).sort());
    expect((await cast(electionId, first[1]!.code, 1)).json.code).toBe("election.code_invalid");
    expect((await cast(electionId, fresh.find((c) => c.accountId === first[1]!.accountId)!.code, 1)).status).toBe(201);
    const view = (await call("GET", `/elections/${electionId}`, { token: admin })).json;
    expect(view.election.codeIssue.live).toBe(rollSize);
  }, 120_000);

  it("two first generations in flight at once: one wins, the other is told codes exist; every voter holds exactly one code, and it votes", async () => {
    const { admin, electionId, rollSize } = await onlineElection(6);
    const [a, b] = await Promise.all([codes(admin, electionId, { all: true }), codes(admin, electionId, { all: true })]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const winner = a.status === 200 ? a : b;
    const loser = a.status === 200 ? b : a;
    expect(loser.json.code).toBe("election.codes_exist");
    const issued = winner.json.items as Array<{ accountId: string; code: string }>;
    expect(issued).toHaveLength(rollSize);
    expect(new Set(issued.map((c) => c.accountId)).size).toBe(rollSize);

    const roll = (await call("GET", `/elections/${electionId}/roll`, { token: admin })).json.items as Array<{ hasCode: boolean }>;
    expect(roll.every((voter) => voter.hasCode)).toBe(true);
    const audit = (await call("GET", `/elections/${electionId}/audit`, { token: admin })).json;
    expect(audit.entries.filter((e: { event: { action: string } }) => e.event.action === "codes_issued")).toHaveLength(1);
    expect((await call("POST", `/elections/${electionId}/open`, { token: admin })).status).toBe(200);
    for (const [i, code] of issued.entries()) expect((await cast(electionId, code.code, i)).status).toBe(201);
  }, 120_000);

  it("two replacements in flight with the same confirmation: never a split — each answer that succeeds holds a code for every voter, and each voter ends with exactly one live code", async () => {
    const { admin, electionId, rollSize } = await onlineElection(3);
    const first = (await codes(admin, electionId, { all: true })).json.items as Array<{ accountId: string; code: string }>;
    const body = { all: true, replace: true, expectedCount: rollSize };
    const answers = await Promise.all([codes(admin, electionId, body), codes(admin, electionId, body)]);
    const won = answers.filter((answer) => answer.status === 200);
    expect(won.length).toBeGreaterThanOrEqual(1);
    for (const answer of answers) if (answer.status !== 200) expect(answer.json.code).toBe("election.codes_exist");
    for (const answer of won) expect(answer.json.items).toHaveLength(rollSize);
    expect((await call("POST", `/elections/${electionId}/open`, { token: admin })).status).toBe(200);
    // Every code ever shown, per voter: exactly one of them votes (each cast from its own address, so wrong codes do not throttle).
    const all = [...first, ...won.flatMap((answer) => answer.json.items as Array<{ accountId: string; code: string }>)];
    let n = 0;
    for (const [index, voter] of [...new Set(all.map((c) => c.accountId))].entries()) {
      const outcomes: number[] = [];
      for (const code of all.filter((c) => c.accountId === voter)) {
        n += 1;
        outcomes.push((await call("POST", `/elections/${electionId}/ballots`, { body: { code: code.code, choices: choicesFor(index) }, client: `198.51.100.${n}` })).status);
      }
      expect(outcomes.filter((status) => status === 201)).toHaveLength(1);
    }
  }, 120_000);
});
