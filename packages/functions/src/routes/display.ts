import { createRoute, z } from "@hono/zod-openapi";
import { setDisplayPreferences } from "@tongxin/core/display/preferences";
import { problems, router } from "../http/openapi";
import { requirePrincipal } from "../http/session";

const DisplayPreferences = z
  .object({ elderMode: z.boolean({ message: "请选择是否使用长辈版" }).openapi({ description: "长辈版: larger text and targets, higher contrast, one column" }) })
  .openapi("DisplayPreferences");

/** 长辈版 and other display choices of the signed-in account (GET /me reports them as `account.elderMode`). */
export const displayRoutes = router().openapi(
  createRoute({
    method: "put",
    path: "/me/display",
    summary: "Choose 长辈版 (elder mode) for my account, on every device I sign in on",
    tags: ["auth"],
    request: { body: { content: { "application/json": { schema: DisplayPreferences } }, required: true } },
    responses: { 200: { description: "The display preferences now held", content: { "application/json": { schema: DisplayPreferences } } }, ...problems(401, 422) },
  }),
  async (c) => c.json(await setDisplayPreferences(requirePrincipal(c).accountId, c.req.valid("json")), 200),
);
