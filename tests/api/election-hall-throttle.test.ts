import { describe, expect, it } from "vitest";
import { call, signIn } from "../support/api";
import { addPerson, choicesFor, createElection, freshBranch, importMembers, inBatches, paper } from "../support/elections";

/**
 * One hall, one address: 200 phones on a venue's Wi-Fi share one public address. A voting code
 * is 128 random bits, so the wrong-code limit protects capacity, not secrecy: a valid code is
 * always accepted; only wrong codes are limited per address, each reserved atomically.
 */
async function openElection(members: number) {
  const admin = await signIn("13800000001");
  const orgId = await freshBranch(admin);
  const scrutineers = [await addPerson(admin, orgId, "监票一", ["scrutineer"]), await addPerson(admin, orgId, "监票二", ["scrutineer"])];
  await importMembers(admin, orgId, members);
  const electionId = await createElection(admin, orgId, { ...paper, mode: "online" });
  await call("POST", `/elections/${electionId}/scrutineers`, { token: admin, body: { accountIds: scrutineers.map((s) => s.accountId) } });
  await call("POST", `/elections/${electionId}/roll`, { token: admin });
  const codes = (await call("POST", `/elections/${electionId}/codes`, { token: admin, body: { all: true } })).json.items as Array<{ accountId: string; code: string }>;
  expect(codes).toHaveLength(members);
  expect((await call("POST", `/elections/${electionId}/open`, { token: admin })).status).toBe(200);
  return { admin, electionId, codes };
}

/** The code as someone might mistype it: one character off. */
const mistyped = (code: string) => (code.startsWith("Z") ? `Y${code.slice(1)}` : `Z${code.slice(1)}`);

describe("a meeting hall behind one address", () => {
  it("200 phones, 20 of them mistyping first: every valid code is accepted, and no wrong code is ever a 5xx", async () => {
    const hall = "198.51.100.77";
    const { admin, electionId, codes } = await openElection(200);
    const wrong: number[] = [];
    // The twenty who mistype are the first twenty in, all at once.
    const results = await inBatches(
      codes.map((c, i) => async () => {
        if (i < 20) wrong.push((await call("POST", `/elections/${electionId}/ballots`, { body: { code: mistyped(c.code), choices: choicesFor(i) }, client: hall })).status);
        return call("POST", `/elections/${electionId}/ballots`, { body: { code: c.code, choices: choicesFor(i) }, client: hall });
      }),
      20,
    );
    expect(wrong).toHaveLength(20);
    expect(wrong.every((status) => status === 403 || status === 429)).toBe(true);
    // The limit did bite for the mistypes beyond the window's allowance...
    expect(wrong.filter((status) => status === 429).length).toBeGreaterThan(0);
    // ...and never for a valid code.
    expect(results.map((r) => r.status).filter((status) => status !== 201)).toEqual([]);
    expect((await call("GET", `/elections/${electionId}/turnout`, { token: admin })).json.voted).toBe(200);
  }, 300_000);

  it("25 wrong codes at once from one address with a limit of 5: exactly 5 are judged, 20 are told to wait; other addresses and valid codes are unaffected", async () => {
    const { electionId, codes } = await openElection(3);
    const client = "198.51.100.99";
    const burst = await Promise.all(
      Array.from({ length: 25 }, (_, i) => call("POST", `/elections/${electionId}/ballots`, { body: { code: `WRONG-${i}-AAAAA-BBBBB-CCCCC`, choices: choicesFor(i) }, client })),
    );
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 403)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    for (const refused of burst.filter((r) => r.status === 429)) {
      expect(refused.json.code).toBe("election.code_throttled");
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    // The same address with a valid code: accepted.
    expect((await call("POST", `/elections/${electionId}/ballots`, { body: { code: codes[0]!.code, choices: choicesFor(0) }, client })).status).toBe(201);
    // The ballot paper for a valid code, too.
    expect((await call("POST", `/elections/${electionId}/paper`, { body: { code: codes[1]!.code }, client })).status).toBe(200);
    // Another address mistyping once is judged, not throttled.
    const elsewhere = await call("POST", `/elections/${electionId}/ballots`, { body: { code: "WRONG-ELSEWHERE", choices: choicesFor(0) }, client: "198.51.100.100" });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.json.code).toBe("election.code_invalid");
  }, 120_000);
});
