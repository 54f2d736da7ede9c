import { describe, expect, it } from "vitest";
import { call, demoOrgs, signIn } from "../support/api";

const proposal = {
  title: "新空间读书会",
  theme: "fellowship",
  startsAt: "2026-12-28T19:00",
  endsAt: "2026-12-28T21:00",
  venue: "新意城新空间",
  capacity: 25,
  needsFunds: "no",
  description: "共读《新时代新阶层新使命》",
};

describe("proposing an activity for one's own unit", () => {
  it("a member of a 新空间 proposes through the org, and it waits for the space's own head first", async () => {
    const member = await signIn("13800000004");
    const response = await call("POST", `/orgs/${demoOrgs().xinyicheng}/activities`, { token: member, body: { data: proposal }, headers: { "idempotency-key": `p-${Math.random()}` } });
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({ formId: demoOrgs().activityForm, unitId: demoOrgs().xinyicheng, status: "in_review" });
    const head = await signIn("13800000003");
    const view = await call("GET", `/instances/${response.json.instanceId}`, { token: head });
    expect(view.json.instance.state.step.name).toBe("新空间负责人审核");
    expect(view.json.actions).toContain("approve");
  });

  it("nobody proposes for a unit they do not belong to", async () => {
    const outsider = await signIn("13800000006");
    expect((await call("POST", `/orgs/${demoOrgs().xinyicheng}/activities`, { token: outsider, body: { data: proposal } })).status).toBe(404);
    const districtAdmin = await signIn("13800000001");
    const above = await call("POST", `/orgs/${demoOrgs().xinyicheng}/activities`, { token: districtAdmin, body: { data: proposal } });
    expect(above.status).toBe(403);
    expect((await call("POST", `/orgs/${demoOrgs().xinyicheng}/activities`, { body: { data: proposal } })).status).toBe(401);
  });

  it("an incomplete proposal names the missing answers", async () => {
    const member = await signIn("13800000004");
    const response = await call("POST", `/orgs/${demoOrgs().xinyicheng}/activities`, { token: member, body: { data: { title: "缺项" } } });
    expect(response.status).toBe(422);
    expect(Object.keys(response.json.errors)).toEqual(expect.arrayContaining(["data.theme", "data.startsAt", "data.venue"]));
  });

  it("a proposal that ends before it starts, or in year 9999, is refused with the field named", async () => {
    const member = await signIn("13800000004");
    const propose = (data: object) => call("POST", `/orgs/${demoOrgs().xinyicheng}/activities`, { token: member, body: { data: { ...proposal, ...data } } });
    const backwards = await propose({ startsAt: "2026-12-28T19:00", endsAt: "2026-12-28T18:00" });
    expect(backwards.status).toBe(422);
    expect(backwards.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(backwards.json.errors).toEqual({ "data.endsAt": ["结束时间须晚于开始时间"] });
    const sameMinute = await propose({ endsAt: proposal.startsAt });
    expect(sameMinute.json.errors).toEqual({ "data.endsAt": ["结束时间须晚于开始时间"] });
    const farFuture = await propose({ endsAt: "9999-12-31T23:00" });
    expect(farFuture.status).toBe(422);
    expect(farFuture.json.errors).toEqual({ "data.endsAt": ["结束时间的年份须在1900–2100之间"] });
  });
});
