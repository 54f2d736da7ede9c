import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/dynamo-local";

const root = resolve(import.meta.dirname, "../..");
const dataDirs: string[] = [];
const runs: ChildProcess[] = [];

interface Proc {
  pid: number;
  ppid: number;
  stat: string;
  args: string;
}

function processList(): Proc[] {
  const out = spawnSync("ps", ["-eo", "pid=,ppid=,stat=,args="], { encoding: "utf8" }).stdout;
  return out
    .split("\n")
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/))
    .filter((match): match is RegExpMatchArray => match !== null)
    .map(([, pid, ppid, stat, args]) => ({ pid: Number(pid), ppid: Number(ppid), stat: stat!, args: args! }));
}

/** `pid` and everything it started, as the process list shows them now. */
function processTree(pid: number): Proc[] {
  const all = processList();
  const tree = all.filter((proc) => proc.pid === pid);
  for (let grew = true; grew; ) {
    const more = all.filter((proc) => !tree.includes(proc) && tree.some((parent) => parent.pid === proc.ppid));
    tree.push(...more);
    grew = more.length > 0;
  }
  return tree;
}

/** Processes of `snapshot` still running with the same command line, and any process naming `dataDir`. */
function leftovers(snapshot: Proc[], dataDir: string): Proc[] {
  return processList().filter(
    (proc) => !proc.stat.startsWith("Z") && (proc.args.includes(dataDir) || snapshot.some((old) => old.pid === proc.pid && old.args === proc.args)),
  );
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

/** `npm start`'s script in a child process, as a terminal would run it. */
function startRun(dataDir: string, port: number, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "scripts/start.ts")], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATA_DIR: dataDir, PORT: String(port), WEB_DIST: join(dataDir, "web"), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  runs.push(child);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  return { child, pid: child.pid!, output: () => output, exited };
}

function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tongxin-start-"));
  dataDirs.push(dir);
  return dir;
}

const jvmOf = (tree: Proc[]) => tree.find((proc) => proc.args.includes("DynamoDBLocal.jar"));

afterAll(() => {
  for (const run of runs) if (run.exitCode === null) run.kill("SIGKILL");
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

describe("npm start and Ctrl-C", () => {
  it("Ctrl-C while DynamoDB Local is starting leaves no JVM, S3 server or Node process behind", async () => {
    const dataDir = freshDataDir();
    const run = startRun(dataDir, await freePort(), { SKIP_WEB_BUILD: "1" });
    const tree = await until("the JVM to be spawned", () => {
      const now = processTree(run.pid);
      return jvmOf(now) ? now : undefined;
    });
    run.child.kill("SIGINT");
    await run.exited;
    await until("every process of the run to be gone", () => leftovers(tree, dataDir).length === 0, 30_000).catch(() => undefined);
    expect(leftovers(tree, dataDir)).toEqual([]);
  }, 300_000);

  it("Ctrl-C while the web app builds stops the build too", async () => {
    const dataDir = freshDataDir();
    const run = startRun(dataDir, await freePort());
    const tree = await until("the web build to run", () => {
      const now = processTree(run.pid);
      return run.output().includes("正在构建网页") && now.some((proc) => proc.args.includes("vite")) ? now : undefined;
    });
    expect(jvmOf(tree)).toBeDefined();
    run.child.kill("SIGINT");
    await run.exited;
    await until("every process of the run to be gone", () => leftovers(tree, dataDir).length === 0, 30_000).catch(() => undefined);
    expect(leftovers(tree, dataDir)).toEqual([]);
  }, 300_000);

  it("Ctrl-C after start-up stops everything, and the app answered before", async () => {
    const dataDir = freshDataDir();
    const port = await freePort();
    const run = startRun(dataDir, port, { SKIP_WEB_BUILD: "1" });
    await until("the app to start", () => run.output().includes("按 Ctrl-C 停止"));
    expect((await fetch(`http://127.0.0.1:${port}/api/openapi.json`)).status).toBe(200);
    const tree = processTree(run.pid);
    expect(jvmOf(tree)).toBeDefined();
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);
    await until("every process of the run to be gone", () => leftovers(tree, dataDir).length === 0, 30_000).catch(() => undefined);
    expect(leftovers(tree, dataDir)).toEqual([]);
    expect(existsSync(join(dataDir, "dynamodb.pid"))).toBe(false);
  }, 300_000);

  it("after kill -9, the next start on the same data stops the orphaned JVM, starts on the same port and keeps the data", async () => {
    const dataDir = freshDataDir();
    const port = await freePort();
    const first = startRun(dataDir, port, { SKIP_WEB_BUILD: "1" });
    await until("the first run to start", () => first.output().includes("按 Ctrl-C 停止"));
    const firstTree = processTree(first.pid);
    const orphan = jvmOf(firstTree)!;
    first.child.kill("SIGKILL");
    await first.exited;
    // What kill -9 leaves: the JVM still holding the database.
    expect(processList().some((proc) => proc.pid === orphan.pid && proc.args === orphan.args && !proc.stat.startsWith("Z"))).toBe(true);

    const second = startRun(dataDir, port, { SKIP_WEB_BUILD: "1" });
    await until("the second run to start", () => second.output().includes("按 Ctrl-C 停止") || second.child.exitCode !== null);
    expect(second.output()).toContain("已停止上次未正常退出的进程");
    expect(second.output()).toContain("已存在，未重复写入");
    expect((await fetch(`http://127.0.0.1:${port}/api/openapi.json`)).status).toBe(200);
    const secondTree = processTree(second.pid);
    second.child.kill("SIGINT");
    await second.exited;
    await until("every process of both runs to be gone", () => leftovers([...firstTree, ...secondTree], dataDir).length === 0, 30_000).catch(() => undefined);
    expect(leftovers([...firstTree, ...secondTree], dataDir)).toEqual([]);
  }, 400_000);
});
