/**
 * The Lambda handler (packages/functions/src/lambda.ts) in a process of its own, as a fresh
 * container runs it: nothing but the handler is imported, so each request loads only the route
 * modules it needs. Each HTTP request becomes an API Gateway payload-v2 event (./lambda.ts); prints
 * `READY <url>` once it listens.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { invoke } from "./lambda";

const server = createServer(async (request, response) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const url = new URL(request.url ?? "/", "http://lambda");
  const headers = Object.fromEntries(Object.entries(request.headers).flatMap(([name, value]) => (typeof value === "string" ? [[name, value]] : [])));
  const body = chunks.length ? Buffer.concat(chunks).toString("utf8") : undefined;
  const result = await invoke({ method: request.method ?? "GET", path: url.pathname, query: url.search.slice(1), headers, body });
  response.writeHead(result.statusCode, result.headers);
  response.end(result.isBase64Encoded ? Buffer.from(result.body, "base64") : result.body);
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => console.log(`READY http://127.0.0.1:${(server.address() as AddressInfo).port}`));
