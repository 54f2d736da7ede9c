/**
 * `npm start`: the whole platform on one port. DynamoDB Local (data under .data/), the
 * table, the demo data (seeded once), the local S3-compatible server, the built web app
 * and the API. Ctrl-C stops everything it started, at any moment; a run killed with
 * `kill -9` is cleaned up by the next one (pid files under .data/).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ensureTable } from "@tongxin/core/db/bootstrap";
import { freePort, LOCAL_AWS_ENV, startDynamoLocal, type DynamoLocal } from "./lib/dynamo-local";
import { javaMajorVersion, javaProblem } from "./lib/java.mjs";
import { spawnGroup, stopGroups, stopStale, trackGroup, writePidFile } from "./lib/process-groups";
import { startS3Local } from "./lib/s3-local";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const root = resolve(import.meta.dirname, "..");
const dataDir = resolve(process.env.DATA_DIR ?? join(root, ".data"));
const port = Number(process.env.PORT ?? 3000);
/** Where the built web app goes (WEB_DIST, for a run that must not replace web/dist). */
const webRoot = resolve(process.env.WEB_DIST ?? join(root, "web/dist"));
const started = performance.now();

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const javaIssue = javaProblem(javaMajorVersion());
if (javaIssue) fail(javaIssue);

mkdirSync(join(dataDir, "dynamodb"), { recursive: true });

/** A per-checkout signing key, kept with the data so sessions survive a restart. */
function localSessionSecret(): string {
  const file = join(dataDir, "session-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

/** What runs in this process (S3 server, HTTP server); child processes are stopped as groups. */
const inProcess: Array<{ stop(): Promise<void> }> = [];
let stopping = false;
async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  console.log("\n正在停止…");
  // A stuck close must not keep anything alive: the exit handler SIGKILLs the groups.
  setTimeout(() => process.exit(code), 8000).unref();
  await Promise.allSettled([stopGroups(), ...inProcess.map((part) => part.stop())]);
  process.exit(code);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));
process.on("uncaughtException", (error) => {
  console.error(error);
  void stopAll(1);
});

/** Pid files by which the next run finds what a `kill -9`-ed run left behind. */
const startPidFile = join(dataDir, "start.pid");
const dynamoPidFile = join(dataDir, "dynamodb.pid");

async function main() {
  const dynamoDir = join(dataDir, "dynamodb");
  // A previous `npm start` on this data killed without cleanup: its server holds the port, its JVM the database.
  const staleStart = await stopStale(startPidFile, "scripts/start.ts");
  const staleJvm = await stopStale(dynamoPidFile, dynamoDir);
  if (staleStart || staleJvm) console.log(`已停止上次未正常退出的进程（${[staleStart, staleJvm].filter(Boolean).join("、")}）`);
  writePidFile(startPidFile, process.pid);

  const dynamoPort = Number(process.env.DYNAMODB_PORT ?? (await freePort()));
  const dynamo: DynamoLocal = await startDynamoLocal({
    port: dynamoPort,
    dataDir: dynamoDir,
    detached: true,
    onSpawn: (child) => {
      trackGroup(child);
      if (child.pid) writePidFile(dynamoPidFile, child.pid);
    },
  });

  const uploadsBucket = process.env.UPLOADS_BUCKET ?? "tongxin-uploads";
  const s3Local = await startS3Local({ port: Number(process.env.S3_PORT ?? (await freePort())), directory: join(dataDir, "s3"), bucket: uploadsBucket });
  inProcess.push(s3Local);

  const tableName = process.env.TABLE_NAME ?? "tongxin-local";
  Object.assign(process.env, LOCAL_AWS_ENV, {
    S3_ENDPOINT: s3Local.endpoint,
    UPLOADS_BUCKET: uploadsBucket,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    TABLE_NAME: tableName,
    SESSION_SECRET: process.env.SESSION_SECRET ?? localSessionSecret(),
    // The master key that wraps the data keys of sensitive personal values (privacy/key-provider.ts), kept with the data.
    PII_KEY_FILE: process.env.PII_KEY_FILE ?? join(dataDir, "pii-master.key"),
  });
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_AWS_ENV.AWS_REGION });
  await ensureTable(client, tableName, process.env.BALLOTS_TABLE_NAME || undefined);
  client.destroy();

  const { seedDemo, DEMO_PASSWORD } = await import("@tongxin/core/seed/demo");
  const seed = await seedDemo();

  if (!process.env.SKIP_WEB_BUILD) {
    console.log("正在构建网页…");
    // Not spawnSync: Ctrl-C during the build must reach our handler, which stops the build's group.
    const build = spawnGroup("npx", ["vite", "build", "web", "--logLevel", "warn", "--outDir", webRoot, "--emptyOutDir"], { cwd: root, stdio: "inherit" });
    const status = await new Promise<number | null>((done) => build.once("exit", (code) => done(code)));
    if (stopping) return;
    if (status !== 0) fail("网页构建失败");
  }

  const { startServer } = await import("../packages/functions/src/local");
  const server = await startServer({ port, host: process.env.HOST ?? "127.0.0.1", webRoot, messages: { consumer: "local", print: true } });
  inProcess.push({ stop: server.close });
  if (stopping) return;

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`
同心 Tongxin 已启动（${seconds} 秒）：${server.url}
  DynamoDB Local  ${dynamo.endpoint}（数据保存在 .data/dynamodb）
  本地 S3         ${s3Local.endpoint}（上传文件保存在 .data/s3）
  演示数据        ${seed.seeded ? "已写入" : "已存在，未重复写入"}
  本地发件箱      ${server.url}/dev/outbox（短信和邮件不真正发出，也打印在下方）

演示账号（密码均为 ${DEMO_PASSWORD}）：
${seed.accounts.map((account) => `  ${account.login.padEnd(22)} ${account.name}（${account.duty}）`).join("\n")}

按 Ctrl-C 停止。`);
}

main().catch((error: unknown) => {
  // Stopping mid start-up fails whatever was starting; that is not an error to show.
  if (stopping) return;
  console.error(error);
  void stopAll(1);
});
