import { createRoute, z } from "@hono/zod-openapi";
import { requireActivity } from "@tongxin/core/activities/activities";
import { listActivities, monthCalendar } from "@tongxin/core/activities/calendar";
import { cancelActivity, CANCEL_REASON_MAX } from "@tongxin/core/activities/cancellation";
import { checkIn } from "@tongxin/core/activities/checkin";
import { activityView, mayManage, mayRead, type Activity } from "@tongxin/core/activities/model";
import { cancelSignup, listSignups, mySignup, signUp, signupsOfAccount } from "@tongxin/core/activities/signups";
import { fileSummary } from "@tongxin/core/activities/summary";
import type { Actor } from "@tongxin/core/access/policy";
import { AppError } from "@tongxin/core/errors";
import type { Context } from "hono";
import type { AppEnv } from "../http/env";
import { CursorQuery, IdempotencyHeaders, problems, router } from "../http/openapi";
import { requireActor, requireOrgAccess, requirePrincipal } from "../http/session";

import { OrgParams } from "./orgs";
import { idempotentId } from "../http/idempotency";

const FileRefSchema = z.object({
  uploadId: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  size: z.number().int().min(1),
  type: z.string().min(3).max(120),
});

const SummaryView = z.object({
  attendance: z.number().int(),
  checkedIn: z.number().int(),
  spentFen: z.number().int(),
  photos: z.array(FileRefSchema),
  notes: z.string(),
  filedBy: z.string(),
  filedByName: z.string(),
  filedAt: z.string(),
});

const ActivityView = z
  .object({
    activityId: z.string(),
    orgId: z.string().openapi({ description: "The unit running the activity" }),
    unitName: z.string(),
    unitPath: z.array(z.string()),
    formId: z.string(),
    submissionId: z.string(),
    instanceId: z.string(),
    title: z.string(),
    theme: z.string(),
    themeLabel: z.string(),
    startsAt: z.string().openapi({ description: "Local Asia/Shanghai time, YYYY-MM-DDTHH:mm" }),
    endsAt: z.string(),
    venue: z.string(),
    description: z.string().optional(),
    capacity: z.number().int(),
    budgetFen: z.number().int(),
    confirmed: z.number().int(),
    waitlisted: z.number().int(),
    checkedIn: z.number().int(),
    placesLeft: z.number().int(),
    status: z.enum(["open", "closed", "cancelled"]),
    cancelledAt: z.string().optional(),
    cancelledBy: z.string().optional(),
    cancelledByName: z.string().optional(),
    cancelReason: z.string().optional().openapi({ description: "Why it was called off (活动取消)" }),
    organizerId: z.string(),
    organizerName: z.string(),
    createdAt: z.string(),
    summary: SummaryView.optional(),
    summaryDueAt: z.string(),
    summaryOverdue: z.boolean().openapi({ description: "No summary more than 7 days after the end" }),
    budgetVarianceFen: z.number().int().optional().openapi({ description: "Spent minus budget, once summarized" }),
  })
  .openapi("Activity");

const SignupView = z
  .object({
    activityId: z.string(),
    accountId: z.string(),
    name: z.string(),
    status: z.enum(["confirmed", "waitlisted", "cancelled"]),
    position: z.number().int().optional().openapi({ description: "Place in the waitlist, 1 = next to be promoted" }),
    ticket: z.number().int().optional().openapi({ description: "Waitlist ticket (the order of promotion)" }),
    checkinToken: z.string().optional().openapi({ description: "Shown to the member as a QR code while confirmed (own sign-up only)" }),
    signedUpAt: z.string(),
    confirmedAt: z.string().optional(),
    checkedInAt: z.string().optional(),
    cancelledAt: z.string().optional(),
  })
  .openapi("Signup");

const ActivityParams = z.object({ activityId: z.string().min(1).max(64) });
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE_PREFIX = /^\d{4}-\d{2}(-\d{2}(T\d{2}:\d{2})?)?$/;

/** The activity, provided the caller may see it (else it does not exist for them). */
async function readable(c: Context<AppEnv>, activityId: string, consistent = false): Promise<{ actor: Actor; activity: Activity }> {
  const actor = await requireActor(c);
  const activity = await requireActivity(activityId, consistent);
  if (!mayRead(actor, activity)) throw new AppError("activity.not_found", "活动不存在");
  return { actor, activity };
}

async function manageable(c: Context<AppEnv>, activityId: string, consistent = false): Promise<{ actor: Actor; activity: Activity }> {
  const found = await readable(c, activityId, consistent);
  if (!mayManage(found.actor, found.activity)) throw new AppError("access.denied", "只有活动组织者或本单位管理员可以操作");
  return found;
}

export const activityRoutes = router()
  .openapi(
    createRoute({
      method: "get",
      path: "/orgs/{orgId}/calendar",
      summary: "The activity calendar of a month: the org's activities and those of every org beneath it",
      tags: ["activities"],
      request: { params: OrgParams, query: z.object({ month: z.string().regex(MONTH, "月份格式应为 YYYY-MM") }) },
      // Open to everyone with standing in the org or beneath it: never 403.
      responses: { 200: { description: "Activities by start time", content: { "application/json": { schema: z.object({ month: z.string(), items: z.array(ActivityView) }) } } }, ...problems(401, 404, 422) },
    }),
    async (c) => {
      const { org } = await requireOrgAccess(c, c.req.valid("param").orgId, "activities.read");
      const { month } = c.req.valid("query");
      return c.json({ month, items: await monthCalendar(org.orgId, month) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/orgs/{orgId}/activities",
      summary: "A page of the activities of the org and of every org beneath it, by start time (local dates, inclusive)",
      tags: ["activities"],
      request: {
        params: OrgParams,
        query: z.object({
          from: z.string().regex(DATE_PREFIX, "日期格式应为 YYYY-MM-DD").optional(),
          to: z.string().regex(DATE_PREFIX, "日期格式应为 YYYY-MM-DD").optional(),
          cursor: CursorQuery,
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
      responses: {
        200: { description: "Activities", content: { "application/json": { schema: z.object({ items: z.array(ActivityView), cursor: z.string().optional() }) } } },
        ...problems(401, 404, 422),
      },
    }),
    async (c) => {
      const { org } = await requireOrgAccess(c, c.req.valid("param").orgId, "activities.read");
      return c.json(await listActivities(org.orgId, c.req.valid("query")), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me/activities",
      summary: "My sign-ups (confirmed, waitlisted, cancelled), soonest activity first",
      tags: ["activities"],
      responses: {
        200: {
          description: "Mine",
          content: { "application/json": { schema: z.object({ items: z.array(SignupView.extend({ title: z.string(), startsAt: z.string(), endsAt: z.string(), venue: z.string(), unitName: z.string() })) }) } },
        },
        ...problems(401),
      },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      return c.json({ items: await signupsOfAccount(principal.accountId) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/activities/{activityId}",
      summary: "An activity with my sign-up (status, waitlist position, check-in token) and whether I may manage it",
      tags: ["activities"],
      request: { params: ActivityParams },
      responses: {
        200: {
          description: "The activity",
          content: { "application/json": { schema: z.object({ activity: ActivityView, mySignup: SignupView.nullable(), canManage: z.boolean() }) } },
        },
        ...problems(401, 404),
      },
    }),
    async (c) => {
      const { actor, activity } = await readable(c, c.req.valid("param").activityId, true);
      const mine = await mySignup(activity.activityId, actor.accountId);
      return c.json({ activity: activityView(activity, new Date()), mySignup: mine ?? null, canManage: mayManage(actor, activity) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/activities/{activityId}/signups",
      summary: "Sign up: confirmed while places remain, else waitlisted with a position",
      description:
        "One sign-up per person: a second is 409 with the existing one, unless it repeats the Idempotency-Key of the first (then 201 with `idempotent-replayed: true`). Capacity is never exceeded, however many sign up at once.",
      tags: ["activities"],
      request: { params: ActivityParams, headers: IdempotencyHeaders },
      responses: { 201: { description: "Signed up", content: { "application/json": { schema: SignupView } } }, ...problems(401, 404, 409, 422) },
    }),
    async (c) => {
      const { actor, activity } = await readable(c, c.req.valid("param").activityId);
      const principal = requirePrincipal(c);
      const requestId = await idempotentId(c, actor.accountId);
      const { signup, replayed } = await signUp(activity.activityId, { accountId: actor.accountId, name: principal.name }, requestId);
      if (replayed) c.header("idempotent-replayed", "true");
      return c.json(signup, 201);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/activities/{activityId}/signups/me",
      summary: "Cancel my sign-up; a freed place goes to the head of the waitlist in the same transaction",
      tags: ["activities"],
      request: { params: ActivityParams },
      responses: {
        200: {
          description: "Cancelled",
          content: { "application/json": { schema: z.object({ signup: SignupView, promoted: z.object({ accountId: z.string(), name: z.string() }).optional() }) } },
        },
        ...problems(401, 404, 409),
      },
    }),
    async (c) => {
      const { actor, activity } = await readable(c, c.req.valid("param").activityId);
      return c.json(await cancelSignup(activity.activityId, actor.accountId), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/activities/{activityId}/signups",
      summary: "The sign-up list with statuses and waitlist positions (the organizer and the unit's admins)",
      tags: ["activities"],
      request: { params: ActivityParams },
      responses: {
        200: {
          description: "Sign-ups: confirmed, then the waitlist in order, then cancelled",
          content: {
            "application/json": {
              schema: z.object({
                items: z.array(SignupView),
                counts: z.object({ capacity: z.number().int(), confirmed: z.number().int(), waitlisted: z.number().int(), checkedIn: z.number().int() }),
              }),
            },
          },
        },
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      const { activity } = await manageable(c, c.req.valid("param").activityId, true);
      const items = await listSignups(activity.activityId);
      const { capacity, confirmed, waitlisted, checkedIn } = activity;
      return c.json({ items, counts: { capacity, confirmed, waitlisted, checkedIn } }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/activities/{activityId}/checkins",
      summary: "Check a member in by the token of their QR code (the organizer and the unit's admins)",
      description: "An unknown or cancelled token is 404; a token already used is 409 naming when.",
      tags: ["activities"],
      request: { params: ActivityParams, body: { content: { "application/json": { schema: z.object({ token: z.string().trim().min(1, "请扫描签到码").max(128) }) } }, required: true } },
      responses: {
        201: { description: "Checked in", content: { "application/json": { schema: z.object({ accountId: z.string(), name: z.string(), checkedInAt: z.string() }) } } },
        ...problems(401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const { actor, activity } = await manageable(c, c.req.valid("param").activityId);
      return c.json(await checkIn(activity.activityId, c.req.valid("json").token, actor.accountId), 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/activities/{activityId}/summary",
      summary: "File the post-event summary (the organizer and the unit's admins): attendance, money spent, photos, notes",
      description:
        "Once per activity; it closes the activity and adds it to the statistics of its unit and every org above. `attendance` defaults to the number checked in and may not be lower. Photos are uploads (POST /uploads against the activity's proposal form) made by the filer.",
      tags: ["activities"],
      request: {
        params: ActivityParams,
        headers: IdempotencyHeaders,
        body: {
          content: {
            "application/json": {
              schema: z.object({
                attendance: z.number().int().min(0, "人次不能为负").max(1_000_000).optional(),
                spentFen: z.number({ error: "请填写实际支出（分）" }).int("金额须为整数（分）").min(0, "金额不能为负").max(100_000_000_00),
                photos: z.array(FileRefSchema).max(20, "最多20张照片").optional(),
                notes: z.string({ error: "请填写活动总结" }).trim().min(1, "请填写活动总结").max(5000, "总结最多5000字"),
              }),
            },
          },
          required: true,
        },
      },
      responses: { 201: { description: "Filed", content: { "application/json": { schema: ActivityView } } }, ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { actor, activity } = await manageable(c, c.req.valid("param").activityId);
      const principal = requirePrincipal(c);
      const requestId = await idempotentId(c, actor.accountId);
      const outcome = await fileSummary(activity.activityId, c.req.valid("json"), { accountId: actor.accountId, name: principal.name }, requestId);
      if (outcome.replayed) c.header("idempotent-replayed", "true");
      return c.json(activityView(outcome.activity, new Date()), 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/activities/{activityId}/cancel",
      summary: "Cancel an approved activity (the organizer and the unit's admins), with a reason: sign-ups close and every signed-up member is told (from the stream)",
      description: "Once: of two cancellations at once one lands, the other is 409 `activity.cancelled`. An activity that has ended or has its summary is 409 `activity.closed`.",
      tags: ["activities"],
      request: {
        params: ActivityParams,
        body: { content: { "application/json": { schema: z.object({ reason: z.string({ error: "请填写取消原因" }).max(CANCEL_REASON_MAX * 2, `取消原因最多${CANCEL_REASON_MAX}个字`) }) } }, required: true },
      },
      responses: { 200: { description: "Cancelled", content: { "application/json": { schema: ActivityView } } }, ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const actor = await requireActor(c);
      const principal = requirePrincipal(c);
      const cancelled = await cancelActivity({ ...actor, name: principal.name }, c.req.valid("param").activityId, c.req.valid("json").reason);
      return c.json(activityView(cancelled, new Date()), 200);
    },
  );
