import { OpenAPIHono } from "@hono/zod-openapi";
import { composeApp } from "./compose";
import type { AppEnv } from "./http/env";
import { loadAllRouters } from "./route-modules";

/**
 * The whole HTTP API as a runtime-agnostic Hono app, every router mounted (route-modules.ts),
 * with the OpenAPI document: the local Node server serves it and tests call `app.request(...)`
 * directly. The Lambda (`lambda.ts`) serves the same routers, loading each on demand (lazy-app.ts).
 */
export const app = composeApp(await loadAllRouters(), new OpenAPIHono<AppEnv>());

app.doc31("/api/openapi.json", {
  openapi: "3.1.0",
  info: { title: "Tongxin (同心) API", version: "1.0.0", description: "Forms, approvals, elections and case campaigns for civic associations." },
  servers: [{ url: "/" }],
});
app.openAPIRegistry.registerComponent("securitySchemes", "session", { type: "http", scheme: "bearer", bearerFormat: "JWT" });

export type App = typeof app;
