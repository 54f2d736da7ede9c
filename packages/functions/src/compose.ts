import { AppError } from "@tongxin/core/errors";
import { settings } from "@tongxin/core/config";
import type { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import { accessLogFields } from "./http/access-log";
import { crossSiteGuard, jsonBodiesOnly } from "./http/csrf";
import type { AppEnv } from "./http/env";
import { idempotencyScope } from "./http/idempotency";
import { log } from "./http/log";
import { problemResponse } from "./http/problem";
import { apiSecurityHeaders, noStoreWhenSignedIn } from "./http/security-headers";
import { sessionMiddleware } from "./http/session";

const JSON_LIMIT = 256 * 1024;
const FILE_LIMIT = 5 * 1024 * 1024;

/**
 * A router of one domain (routes/*.ts), mounted under /api: an OpenAPIHono (http/openapi.ts)
 * for routes with validated input, or a plain Hono for one that must not load zod.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each router carries its own route schema types
export type ApiRouter = Hono<AppEnv, any, any>;

/**
 * The HTTP API around the given routers, built on `app`: request id → JSON access log → CORS →
 * body limit → session → routes, with problem+json errors. The whole app mounts every router on
 * an OpenAPIHono and serves the OpenAPI document (app.ts); the Lambda mounts only the router a
 * request needs on a plain Hono (lazy-app.ts), so a cold start loads no zod it does not use.
 */
export function composeApp<A extends Hono<AppEnv>>(routers: ApiRouter[], app: A): A {

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
      ...accessLogFields(c),
    });
  });
  app.use(
    "/api/*",
    cors({
      origin: (origin) => (settings().webOrigin && origin === settings().webOrigin ? origin : null),
      credentials: true,
      allowHeaders: ["content-type", "authorization", "idempotency-key"],
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
      exposeHeaders: ["x-request-id", "retry-after", "idempotent-replayed"],
      maxAge: 600,
    }),
  );
  app.use("/api/*", crossSiteGuard);
  app.use("/api/*", jsonBodiesOnly);
  app.use("/api/*", (c, next) => {
    const maxSize = c.req.path.endsWith("/import") ? FILE_LIMIT : JSON_LIMIT;
    return bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError("request.too_large", `请求体超过 ${Math.round(maxSize / 1024)} KB 上限`);
      },
    })(c, next);
  });
  app.use("/api/*", apiSecurityHeaders);
  app.use("/api/*", noStoreWhenSignedIn);
  app.use("/api/*", sessionMiddleware);
  app.use("/api/*", idempotencyScope);

  for (const router of routers) app.route("/api", router);

  app.notFound((c) => problemResponse(c, new AppError("route.not_found", "接口不存在")));
  app.onError((error, c) => problemResponse(c, error));
  return app;
}
