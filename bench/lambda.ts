import type { Metafile } from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { BUNDLE_BUDGET_KB, sstBuildOptions, sstEsbuild } from "../stacks/ApiBundle";
import { percentile, record, section } from "./harness";

const root = resolve(import.meta.dirname, "..");
const entry = join(root, "packages/functions/src/lambda.ts");
/** The office function: file exports and imports, the OpenAPI document (packages/functions/src/office-routes.ts). */
const officeEntry = join(root, "packages/functions/src/office-lambda.ts");
const { build } = sstEsbuild();

/** Builds the API function exactly as the stack does (stacks/ApiBundle.ts); returns its files and metafile. */
async function bundle(outdir: string, options: { bundleSdk?: boolean; from?: string } = {}): Promise<{ metafile: Metafile; files: string[] }> {
  const result = await build({ ...sstBuildOptions(options.from ?? entry, outdir, options), absWorkingDir: root });
  const files = Object.keys(result.metafile!.outputs).map((file) => resolve(root, file));
  return { metafile: result.metafile!, files };
}

/** Bytes of the entry file and of every chunk it imports statically: what a cold start reads and compiles. */
function startupBytes(metafile: Metafile): number {
  const outputs = metafile.outputs;
  // Chunks split off at import() name their module as entryPoint too: find the handler's.
  const entryFile = Object.keys(outputs).find((file) => outputs[file]!.entryPoint === "packages/functions/src/lambda.ts")!;
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !outputs[file]) return;
    seen.add(file);
    for (const imported of outputs[file]!.imports) if (imported.kind === "import-statement") visit(imported.path);
  };
  visit(entryFile);
  return [...seen].reduce((sum, file) => sum + outputs[file]!.bytes, 0);
}

const totalBytes = (files: string[]) => files.reduce((sum, file) => sum + statSync(file).size, 0);

/** Bytes in the bundle per package (node_modules/<pkg>) or source folder. */
function largestModules(metafile: Metafile, top = 8): string {
  const byPackage = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
      const name = match ? match[1]! : input.split("/").slice(0, 3).join("/");
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...byPackage.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, bytes]) => `${name} ${Math.round(bytes / 1024)}K`)
    .join(", ");
}

/** One cold start: wall-clock milliseconds, and the CPU the process used (user + system, every thread). */
interface ColdStart {
  wall: number;
  cpu: number;
}

/** Printed by each cold-start script as it exits: its own CPU time, which other work on the machine does not inflate. */
const REPORT_CPU = `process.on("exit", () => { const usage = process.resourceUsage(); console.log("CPU " + (usage.userCPUTime + usage.systemCPUTime) / 1000); });`;

function coldStart(script: string, env: NodeJS.ProcessEnv): ColdStart {
  const started = performance.now();
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", `${REPORT_CPU}\n${script}`], { env, encoding: "utf8" });
  const wall = performance.now() - started;
  const cpu = Number(child.stdout.match(/^CPU ([\d.]+)$/m)?.[1]);
  if (child.status !== 0 || !child.stdout.includes("OK") || !Number.isFinite(cpu)) throw new Error(`cold start failed: ${child.stderr || child.stdout}`);
  return { wall, cpu };
}

/** Cold starts of two scripts taken in turns, so a busy moment on this shared machine weighs on both alike. */
function coldStartsInTurn(scripts: [string, string], env: NodeJS.ProcessEnv, runs: number): [ColdStart[], ColdStart[]] {
  const times: [ColdStart[], ColdStart[]] = [[], []];
  for (let i = 0; i < runs; i += 1) {
    times[0].push(coldStart(scripts[0], env));
    times[1].push(coldStart(scripts[1], env));
  }
  return times;
}

const median = (starts: ColdStart[], of: keyof ColdStart) => percentile(starts.map((start) => start[of]).sort((a, b) => a - b), 50);

/**
 * The production bundle of the API function (as the stack builds it), and cold starts: a new
 * Node process importing it and answering an authenticated GET /api/me event, against a new
 * process that imports only the bundled DynamoDB client and does one GetItem.
 */
export async function benchLambda(token: string): Promise<void> {
  section("Lambda bundle and cold start (built as the stack builds it: stacks/ApiBundle.ts — esbuild ESM, minified, split, no source map)");
  const dir = mkdtempSync(join(tmpdir(), "tongxin-lambda-"));
  try {
    // As deployed: the runtime provides @aws-sdk/* (stacks/ApiBundle.ts marks it external).
    // Split at dynamic imports: the figure is every file the function ships.
    const deployed = await bundle(join(dir, "deployed"));
    record({
      name: "API function bundle (AWS SDK from the runtime), all files",
      value: Math.round(totalBytes(deployed.files) / 1024),
      unit: "KB",
      budget: BUNDLE_BUDGET_KB.api,
      note: `${deployed.files.length} files; largest: ${largestModules(deployed.metafile)}`,
    });
    record({ name: "  of which read at cold start (entry + static imports)", value: Math.round(startupBytes(deployed.metafile) / 1024), unit: "KB" });
    const office = await bundle(join(dir, "office"), { from: officeEntry });
    record({
      name: "Office function bundle (file exports and imports, OpenAPI document), all files",
      value: Math.round(totalBytes(office.files) / 1024),
      unit: "KB",
      budget: BUNDLE_BUDGET_KB.office,
      note: `${office.files.length} files; largest: ${largestModules(office.metafile, 5)}`,
    });
    const full = await bundle(join(dir, "full"), { bundleSdk: true });
    const fullFile = full.files.find((file) => file.endsWith("lambda.mjs"))!;
    record({
      name: "API function bundle with the AWS SDK bundled too",
      value: Math.round(totalBytes(full.files) / 1024),
      unit: "KB",
      note: `read at cold start ${Math.round(startupBytes(full.metafile) / 1024)} KB; largest: ${largestModules(full.metafile, 5)}`,
    });

    // Inside the repo so its imports resolve from node_modules; built with the same options.
    const floorEntry = join(root, "bench", ".floor-entry.ts");
    writeFileSync(
      floorEntry,
      `import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
       export async function run() {
         const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
         await client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { pk: { S: "SEED#demo" }, sk: { S: "SEED" } } }));
       }`,
    );
    const floor = await build({ ...sstBuildOptions(floorEntry, join(dir, "floor"), { bundleSdk: true }), absWorkingDir: root }).finally(() => rmSync(floorEntry, { force: true }));
    const floorFile = resolve(root, Object.keys(floor.metafile!.outputs).find((file) => file.endsWith(".floor-entry.mjs"))!);
    // Resolve node_modules from the repo for the floor entry's imports.
    const env = { ...process.env };
    const event = {
      version: "2.0",
      routeKey: "ANY /api/{proxy+}",
      rawPath: "/api/me",
      rawQueryString: "",
      headers: { authorization: `Bearer ${token}`, host: "api.example.com" },
      requestContext: { http: { method: "GET", path: "/api/me", protocol: "HTTP/1.1", sourceIp: "203.0.113.9", userAgent: "bench" }, domainName: "api.example.com", requestId: "bench", stage: "$default", timeEpoch: Date.now() },
      isBase64Encoded: false,
    };
    // Cold starts import the fully bundled build: outside node_modules the runtime's SDK is not there.
    const appScript = `const { handler } = await import(${JSON.stringify(fullFile)}); const r = await handler(${JSON.stringify(event)}, {}); if (r.statusCode !== 200) { console.error(r.body); process.exit(1); } console.log("OK");`;
    const floorScript = `const { run } = await import(${JSON.stringify(floorFile)}); await run(); console.log("OK");`;
    const runs = 15;
    const [appStarts, floorStarts] = coldStartsInTurn([appScript, floorScript], env, runs);
    const appMedian = median(appStarts, "wall");
    const floorMedian = median(floorStarts, "wall");
    record({ name: "cold start: GET /api/me in a new process (median)", value: appMedian, unit: "ms" });
    record({ name: "cold start floor: DynamoDB client + one GetItem (median)", value: floorMedian, unit: "ms" });
    record({ name: "cold start ratio, app vs floor", value: appMedian / floorMedian, unit: "×", note: "goal ≤ 1.5×" });
    // Wall time on this shared machine includes waiting for a core; CPU time is the work itself.
    const appCpu = median(appStarts, "cpu");
    const floorCpu = median(floorStarts, "cpu");
    record({ name: "  CPU time (user + system): GET /api/me (median)", value: appCpu, unit: "ms" });
    record({ name: "  CPU time (user + system): floor (median)", value: floorCpu, unit: "ms" });
    record({ name: "  CPU time ratio, app vs floor", value: appCpu / floorCpu, unit: "×", note: "the work itself, without the waits for a core on a shared machine" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
