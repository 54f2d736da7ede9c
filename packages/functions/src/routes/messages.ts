import { createRoute, z } from "@hono/zod-openapi";
import { listMessages, markRead, unreadCount } from "@tongxin/core/messages/inbox";
import { nudgeApprovers, nudgeState } from "@tongxin/core/messages/nudge";
import { getPreferences, setPreferences } from "@tongxin/core/messages/preferences";
import { problems, router } from "../http/openapi";
import { requireActor, requirePrincipal } from "../http/session";

const MessageView = z
  .object({ messageId: z.string(), eventId: z.string(), template: z.string(), title: z.string(), body: z.string(), link: z.string(), createdAt: z.string(), readAt: z.string().optional() })
  .openapi("Message");

const ReadBody = z
  .union([z.object({ messageIds: z.array(z.string().min(1).max(64)).min(1, "请选择要标为已读的消息").max(100) }), z.object({ all: z.literal(true) })])
  .openapi("MarkMessagesRead");

const InstanceParams = z.object({ instanceId: z.string().min(1).max(64) });
const NudgeStateView = z.object({ allowed: z.boolean(), approvers: z.number().int(), nudgedAt: z.string().optional() }).openapi("NudgeState");

const Preferences = z.object({ sms: z.boolean(), email: z.boolean() }).openapi("MessagePreferences");

/** 站内信: my messages with the bell's unread count, mark-read, and my channel preferences. */
export const messageRoutes = router()
  .openapi(
    createRoute({
      method: "get",
      path: "/messages",
      summary: "My messages (站内信), newest first, with the unread count",
      tags: ["messages"],
      request: { query: z.object({ cursor: z.string().max(1024).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }) },
      responses: {
        200: { description: "Messages", content: { "application/json": { schema: z.object({ items: z.array(MessageView), cursor: z.string().optional(), unread: z.number().int() }) } } },
        ...problems(401, 422),
      },
    }),
    async (c) => {
      const { accountId } = requirePrincipal(c);
      const [page, unread] = await Promise.all([listMessages(accountId, c.req.valid("query")), unreadCount(accountId)]);
      return c.json({ ...page, unread }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/messages/unread",
      summary: "How many of my messages are unread (the bell)",
      tags: ["messages"],
      responses: { 200: { description: "Count", content: { "application/json": { schema: z.object({ unread: z.number().int() }) } } }, ...problems(401) },
    }),
    async (c) => c.json({ unread: await unreadCount(requirePrincipal(c).accountId) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/messages/read",
      summary: "Mark some or all of my messages read",
      tags: ["messages"],
      request: { body: { content: { "application/json": { schema: ReadBody } }, required: true } },
      responses: { 200: { description: "How many changed, and the new unread count", content: { "application/json": { schema: z.object({ marked: z.number().int(), unread: z.number().int() }) } } }, ...problems(401, 422) },
    }),
    async (c) => {
      const { accountId } = requirePrincipal(c);
      const marked = await markRead(accountId, c.req.valid("json"));
      return c.json({ marked, unread: await unreadCount(accountId) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/instances/{instanceId}/nudge",
      summary: "Whether I may 催办 this approval, and whether it was nudged today",
      tags: ["messages"],
      request: { params: InstanceParams },
      responses: { 200: { description: "Nudge state", content: { "application/json": { schema: NudgeStateView } } }, ...problems(401, 404) },
    }),
    async (c) => c.json(await nudgeState(await requireActor(c), c.req.valid("param").instanceId), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/instances/{instanceId}/nudge",
      summary: "催办: remind the pending approvers (the submitter or an admin over the unit; once per approval per Beijing day)",
      description: "The reminder leaves through the table's stream. A second nudge the same day is 429 `instance.nudged_today` with Retry-After until Beijing midnight.",
      tags: ["messages"],
      request: { params: InstanceParams },
      responses: {
        202: { description: "Nudged", content: { "application/json": { schema: z.object({ nudgedAt: z.string(), approvers: z.number().int() }) } } },
        ...problems(401, 403, 404, 409, 429),
      },
    }),
    async (c) => {
      const actor = await requireActor(c);
      return c.json(await nudgeApprovers({ ...actor, name: requirePrincipal(c).name }, c.req.valid("param").instanceId), 202);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/messages/preferences",
      summary: "Which channels I get messages on besides 站内信",
      tags: ["messages"],
      responses: { 200: { description: "Preferences", content: { "application/json": { schema: Preferences } } }, ...problems(401) },
    }),
    async (c) => c.json(await getPreferences(requirePrincipal(c).accountId), 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/messages/preferences",
      summary: "Choose SMS and e-mail besides 站内信",
      tags: ["messages"],
      request: { body: { content: { "application/json": { schema: Preferences } }, required: true } },
      responses: { 200: { description: "Preferences", content: { "application/json": { schema: Preferences } } }, ...problems(401, 422) },
    }),
    async (c) => c.json(await setPreferences(requirePrincipal(c).accountId, c.req.valid("json")), 200),
  );
