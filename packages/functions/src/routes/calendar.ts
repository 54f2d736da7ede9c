import { createRoute, z } from "@hono/zod-openapi";
import { calendarAudit, calendarYear, mayEditCalendar, saveOverride } from "@tongxin/core/calendar/overrides";
import { AppError } from "@tongxin/core/errors";
import { problems, router } from "../http/openapi";
import { requireActor } from "../http/session";

/**
 * The working-day calendar (see packages/core/src/calendar/README.md): anyone signed in reads a
 * year (what 公示 and other "N个工作日" periods count with); platform admins and admins of a
 * top-level office (区委统战部) replace a year's arrangement, audited with a reason.
 */
const YearParams = z.object({ year: z.coerce.number().int().min(2000).max(2100).openapi({ param: { name: "year", in: "path" }, example: 2027 }) });
const Json = z.record(z.string(), z.unknown());
const ok = (description: string) => ({ content: { "application/json": { schema: Json } }, description });

export const calendarRoutes = router()
  .openapi(
    createRoute({ method: "get", path: "/working-days/{year}", summary: "A year's working-day arrangement and where it comes from", tags: ["calendar"], request: { params: YearParams }, responses: { 200: ok("The year"), ...problems(401, 422) } }),
    async (c) => {
      await requireActor(c);
      return c.json(await calendarYear(c.req.valid("param").year), 200);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/working-days/{year}",
      summary: "Replace a year's holidays and 调休 workdays (office override, audited)",
      tags: ["calendar"],
      request: { params: YearParams, body: { content: { "application/json": { schema: Json.openapi({ description: "{holidays, workdays, reason, version}" }) } }, required: true } },
      responses: { 200: ok("The year"), ...problems(401, 403, 409, 422) },
    }),
    async (c) => {
      const actor = await requireActor(c);
      if (!mayEditCalendar(actor)) throw new AppError("access.denied", "只有区委统战部管理员可以修改工作日历");
      return c.json(await saveOverride(c.req.valid("param").year, actor, c.req.valid("json")), 200);
    },
  )
  .openapi(
    createRoute({ method: "get", path: "/working-days/{year}/audit", summary: "Who changed a year's calendar, when and why", tags: ["calendar"], request: { params: YearParams }, responses: { 200: ok("The audit log"), ...problems(401, 403, 422) } }),
    async (c) => {
      const actor = await requireActor(c);
      if (!mayEditCalendar(actor)) throw new AppError("access.denied", "只有区委统战部管理员可以查看工作日历的修改记录");
      return c.json({ items: await calendarAudit(c.req.valid("param").year) }, 200);
    },
  );
