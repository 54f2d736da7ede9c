import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHROMIUM_APT_PACKAGES, chromiumInstruction, findChromium } from "../../scripts/lib/chromium.mjs";
import { javaProblem } from "../../scripts/lib/java.mjs";
import { installPlan, type MachineFacts } from "../../scripts/lib/system-packages.mjs";

const debianRoot: MachineFacts = { platform: "linux", isRoot: true, hasAptGet: true, sudoWithoutPassword: false, installAllowed: true };

function fakeProgram(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, "#!/bin/sh\n");
  chmodSync(path, 0o755);
  return path;
}

describe("getting Chromium for the browser tests", () => {
  it("installs Debian's chromium and a Chinese font with apt-get when running as root", () => {
    expect(installPlan(debianRoot, CHROMIUM_APT_PACKAGES, "x")).toEqual({
      kind: "install",
      commands: [
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", "fonts-wqy-microhei"],
      ],
    });
  });

  it("installs through sudo -n when the user may sudo without a password", () => {
    const plan = installPlan({ ...debianRoot, isRoot: false, sudoWithoutPassword: true }, ["chromium"], "x");
    expect(plan.kind === "install" && plan.commands.every((command) => command[0] === "sudo" && command[1] === "-n")).toBe(true);
  });

  it.each([
    ["a user without passwordless sudo", { isRoot: false, sudoWithoutPassword: false }],
    ["a machine without apt-get", { hasAptGet: false }],
    ["macOS", { platform: "darwin" as const }],
    ["installing switched off (TONGXIN_INSTALL=never)", { installAllowed: false }],
  ])("on %s it tells the user what to install instead", (_, facts) => {
    expect(installPlan({ ...debianRoot, ...facts }, CHROMIUM_APT_PACKAGES, "请安装")).toEqual({ kind: "instruct", message: "请安装" });
  });

  it("the instruction is one line naming the packages, or brew on macOS", () => {
    const debian = chromiumInstruction("linux", true);
    expect(debian).not.toContain("\n");
    expect(debian).toContain("sudo apt-get install -y chromium fonts-wqy-microhei");
    expect(debian).toContain("CHROMIUM_PATH");
    expect(chromiumInstruction("darwin", false)).toContain("brew install --cask chromium");
    expect(chromiumInstruction("linux", true, "/nowhere/chrome")).toContain("CHROMIUM_PATH=/nowhere/chrome 不是可执行文件");
  });

  it("finds chromium, chromium-browser or google-chrome on PATH, in that order, and honours CHROMIUM_PATH", () => {
    const root = mkdtempSync(join(tmpdir(), "tongxin-browser-"));
    const chrome = fakeProgram(join(root, "a"), "google-chrome");
    const chromiumBrowser = fakeProgram(join(root, "b"), "chromium-browser");
    const custom = fakeProgram(join(root, "c"), "my-chrome");
    const PATH = [join(root, "a"), join(root, "b")].join(":");
    expect(findChromium({ PATH }, [])).toBe(chromiumBrowser);
    expect(findChromium({ PATH: join(root, "a") }, [])).toBe(chrome);
    expect(findChromium({ PATH, CHROMIUM_PATH: custom }, [])).toBe(custom);
    expect(findChromium({ PATH, CHROMIUM_PATH: join(root, "missing") }, [])).toBeUndefined();
    expect(findChromium({ PATH: join(root, "empty") }, [custom])).toBe(custom);
    expect(findChromium({ PATH: join(root, "empty") }, [])).toBeUndefined();
  });
});

describe("Java for DynamoDB Local", () => {
  it("says in one line that Java 17+ is needed when it is missing or too old", () => {
    expect(javaProblem(undefined)).toMatch(/^未找到 Java：DynamoDB Local 需要 Java 17/);
    expect(javaProblem(11)).toMatch(/^Java 11 版本过低/);
    expect(javaProblem(17)).toBeUndefined();
    expect(javaProblem(21)).toBeUndefined();
  });
});
