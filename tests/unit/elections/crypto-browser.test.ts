import { build } from "esbuild";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { NewElectionSchema, normalizeConfig } from "@tongxin/core/elections/config";
import { checkBallot, checkOpenedBallot, type EncryptedBallot } from "@tongxin/core/elections/crypto/ballot";
import { pointHex } from "@tongxin/core/elections/crypto/group";
import { launchBrowser } from "../../support/browser";
import { runCeremony } from "../../support/crypto-ceremony";

/**
 * The protocol module runs in the browser as it is: bundled for the browser platform (a
 * Node-only import fails the build), a ballot encrypted in real Chromium is accepted by the
 * Node check, and its Benaloh opening checks out in Node.
 */
const { config } = normalizeConfig(
  NewElectionSchema.parse({
    title: "测试",
    mode: "online",
    ballots: "electronic",
    positions: [{ title: "理事", seats: 2, kind: "competitive", candidates: [{ name: "李四" }, { name: "王五" }, { name: "赵六" }], allowWriteIns: true }],
    motions: [{ title: "审议工作报告" }],
  }),
);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("the crypto module in the browser", () => {
  it("bundles for the browser platform and a ballot made in Chromium passes the server's check", async () => {
    const out = await build({
      stdin: {
        contents: `import { encryptBallot } from "./packages/core/src/elections/crypto/ballot";
import { pointFrom } from "./packages/core/src/elections/crypto/group";
globalThis.makeBallot = (config, id, key, choices) => encryptBallot(config, id, pointFrom(key), choices);`,
        resolveDir: resolve(import.meta.dirname, "../../.."),
        loader: "ts",
      },
      bundle: true,
      format: "iife",
      platform: "browser",
      write: false,
    });
    const ceremony = runCeremony("E-web", 3, 2);
    const page = await (await browser.newContext()).newPage();
    await page.setContent("<!doctype html><meta charset=utf-8><title>t</title>");
    await page.addScriptTag({ content: out.outputFiles[0]!.text });
    const choices = { positions: { p1: { marks: { p1c1: "for", p1c3: "against" }, writeIns: ["钱七"] } }, motions: { m1: "for" } } as const;
    const made = (await page.evaluate(
      ([c, key, ch]) => (globalThis as unknown as { makeBallot: (...args: unknown[]) => unknown }).makeBallot(c, "E-web", key, ch),
      [config, pointHex(ceremony.jointKey), choices] as const,
    )) as { ballot: EncryptedBallot; secrets: Record<string, string> };
    expect(checkBallot(config, "E-web", ceremony.jointKey, made.ballot)).toEqual([]);
    const shown = { positions: { p1: { marks: { p1c1: "for" as const, p1c3: "against" as const }, writeIns: ["钱七"] } }, motions: { m1: "for" as const } };
    expect(checkOpenedBallot(config, ceremony.jointKey, made.ballot, shown, made.secrets)).toBe(true);
    expect(checkOpenedBallot(config, ceremony.jointKey, made.ballot, { ...shown, motions: { m1: "against" } }, made.secrets)).toBe(false);
  });
});
