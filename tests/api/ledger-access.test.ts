import { describe, expect, it } from "vitest";
import { call, demoOrgs, signIn } from "../support/api";

/** The 活动台账 download (`GET /orgs/{orgId}/stats?format=docx`) is the statistics page's: admins and reviewers only. */
describe("who may download an org's 活动台账", () => {
  const ledger = (orgId: string) => `/orgs/${orgId}/stats?year=2026&format=docx`;

  it("the district's admin gets a Word document", async () => {
    const response = await call("GET", ledger(demoOrgs().district!), { token: await signIn("13800000001") });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/wordprocessingml/);
    expect(String.fromCharCode(response.bytes[0]!, response.bytes[1]!)).toBe("PK");
  });

  it("a plain member is refused (403), someone with no standing is told the org does not exist (404), no session is 401", async () => {
    const member = await call("GET", ledger(demoOrgs().xinyicheng!), { token: await signIn("13800000004") });
    expect([member.status, member.json.code]).toEqual([403, "access.denied"]);
    const stranger = await call("GET", ledger(demoOrgs().hongqiao!), { token: await signIn("13800000005") });
    expect([stranger.status, stranger.json.code]).toEqual([404, "org.not_found"]);
    const anonymous = await call("GET", ledger(demoOrgs().district!));
    expect(anonymous.status).toBe(401);
    for (const response of [member, stranger, anonymous]) expect(response.headers.get("content-type")).toContain("application/problem+json");
  });
});
