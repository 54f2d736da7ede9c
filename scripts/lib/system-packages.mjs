// Installing a missing system tool the way `.ci/run` used to: apt-get, as root or with
// passwordless sudo, else one line telling the user what to install. Node built-ins only.
import { spawnSync } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";

/** True when `path` is an executable file. */
export function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first executable `name` on the PATH in `env`, or undefined. */
export function onPath(name, env = process.env) {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * How to get `packages` on this machine, decided from facts about it (pure, so it is
 * unit-tested): apt-get when we are root or may sudo without a password, else the one line
 * `instruction` to show.
 * @example installPlan({ platform: "linux", isRoot: true, hasAptGet: true, sudoWithoutPassword: false, installAllowed: true }, ["chromium"], "…")
 *   // { kind: "install", commands: [["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"]] }
 */
export function installPlan({ platform, isRoot, hasAptGet, sudoWithoutPassword, installAllowed }, packages, instruction) {
  if (installAllowed && platform === "linux" && hasAptGet && (isRoot || sudoWithoutPassword)) {
    const prefix = isRoot ? [] : ["sudo", "-n"];
    return {
      kind: "install",
      commands: [
        [...prefix, "apt-get", "update", "-qq"],
        [...prefix, "apt-get", "install", "-y", "-qq", "--no-install-recommends", ...packages],
      ],
    };
  }
  return { kind: "instruct", message: instruction };
}

/** The facts installPlan decides from, read from this machine; `TONGXIN_INSTALL=never` forbids installing. */
export function machineFacts(env = process.env) {
  const hasAptGet = onPath("apt-get", env) !== undefined;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const sudo = !isRoot && hasAptGet ? onPath("sudo", env) : undefined;
  const sudoWithoutPassword = sudo !== undefined && spawnSync(sudo, ["-n", "true"], { stdio: "ignore", env }).status === 0;
  return { platform: process.platform, isRoot, hasAptGet, sudoWithoutPassword, installAllowed: env.TONGXIN_INSTALL !== "never" };
}

/** Runs an install plan's commands; false when one of them fails. */
export function runInstall(plan, env = process.env) {
  for (const [command, ...args] of plan.commands) {
    const result = spawnSync(command, args, { stdio: "inherit", env: { ...env, DEBIAN_FRONTEND: "noninteractive" } });
    if (result.status !== 0) return false;
  }
  return true;
}
