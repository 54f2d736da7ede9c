import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../packages/functions/src/app";
import { call, demoOrgs, signIn } from "../support/api";

/**
 * Malformed input against every route that takes a body: random JSON, wrong types, huge
 * strings, unicode edge cases, broken encodings. The answer is always a 4xx problem+json,
 * never a 500, and nothing is stored.
 */
interface Operation {
  method: string;
  path: string;
}

async function operations(): Promise<Operation[]> {
  const doc = (await (await app.request("/api/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods)
      // Logging out (here or everywhere) would end the session the fuzzing runs on, and other files' for the same demo person; it takes no body anyway.
      .filter((method) => ["post", "put", "patch"].includes(method) && path !== "/api/auth/logout" && path !== "/api/auth/logout-all")
      .map((method) => ({ method: method.toUpperCase(), path: path.replace(/^\/api/, "") })),
  );
}

const weirdStrings = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.constantFrom("", " ", "\u0000", "\uD800", "🙂".repeat(100), "<script>alert(1)</script>", "' OR 1=1 --", "__proto__", "constructor", "x".repeat(300_000)),
);
const weirdJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.anything({ maxDepth: 3 }),
  fc.dictionary(fc.constantFrom("name", "phone", "data", "definition", "type", "login", "password", "kind", "parentId", "roles", "publish", "expectedVersion", "revision", "formId", "field", "size", "workflowId", "comment", "to"), fc.oneof(weirdStrings, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(weirdStrings, { maxLength: 3 }), fc.jsonValue())),
);

function serialize(body: unknown): string {
  try {
    return JSON.stringify(body) ?? "null";
  } catch {
    return "{";
  }
}

describe("malformed input to every route that takes a body", () => {
  let token: string;
  let ops: Operation[];
  let ids: Record<string, string>;

  beforeAll(async () => {
    token = await signIn("13800000001");
    ops = await operations();
    expect(ops.length).toBeGreaterThan(10);
    const org = demoOrgs().xinyicheng!;
    ids = { orgId: org, formId: demoOrgs().activityForm!, accountId: "nobody", instanceId: "nobody", submissionId: "nobody", uploadId: "nobody", electionId: "nobody", campaignId: "nobody", activityId: "nobody", entryId: "nobody" };
  });

  const concrete = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? "nobody");

  it("always answers 4xx problem+json, never 500, and stores nothing", async () => {
    const membersBefore = (await call("GET", `/orgs/${ids.orgId}/members?limit=200`, { token })).json.items.length;
    const formsBefore = (await call("GET", `/orgs/${ids.orgId}/forms`, { token })).json.items.length;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ops), weirdJson, fc.boolean(), async (op, body, asRawText) => {
        const raw = asRawText ? serialize(body).slice(0, Math.max(1, serialize(body).length - 1)) : serialize(body);
        const response = await call(op.method, concrete(op.path), { token, body: raw, headers: { "content-type": "application/json" } });
        expect(response.status, `${op.method} ${op.path} ${raw.slice(0, 200)} → ${response.text.slice(0, 300)}`).toBeLessThan(500);
        if (response.status >= 400) expect(response.headers.get("content-type")).toMatch(/application\/problem\+json/);
      }),
      { numRuns: 250 },
    );
    expect((await call("GET", `/orgs/${ids.orgId}/members?limit=200`, { token })).json.items.length).toBe(membersBefore);
    const formsAfter = (await call("GET", `/orgs/${ids.orgId}/forms`, { token })).json.items.length;
    // Random bodies can, rarely, be a valid form definition: then a form is created, correctly.
    expect(formsAfter - formsBefore).toBeLessThanOrEqual(1);
  }, 120_000);

  it("a JSON body over 256 KB is refused with 413 (roster imports may be up to 5 MB)", async () => {
    const huge = JSON.stringify({ name: "x".repeat(300_000) });
    for (const op of ops) {
      const response = await call(op.method, concrete(op.path), { token, body: huge, headers: { "content-type": "application/json" } });
      if (op.path.endsWith("/import")) expect(response.status, response.text).toBe(415);
      else expect(response.status, `${op.method} ${op.path}`).toBe(413);
    }
  });
});
