import { OpenAPIHono } from "@hono/zod-openapi";
import { AppError } from "@tongxin/core/errors";
import { settings } from "@tongxin/core/config";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import type { AppEnv } from "./http/env";
import { log } from "./http/log";
import { problemResponse } from "./http/problem";
import { sessionMiddleware } from "./http/session";
import { authRoutes } from "./routes/auth";
import { healthRoutes } from "./routes/health";
import { memberRoutes } from "./routes/members";
import { formRoutes } from "./routes/forms";
import { orgRoutes } from "./routes/orgs";
import { submissionRoutes } from "./routes/submissions";
import { proposalRoutes } from "./routes/proposals";
import { uploadRoutes } from "./routes/uploads";
import { workflowRoutes } from "./routes/workflows";
import { activityRoutes } from "./routes/activities";
import { electionRoutes } from "./routes/elections";
import { campaignRoutes } from "./routes/campaigns";

const JSON_LIMIT = 256 * 1024;
const FILE_LIMIT = 5 * 1024 * 1024;

/**
 * The whole HTTP API as a runtime-agnostic Hono app. `lambda.ts` and the local Node
 * server are thin adapters around it; tests call `app.request(...)` directly.
 */
export function createApp() {
  const app = new OpenAPIHono<AppEnv>();

  app.use("*", requestId({ headerName: "x-request-id" }));
  app.use("*", async (c, next) => {
    const started = performance.now();
    await next();
    log("info", "request", {
      requestId: c.get("requestId"),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  });
  app.use(
    "/api/*",
    cors({
      origin: (origin) => (settings().webOrigin && origin === settings().webOrigin ? origin : null),
      credentials: true,
      allowHeaders: ["content-type", "authorization", "idempotency-key"],
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
      exposeHeaders: ["x-request-id", "retry-after"],
      maxAge: 600,
    }),
  );
  app.use("/api/*", (c, next) => {
    const maxSize = c.req.path.endsWith("/import") ? FILE_LIMIT : JSON_LIMIT;
    return bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError("request.too_large", `请求体超过 ${Math.round(maxSize / 1024)} KB 上限`);
      },
    })(c, next);
  });
  app.use("/api/*", sessionMiddleware);

  app.route("/api", healthRoutes);
  app.route("/api", authRoutes);
  app.route("/api", orgRoutes);
  app.route("/api", memberRoutes);
  app.route("/api", formRoutes);
  app.route("/api", submissionRoutes);
  app.route("/api", uploadRoutes);
  app.route("/api", proposalRoutes);
  app.route("/api", workflowRoutes);
  app.route("/api", activityRoutes);
  app.route("/api", electionRoutes);
  app.route("/api", campaignRoutes);

  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: { title: "Tongxin (同心) API", version: "1.0.0", description: "Forms, approvals, elections and case campaigns for civic associations." },
    servers: [{ url: "/" }],
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "session", { type: "http", scheme: "bearer", bearerFormat: "JWT" });

  app.notFound((c) => problemResponse(c, new AppError("route.not_found", "接口不存在")));
  app.onError((error, c) => problemResponse(c, error));
  return app;
}

export const app = createApp();
export type App = typeof app;
