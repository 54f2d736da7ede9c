import { spawnSync } from "node:child_process";

/** The major version of the `java` on PATH, or undefined when there is none. */
export function javaMajorVersion(): number | undefined {
  const result = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (result.error || result.status !== 0) return undefined;
  const match = `${result.stderr}${result.stdout}`.match(/version "(\d+)(?:\.(\d+))?/);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}
