// Java for DynamoDB Local, checked the same way by `npm start`, `npm test` and `npm run bench`.
// Node built-ins only.
import { spawnSync } from "node:child_process";
import { installPlan, machineFacts, runInstall } from "./system-packages.mjs";

/** Debian/Ubuntu's Java runtime (17 or newer on every supported release). */
export const JAVA_APT_PACKAGES = ["default-jre-headless"];

/** The major version of the `java` on PATH, or undefined when there is none. */
export function javaMajorVersion(env = process.env) {
  const result = spawnSync("java", ["-version"], { encoding: "utf8", env });
  if (result.error || result.status !== 0) return undefined;
  const match = `${result.stderr}${result.stdout}`.match(/version "(\d+)(?:\.(\d+))?/);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

/** The one line to show when Java is missing or too old for DynamoDB Local, else undefined. */
export function javaProblem(major) {
  const install = "例如 Debian/Ubuntu：sudo apt-get install -y openjdk-17-jre-headless";
  if (major === undefined) return `未找到 Java：DynamoDB Local 需要 Java 17 或更高版本。请安装后重试，${install}`;
  if (major < 17) return `Java ${major} 版本过低：DynamoDB Local 需要 Java 17 或更高版本。请升级，${install}`;
  return undefined;
}

/** Makes sure Java 17+ is there, installing it with apt-get when allowed; else throws the one line. */
export function ensureJava(env = process.env, log = (line) => console.log(line)) {
  const problem = javaProblem(javaMajorVersion(env));
  if (!problem) return;
  const plan = installPlan(machineFacts(env), JAVA_APT_PACKAGES, problem);
  if (plan.kind === "instruct") throw new Error(plan.message);
  log(`${problem.split("。")[0]}，正在用 apt-get 安装 ${JAVA_APT_PACKAGES.join(" ")}…`);
  const after = runInstall(plan, env) ? javaProblem(javaMajorVersion(env)) : problem;
  if (after) throw new Error(`安装失败。${after}`);
}
