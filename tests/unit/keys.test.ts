import { describe, expect, it } from "vitest";
import { Keys } from "@tongxin/core/db/keys";
import { KEY_ATTRIBUTES, TABLE_INDEXES } from "@tongxin/core/db/table";

describe("key builders", () => {
  it("put a membership in its org's partition and in the account's gsi1 partition", () => {
    expect(Keys.membership("o1", "a1")).toEqual({ pk: "ORG#o1", sk: "MEMBER#a1", gsi1pk: "ACCOUNT#a1", gsi1sk: "MEMBER#o1" });
    expect(Keys.membersOf("o1")).toEqual({ pk: "ORG#o1", skPrefix: "MEMBER#" });
    expect(Keys.membershipsOf("a1")).toEqual({ gsi1pk: "ACCOUNT#a1", gsi1skPrefix: "MEMBER#" });
  });

  it("list an org's children under its id and roots under ROOT", () => {
    expect(Keys.orgUnderParent("p1", "虹桥镇", "o2")).toEqual({ gsi1pk: "CHILDREN#p1", gsi1sk: "ORG#虹桥镇#o2" });
    expect(Keys.childrenOf(null)).toEqual({ gsi1pk: "CHILDREN#ROOT" });
    expect(Keys.childrenOf("p1").gsi1pk).toBe(Keys.orgUnderParent("p1", "x", "y").gsi1pk);
  });

  it("give each login, session and throttle its own item", () => {
    expect(Keys.login("13800000000")).toEqual({ pk: "LOGIN#13800000000", sk: "LOGIN" });
    expect(Keys.session("s1")).toEqual({ pk: "SESSION#s1", sk: "SESSION" });
    expect(Keys.throttle("pair", "x")).not.toEqual(Keys.throttle("client", "x"));
  });

  it("use only attributes the table defines", () => {
    const built = [Keys.membership("o", "a"), Keys.org("o"), Keys.orgUnderParent(null, "n", "o"), Keys.account("a")];
    for (const key of built) for (const attribute of Object.keys(key)) expect(KEY_ATTRIBUTES).toContain(attribute);
    expect(Object.keys(TABLE_INDEXES)).toEqual(["gsi1", "gsi2", "gsi3"]);
  });
});
