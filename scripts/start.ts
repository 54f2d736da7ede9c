/**
 * `npm start`: the whole platform on one port. DynamoDB Local (data under .data/), the
 * table, the demo data (seeded once), the local S3-compatible server, the built web app
 * and the API. Ctrl-C stops everything it started.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ensureTable } from "@tongxin/core/db/bootstrap";
import { freePort, LOCAL_AWS_ENV, startDynamoLocal, type DynamoLocal } from "./lib/dynamo-local";
import { javaMajorVersion } from "./lib/java";
import { startS3Local } from "./lib/s3-local";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const root = resolve(import.meta.dirname, "..");
const dataDir = join(root, ".data");
const port = Number(process.env.PORT ?? 3000);
const started = performance.now();

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const java = javaMajorVersion();
if (java === undefined || java < 17) {
  fail(
    java === undefined
      ? "未找到 Java：DynamoDB Local 需要 Java 17 或更高版本。请安装后重试，例如 Debian/Ubuntu：sudo apt-get install -y openjdk-17-jre-headless"
      : `Java ${java} 版本过低：DynamoDB Local 需要 Java 17 或更高版本。请升级，例如 Debian/Ubuntu：sudo apt-get install -y openjdk-17-jre-headless`,
  );
}

mkdirSync(join(dataDir, "dynamodb"), { recursive: true });

/** A per-checkout signing key, kept with the data so sessions survive a restart. */
function localSessionSecret(): string {
  const file = join(dataDir, "session-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

const children: Array<{ stop(): Promise<void> }> = [];
let stopping = false;
async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  console.log("\n正在停止…");
  await Promise.allSettled(children.map((child) => child.stop()));
  process.exit(code);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));
process.on("uncaughtException", (error) => {
  console.error(error);
  void stopAll(1);
});

async function main() {
  const dynamoPort = Number(process.env.DYNAMODB_PORT ?? (await freePort()));
  const dynamo: DynamoLocal = await startDynamoLocal({ port: dynamoPort, dataDir: join(dataDir, "dynamodb") });
  children.push(dynamo);
  // If this process dies without cleanup, don't leave Java running.
  process.on("exit", () => dynamo.process.kill("SIGKILL"));

  const uploadsBucket = process.env.UPLOADS_BUCKET ?? "tongxin-uploads";
  const s3Local = await startS3Local({ port: Number(process.env.S3_PORT ?? (await freePort())), directory: join(dataDir, "s3"), bucket: uploadsBucket });
  children.push(s3Local);

  const tableName = process.env.TABLE_NAME ?? "tongxin-local";
  Object.assign(process.env, LOCAL_AWS_ENV, {
    S3_ENDPOINT: s3Local.endpoint,
    UPLOADS_BUCKET: uploadsBucket,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    TABLE_NAME: tableName,
    SESSION_SECRET: process.env.SESSION_SECRET ?? localSessionSecret(),
  });
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_AWS_ENV.AWS_REGION });
  await ensureTable(client, tableName);
  client.destroy();

  const { seedDemo, DEMO_PASSWORD } = await import("@tongxin/core/seed/demo");
  const seed = await seedDemo();

  if (!process.env.SKIP_WEB_BUILD) {
    console.log("正在构建网页…");
    const build = spawnSync("npx", ["vite", "build", "web", "--logLevel", "warn"], { cwd: root, stdio: "inherit" });
    if (build.status !== 0) fail("网页构建失败");
  }

  const { startServer } = await import("../packages/functions/src/local");
  const server = await startServer({ port, host: process.env.HOST ?? "127.0.0.1", webRoot: join(root, "web/dist"), messages: { consumer: "local", print: true } });
  children.push({ stop: server.close });

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
  console.error(error);
  void stopAll(1);
});
