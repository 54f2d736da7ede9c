// Finds the Chromium the browser tests and the LCP bench drive, and installs Debian's when it
// can. Node built-ins only: `npm test` runs it before anything else (scripts/ensure-browser.mjs),
// and tests/support/browser.ts and bench/run.ts resolve the browser through the same function.
import { installPlan, isExecutable, machineFacts, onPath, runInstall } from "./system-packages.mjs";

/** Program names a package manager installs Chromium or Chrome under, tried on PATH in order. */
export const CHROMIUM_COMMANDS = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/** Places outside PATH where Chromium or Chrome usually lives (snap, Google's .deb, macOS). */
export const KNOWN_CHROMIUM_PATHS = [
  "/snap/bin/chromium",
  "/opt/google/chrome/chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

/** What gets installed on Debian/Ubuntu: the browser and a font with Chinese glyphs for the pages. */
export const CHROMIUM_APT_PACKAGES = ["chromium", "fonts-wqy-microhei"];

/**
 * Where Chromium is: `CHROMIUM_PATH` when set (and only there), else the first of
 * CHROMIUM_COMMANDS on PATH, else a known install location.
 * @example findChromium({ PATH: "/usr/bin" }) // "/usr/bin/chromium"
 */
export function findChromium(env = process.env, knownPaths = KNOWN_CHROMIUM_PATHS) {
  if (env.CHROMIUM_PATH) return isExecutable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  for (const name of CHROMIUM_COMMANDS) {
    const found = onPath(name, env);
    if (found) return found;
  }
  return knownPaths.find(isExecutable);
}

/** The one line that says what to install, for this platform. */
export function chromiumInstruction(platform, hasAptGet, chromiumPath) {
  const how =
    platform === "darwin"
      ? "brew install --cask chromium"
      : hasAptGet
        ? `sudo apt-get install -y ${CHROMIUM_APT_PACKAGES.join(" ")}`
        : "用系统的包管理器安装 chromium 和中文字体";
  const found = chromiumPath ? `CHROMIUM_PATH=${chromiumPath} 不是可执行文件` : "未找到 Chromium";
  return `${found}：浏览器测试需要它。请先安装（${how}），或设置 CHROMIUM_PATH 指向已安装的 Chromium/Chrome，然后重试。`;
}

/**
 * Chromium's path, installing it first when the machine allows (never when CHROMIUM_PATH names
 * one); otherwise throws an error whose message is the one line to show.
 */
export function ensureChromium(env = process.env, log = (line) => console.log(line)) {
  const found = findChromium(env);
  if (found) return found;
  const facts = machineFacts(env);
  const instruction = chromiumInstruction(facts.platform, facts.hasAptGet, env.CHROMIUM_PATH);
  const plan = installPlan({ ...facts, installAllowed: facts.installAllowed && !env.CHROMIUM_PATH }, CHROMIUM_APT_PACKAGES, instruction);
  if (plan.kind === "instruct") throw new Error(plan.message);
  log(`未找到 Chromium，正在用 apt-get 安装 ${CHROMIUM_APT_PACKAGES.join(" ")}…`);
  const installed = runInstall(plan, env) ? findChromium(env) : undefined;
  if (!installed) throw new Error(`安装失败。${instruction}`);
  return installed;
}
