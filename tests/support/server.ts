import { resolve } from "node:path";
import { startServer } from "../../packages/functions/src/local";

/**
 * The real local server (API + built web app on one port) on a free port, against the
 * run's DynamoDB Local with the demo data seeded by the global setup.
 */
export async function startTestServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = await startServer({ port: 0, webRoot: resolve(import.meta.dirname, "../../web/dist"), messages: { consumer: `e2e-${process.pid}-${Date.now()}`, fromNow: true } });
  return { url: server.url, close: server.close };
}
