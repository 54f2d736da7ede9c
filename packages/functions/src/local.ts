import { serve, type ServerType } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { compress } from "hono/compress";
import { existsSync, readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { app } from "./app";
import { settings } from "@tongxin/core/config";
import { webContentSecurityPolicy } from "@tongxin/core/web-csp";
import { baseSecurityHeaders } from "./http/security-headers";
import { startLocalMessages, outboxPage, type LocalMessagesOptions } from "./local-messages";

export interface LocalServer {
  url: string;
  server: ServerType;
  close(): Promise<void>;
}

/**
 * The local Node adapter: the API under /api and the built web app (web/dist) on the same
 * port, with unknown paths falling back to index.html for the client-side router.
 */
export async function startServer(options: { port: number; host?: string; webRoot: string; messages?: LocalMessagesOptions }): Promise<LocalServer> {
  const root = new Hono();
  // Local only: what SMS and e-mail would have carried (the stream consumer writes it there).
  root.get("/dev/outbox", async (c) => c.html(await outboxPage()));
  const messages = options.messages ? await startLocalMessages(options.messages) : undefined;
  // The API keeps its own 404 and error handling; only other paths reach the web app.
  root.all("/api/*", (c) => app.fetch(c.req.raw, c.env));
  const webRoot = resolve(options.webRoot);
  if (existsSync(webRoot)) {
    // The pages' CSP, and no framing, sniffing or referrer (CloudFront adds the same in AWS).
    const s3Endpoint = settings().s3Endpoint;
    root.use("/*", baseSecurityHeaders(webContentSecurityPolicy(s3Endpoint ? new URL(s3Endpoint).origin : undefined)));
    const staticRoot = relative(process.cwd(), webRoot) || ".";
    // Gzipped, as CloudFront serves the site in AWS: a phone on a slow network loads a third of the bytes.
    root.use("/*", compress());
    root.use("/*", serveStatic({ root: staticRoot }));
    const indexHtml = resolve(webRoot, "index.html");
    root.get("*", (c) => (existsSync(indexHtml) ? c.html(readFileSync(indexHtml, "utf8")) : c.notFound()));
  }
  return new Promise((resolveServer) => {
    const server = serve({ fetch: root.fetch, port: options.port, hostname: options.host ?? "127.0.0.1" }, (info) => {
      resolveServer({
        url: `http://${options.host ?? "127.0.0.1"}:${info.port}`,
        server,
        close: async () => {
          await messages?.stop();
          await new Promise<void>((done) => server.close(() => done()));
        },
      });
    });
  });
}
