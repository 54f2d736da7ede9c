import { createRoute, z } from "@hono/zod-openapi";
import { router } from "../http/openapi";

export const healthRoutes = router().openapi(
  createRoute({
    method: "get",
    path: "/health",
    summary: "Liveness",
    tags: ["platform"],
    responses: { 200: { description: "Up", content: { "application/json": { schema: z.object({ status: z.literal("ok"), time: z.string() }) } } } },
  }),
  (c) => c.json({ status: "ok" as const, time: new Date().toISOString() }, 200),
);
