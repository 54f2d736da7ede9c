import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";

/**
 * Children `npm start` runs in process groups of their own (DynamoDB Local's JVM, the web
 * build), so that stopping one stops everything it spawned, whichever way we stop: Ctrl-C at
 * any moment, an error, or the process exiting.
 */
const groups = new Set<ChildProcess>();

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Remembers a child started with `detached: true` (its own process group) until it exits. */
export function trackGroup(child: ChildProcess): ChildProcess {
  groups.add(child);
  child.once("exit", () => groups.delete(child));
  return child;
}

/** Spawns `command` in its own process group, tracked for stopGroups. */
export function spawnGroup(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  return trackGroup(spawn(command, args, { ...options, detached: true }));
}

/** SIGTERM to every tracked group, SIGKILL to those still there after `graceMs`. */
export async function stopGroups(graceMs = 3000): Promise<void> {
  const running = [...groups];
  const exited = running.map((child) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve()))));
  for (const child of running) signalGroup(child, "SIGTERM");
  const timer = setTimeout(() => running.forEach((child) => signalGroup(child, "SIGKILL")), graceMs);
  await Promise.all(exited);
  clearTimeout(timer);
}

// Last resort when this process exits without stopping them (process.exit, an uncaught error).
process.on("exit", () => groups.forEach((child) => signalGroup(child, "SIGKILL")));

/** The command line of process `pid`, or undefined when there is no such process. */
export function commandLine(pid: number): string | undefined {
  const result = spawnSync("ps", ["-o", "args=", "-p", String(pid)], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() || undefined : undefined;
}

/** True while `pid` runs (a zombie nobody has reaped yet counts as gone). */
function alive(pid: number): boolean {
  const result = spawnSync("ps", ["-o", "stat=", "-p", String(pid)], { encoding: "utf8" });
  return result.status === 0 && result.stdout.trim() !== "" && !result.stdout.trim().startsWith("Z");
}

/**
 * A previous run that was killed without cleaning up (`kill -9`) leaves its pid in `pidFile`;
 * when that process still runs and its command line contains `marker` (so a reused pid is left
 * alone), it and its process group are stopped: SIGTERM, then SIGKILL. Returns the pid stopped.
 */
export async function stopStale(pidFile: string, marker: string, graceMs = 5000): Promise<number | undefined> {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid || !commandLine(pid)?.includes(marker)) return undefined;
  const kill = (signal: NodeJS.Signals) => {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, signal);
      } catch {
        // Not a group leader, or gone.
      }
    }
  };
  kill("SIGTERM");
  const deadline = Date.now() + graceMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (alive(pid)) kill("SIGKILL");
  const killDeadline = Date.now() + graceMs;
  while (alive(pid) && Date.now() < killDeadline) await new Promise((resolve) => setTimeout(resolve, 100));
  return pid;
}

/** Records `pid` in `pidFile` for stopStale, and removes the file when this process exits. */
export function writePidFile(pidFile: string, pid: number): void {
  writeFileSync(pidFile, String(pid));
  process.on("exit", () => {
    if (existsSync(pidFile) && readFileSync(pidFile, "utf8").trim() === String(pid)) rmSync(pidFile, { force: true });
  });
}
