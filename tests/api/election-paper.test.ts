import { describe, expect, it } from "vitest";
import { call, signIn } from "../support/api";
import { createElection, freshBranch, importMembers, paper } from "../support/elections";

describe("a member holding a voting code, not signed in", () => {
  it("sees the ballot paper with the code, and nothing without a valid one", async () => {
    const admin = await signIn("13800000001");
    const orgId = await freshBranch(admin);
    await importMembers(admin, orgId, 3);
    const electionId = await createElection(admin, orgId, paper);
    await call("POST", `/elections/${electionId}/roll`, { token: admin });
    const codes = (await call("POST", `/elections/${electionId}/codes`, { token: admin, body: { all: true } })).json.items as Array<{ code: string }>;

    const seen = await call("POST", `/elections/${electionId}/paper`, { body: { code: codes[0]!.code } });
    expect(seen.status).toBe(200);
    expect(seen.json.election).toMatchObject({ electionId, title: paper.title });
    expect(seen.json.election.config.positions.map((p: { title: string }) => p.title)).toEqual(["会长", "理事"]);
    expect(seen.headers.get("cache-control")).toBe("no-store");

    const wrong = await call("POST", `/elections/${electionId}/paper`, { body: { code: "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF" } });
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    expect(wrong.status).toBeLessThan(500);
    expect(wrong.json.code).toBe("election.code_invalid");
    const otherElection = await call("POST", `/elections/no-such-election/paper`, { body: { code: codes[0]!.code } });
    expect(otherElection.json.code).toBe("election.code_invalid");
    expect((await call("POST", `/elections/${electionId}/paper`, { body: {} })).status).toBe(422);
  });
});
