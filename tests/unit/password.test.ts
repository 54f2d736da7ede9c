import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@tongxin/core/auth/password";

describe("password hashing", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const stored = await hashPassword("统战工作2026!");
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword("统战工作2026!", stored)).toBe(true);
    expect(await verifyPassword("统战工作2026", stored)).toBe(false);
  });

  it("salts each hash, so equal passwords are stored differently", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });

  it("refuses a malformed stored hash instead of throwing", async () => {
    expect(await verifyPassword("x", "md5$abc")).toBe(false);
  });
});
