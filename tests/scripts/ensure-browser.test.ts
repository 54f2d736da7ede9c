import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

/** Runs a set-up script as `npm test` does, on a machine whose PATH has nothing on it. */
function runOnBareMachine(script: string, env: Record<string, string> = {}) {
  const emptyBin = mkdtempSync(join(tmpdir(), "tongxin-empty-path-"));
  return spawnSync(process.execPath, [join(root, script)], {
    cwd: root,
    encoding: "utf8",
    // No apt-get on PATH either, so nothing is installed; TONGXIN_INSTALL=never makes sure of it.
    env: { PATH: emptyBin, HOME: emptyBin, TONGXIN_INSTALL: "never", ...env },
  });
}

describe("npm test's set-up on a machine without Chromium or Java", () => {
  it("stops with one line saying to install Chromium, not a stack trace", () => {
    const result = runOnBareMachine("scripts/ensure-browser.mjs");
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^未找到 Chromium：浏览器测试需要它。请先安装（.+），或设置 CHROMIUM_PATH/);
    expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it("names the CHROMIUM_PATH that points nowhere instead of looking elsewhere", () => {
    const result = runOnBareMachine("scripts/ensure-browser.mjs", { CHROMIUM_PATH: "/nowhere/chromium" });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^CHROMIUM_PATH=\/nowhere\/chromium 不是可执行文件：[^\n]+$/);
  });

  it("goes ahead quietly when CHROMIUM_PATH names a browser", () => {
    const result = runOnBareMachine("scripts/ensure-browser.mjs", { CHROMIUM_PATH: process.execPath });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
  });

  it("stops with one line saying to install Java 17 for DynamoDB Local", () => {
    const result = runOnBareMachine("scripts/ensure-java.mjs");
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^未找到 Java：DynamoDB Local 需要 Java 17 或更高版本。[^\n]+$/);
  });
});
