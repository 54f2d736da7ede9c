import { build, type Metafile } from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { percentile, record, section } from "./harness";

const root = resolve(import.meta.dirname, "..");
// What SST prepends to ESM bundles so bundled CommonJS can still `require` Node built-ins.
const BANNER = "import { createRequire as topLevelCreateRequire } from 'module'; const require = topLevelCreateRequire(import.meta.url);";

async function bundle(entry: string, outfile: string, external: string[] = []): Promise<Metafile> {
  const result = await build({
    external,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    minify: true,
    sourcemap: false,
    metafile: true,
    banner: { js: BANNER },
    logLevel: "silent",
  });
  return result.metafile;
}

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

function coldStarts(script: string, env: NodeJS.ProcessEnv, runs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { env, encoding: "utf8" });
    const elapsed = performance.now() - started;
    if (child.status !== 0 || !child.stdout.includes("OK")) throw new Error(`cold start failed: ${child.stderr || child.stdout}`);
    times.push(elapsed);
  }
  return times.sort((a, b) => a - b);
}

/**
 * The production bundle of the API function (as the stack builds it), and cold starts: a new
 * Node process importing it and answering an authenticated GET /api/me event, against a new
 * process that imports only the bundled DynamoDB client and does one GetItem.
 */
export async function benchLambda(token: string): Promise<void> {
  section("Lambda bundle and cold start (esbuild: ESM, minified, no source map — as stacks/Api.ts)");
  const dir = mkdtempSync(join(tmpdir(), "tongxin-lambda-"));
  try {
    const appFile = join(dir, "lambda.mjs");
    // As deployed: the runtime provides @aws-sdk/* (stacks/Api.ts marks it external).
    const metafile = await bundle(join(root, "packages/functions/src/lambda.ts"), appFile, ["@aws-sdk/*"]);
    const bytes = statSync(appFile).size;
    record({ name: "API function bundle (AWS SDK from the runtime)", value: Math.round(bytes / 1024), unit: "KB", budget: 800, note: `largest: ${largestModules(metafile)}` });
    const fullFile = join(dir, "lambda-full.mjs");
    const fullMeta = await bundle(join(root, "packages/functions/src/lambda.ts"), fullFile);
    record({ name: "API function bundle with the AWS SDK bundled too", value: Math.round(statSync(fullFile).size / 1024), unit: "KB", note: `largest: ${largestModules(fullMeta, 5)}` });

    // Inside the repo so its imports resolve from node_modules.
    const floorEntry = join(root, "bench", ".floor-entry.ts");
    writeFileSync(
      floorEntry,
      `import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
       export async function run() {
         const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
         await client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { pk: { S: "SEED#demo" }, sk: { S: "SEED" } } }));
       }`,
    );
    const floorFile = join(dir, "floor.mjs");
    await bundle(floorEntry, floorFile).finally(() => rmSync(floorEntry, { force: true }));
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
    const appTimes = coldStarts(appScript, env, runs);
    const floorTimes = coldStarts(floorScript, env, runs);
    const app = percentile(appTimes, 50);
    const floor = percentile(floorTimes, 50);
    record({ name: "cold start: GET /api/me in a new process (median)", value: app, unit: "ms" });
    record({ name: "cold start floor: DynamoDB client + one GetItem (median)", value: floor, unit: "ms" });
    record({ name: "cold start ratio, app vs floor", value: app / floor, unit: "×", note: "goal ≤ 1.5×" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
