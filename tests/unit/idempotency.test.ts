import { describe, expect, it } from "vitest";
import { canonicalJson, fingerprintOf, objectIdOf, recordIdOf } from "@tongxin/core/idempotency/fingerprint";

const scope = { accountId: "A1", method: "POST", path: "/api/forms/F1/submissions" };

describe("an Idempotency-Key's fingerprint and scope", () => {
  it("the same body in another key order or spacing has the same fingerprint; a changed answer does not", () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    expect(fingerprintOf(JSON.parse('{ "data": { "name": "王", "age": 3 }, "draft": false }'))).toBe(fingerprintOf({ draft: false, data: { age: 3, name: "王" } }));
    expect(fingerprintOf({ data: { name: "王" } })).not.toBe(fingerprintOf({ data: { name: "李" } }));
    expect(fingerprintOf(undefined)).toBe(fingerprintOf(null));
  });

  it("a key on another form, another endpoint or another account is another record", () => {
    const id = recordIdOf(scope, "k1");
    expect(recordIdOf({ ...scope, method: "post", path: "/api/forms/F1/submissions/" }, "k1")).toBe(id);
    expect(recordIdOf({ ...scope, path: "/api/forms/F2/submissions" }, "k1")).not.toBe(id);
    expect(recordIdOf({ ...scope, path: "/api/orgs/O1/forms" }, "k1")).not.toBe(id);
    expect(recordIdOf({ ...scope, accountId: "A2" }, "k1")).not.toBe(id);
    expect(recordIdOf(scope, "k2")).not.toBe(id);
  });

  it("the object id is stable for a record's generation and new for the next one", () => {
    const id = recordIdOf(scope, "k1");
    expect(objectIdOf(id, "g1")).toBe(objectIdOf(id, "g1"));
    expect(objectIdOf(id, "g2")).not.toBe(objectIdOf(id, "g1"));
    expect(objectIdOf(id, "g1")).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
