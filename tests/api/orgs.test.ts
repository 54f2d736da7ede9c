import { describe, expect, it } from "vitest";
import { call, demoOrgs, signIn } from "../support/api";

describe("the organisation tree", () => {
  it("a district admin opens a 新空间 and sees where it sits in the tree and what they may do there", async () => {
    const token = await signIn("13800000001");
    const detail = await call("GET", `/orgs/${demoOrgs().xinyicheng}`, { token });
    expect(detail.status).toBe(200);
    expect(detail.json.org).toMatchObject({ name: "新意城新空间", kind: "new_space", parentId: demoOrgs().hongqiao });
    expect(detail.json.ancestors.map((a: { name: string }) => a.name)).toEqual(["闵行区委统战部", "虹桥镇"]);
    expect(detail.json.myRoles.sort()).toEqual(["admin", "reviewer"]);
  });

  it("lists a 街镇's units as its children", async () => {
    const token = await signIn("13800000002");
    const detail = await call("GET", `/orgs/${demoOrgs().hongqiao}`, { token });
    expect(detail.json.children.map((c: { name: string }) => c.name).sort()).toEqual(["新意城新空间", "虹桥镇商会"].sort());
  });

  it("an admin creates a sub-unit once, however many creates with one Idempotency-Key are in flight, and a retry returns the same org", async () => {
    const token = await signIn("13800000003");
    const key = `create-${Math.random()}`;
    const body = { name: "新意城读书会", kind: "branch", parentId: demoOrgs().xinyicheng };
    const results = await Promise.all(
      [1, 2, 3].map(() => call("POST", "/orgs", { token, body, headers: { "idempotency-key": key } })),
    );
    // Requests in flight at once with one key: each either gets the one org or is told the first is
    // still in progress (409 idempotency.in_progress, nothing written); a retry afterwards replays it.
    for (const result of results) expect([201, 409], result.text).toContain(result.status);
    for (const result of results.filter((r) => r.status === 409)) expect(result.json.code).toBe("idempotency.in_progress");
    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.json.orgId)).size).toBe(1);
    const orgId = created[0]!.json.orgId;
    expect(created[0]!.json.path).toEqual([demoOrgs().district, demoOrgs().hongqiao, demoOrgs().xinyicheng]);
    const retried = await call("POST", "/orgs", { token, body, headers: { "idempotency-key": key } });
    expect([retried.status, retried.json.orgId]).toEqual([201, orgId]);

    const parent = await call("GET", `/orgs/${demoOrgs().xinyicheng}`, { token });
    expect(parent.json.children.filter((c: { orgId: string }) => c.orgId === orgId)).toHaveLength(1);
  });

  it("the platform admin creates a new district office as a root and sees it among all orgs", async () => {
    const token = await signIn("admin@tongxin.local");
    const created = await call("POST", "/orgs", { token, body: { name: `青浦区委统战部${Date.now()}`, kind: "district_office", parentId: null } });
    expect(created.status).toBe(201);
    const roots = await call("GET", "/orgs", { token });
    expect(roots.json.items.map((o: { orgId: string }) => o.orgId)).toContain(created.json.orgId);
  });

  it("an unknown org kind or a short name is named in the error", async () => {
    const token = await signIn("13800000003");
    const response = await call("POST", "/orgs", { token, body: { name: "新", kind: "club", parentId: demoOrgs().xinyicheng } });
    expect(response.status).toBe(422);
    expect(Object.keys(response.json.errors).sort()).toEqual(["kind", "name"]);
  });

  it("a parent that does not exist is named as the parentId field", async () => {
    const token = await signIn("13800000001");
    const response = await call("POST", "/orgs", { token, body: { name: "无主组织", kind: "branch", parentId: "no-such-org" } });
    expect(response.status).toBe(404);
    expect(response.json.errors.parentId).toBeDefined();
  });
});
