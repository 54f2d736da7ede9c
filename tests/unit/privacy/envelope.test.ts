import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { open, resetEnvelopeKeys, seal } from "@tongxin/core/privacy/envelope";
import { localMasterKey, resetKeyProvider } from "@tongxin/core/privacy/key-provider";

const directory = mkdtempSync(join(tmpdir(), "tongxin-pii-"));
const saved = process.env.PII_KEY_FILE;

beforeAll(() => {
  process.env.PII_KEY_FILE = join(directory, "nested", "pii-master.key");
  resetKeyProvider();
  resetEnvelopeKeys();
});
afterAll(() => {
  process.env.PII_KEY_FILE = saved;
  resetKeyProvider();
  resetEnvelopeKeys();
});

describe("envelope encryption with the local master key", () => {
  it("creates the key file on first use, 32 bytes, readable by its owner only", async () => {
    const sealed = await seal("11010519491231002X", "submission:a");
    const file = process.env.PII_KEY_FILE!;
    expect(readFileSync(file)).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(sealed).not.toContain("11010519491231002X");
    expect(await open(sealed, "submission:a")).toBe("11010519491231002X");
  });

  it("each value gets its own IV: the same value seals differently", async () => {
    const [a, b] = [await seal("13912348830", "x"), await seal("13912348830", "x")];
    expect(a).not.toBe(b);
    expect(await open(b, "x")).toBe("13912348830");
  });

  it("a value moved onto another record, or altered, does not open", async () => {
    const sealed = await seal("13912348830", "submission:a");
    await expect(open(sealed, "submission:b")).rejects.toThrow();
    const parts = sealed.split(".");
    const body = Buffer.from(parts[4]!, "base64url");
    body[0] = body[0]! ^ 1;
    parts[4] = body.toString("base64url");
    await expect(open(parts.join("."), "submission:a")).rejects.toThrow();
  });

  it("opens what an earlier process sealed (the data key is wrapped in the value), and not with another master key", async () => {
    const sealed = await seal("秘密", "c");
    resetEnvelopeKeys();
    resetKeyProvider();
    expect(await open(sealed, "c")).toBe("秘密");
    process.env.PII_KEY_FILE = join(directory, "other.key");
    resetKeyProvider();
    resetEnvelopeKeys();
    await expect(open(sealed, "c")).rejects.toThrow();
    process.env.PII_KEY_FILE = join(directory, "nested", "pii-master.key");
    resetKeyProvider();
    resetEnvelopeKeys();
  });

  it("two processes creating the key file at once end up with the same key", () => {
    const path = join(directory, "race.key");
    const keys = Array.from({ length: 5 }, () => localMasterKey(path));
    expect(new Set(keys.map((key) => key.toString("hex"))).size).toBe(1);
  });
});
