import { OpenAPIHono } from "@hono/zod-openapi";
import { composeApp } from "./compose";
import type { AppEnv } from "./http/env";
import { OFFICE_MODULES } from "./office-modules";
import { loadRouters, ROUTE_MODULES } from "./route-modules";

/**
 * The whole HTTP API as a runtime-agnostic Hono app, every router of both functions mounted
 * (route-modules.ts, office-modules.ts), with the OpenAPI document: the local Node server serves
 * it and tests call `app.request(...)` directly. On Lambda the API function (`lambda.ts`) and the
 * office function (`office-lambda.ts`) serve the same routers between them, loading each on demand.
 */
export const app = composeApp([...(await loadRouters(ROUTE_MODULES)), ...(await loadRouters(OFFICE_MODULES))], new OpenAPIHono<AppEnv>());

app.doc31("/api/openapi.json", {
  openapi: "3.1.0",
  info: { title: "Tongxin (同心) API", version: "1.0.0", description: "Forms, approvals, elections and case campaigns for civic associations." },
  servers: [{ url: "/" }],
});
app.openAPIRegistry.registerComponent("securitySchemes", "session", { type: "http", scheme: "bearer", bearerFormat: "JWT" });

export type App = typeof app;
