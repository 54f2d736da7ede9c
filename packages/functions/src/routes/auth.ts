import { createRoute, z } from "@hono/zod-openapi";
import { logIn } from "@tongxin/core/auth/login";
import { changePassword } from "@tongxin/core/auth/password-change";
import { PASSWORD_MAX_LENGTH } from "@tongxin/core/auth/password-strength";
import { endAllSessions, endSession } from "@tongxin/core/auth/sessions";
import { ORG_KIND_CODES } from "@tongxin/core/orgs/kinds";
import { ROLE_CODES } from "@tongxin/core/access/roles";
import { clientAddress } from "../http/client";
import { problems, router } from "../http/openapi";
import { clearSessionCookie, deliverSession, requirePrincipal } from "../http/session";

const LoginBody = z
  .object({
    login: z.string().trim().min(1, "请输入手机号或邮箱").max(254),
    password: z.string().min(1, "请输入密码").max(256),
    delivery: z.enum(["cookie", "token"]).default("cookie").openapi({ description: "`cookie` (browsers): the session is an HttpOnly cookie and the answer holds no token; `token`: the answer holds the token for `Authorization: Bearer`, and no cookie is set" }),
  })
  .openapi("LoginRequest");

const PasswordChange = z
  .object({
    currentPassword: z.string().min(1, "请输入当前密码").max(256),
    newPassword: z.string().min(1, "请输入新密码").max(PASSWORD_MAX_LENGTH, `密码最多${PASSWORD_MAX_LENGTH}位`),
  })
  .openapi("PasswordChangeRequest");

const AccountView = z
  .object({
    accountId: z.string(),
    name: z.string(),
    platformAdmin: z.boolean(),
    elderMode: z.boolean().optional().openapi({ description: "长辈版, as chosen with PUT /me/display (GET /me only; absent until chosen)" }),
  })
  .openapi("Account");

const MembershipView = z
  .object({ orgId: z.string(), orgName: z.string(), orgKind: z.enum(ORG_KIND_CODES), orgPath: z.array(z.string()), roles: z.array(z.enum(ROLE_CODES)) })
  .openapi("Membership");

const SessionView = z
  .object({ account: AccountView, token: z.string().optional().openapi({ description: "Only when `delivery: token` was asked for" }), expiresAt: z.number().int() })
  .openapi("Session");

const MeView = z.object({ account: AccountView, memberships: z.array(MembershipView) }).openapi("Me");

export const authRoutes = router()
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/login",
      summary: "Sign in with a phone number or email and a password",
      tags: ["auth"],
      request: { body: { content: { "application/json": { schema: LoginBody } }, required: true } },
      responses: {
        200: { description: "Signed in: the session is an HttpOnly cookie, or with `delivery: token` a token in the answer", content: { "application/json": { schema: SessionView } } },
        ...problems(401, 422, 429),
      },
    }),
    async (c) => {
      const { login, password, delivery } = c.req.valid("json");
      const session = await logIn({ login, password, client: await clientAddress(c) });
      return c.json(deliverSession(c, session, delivery), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/password",
      summary: "修改密码: the current password and a new one that passes the strength rule; every other session ends, the caller gets a new one",
      tags: ["auth"],
      request: { body: { content: { "application/json": { schema: PasswordChange } }, required: true } },
      responses: {
        200: { description: "Password changed; the caller's new session (cookie, or token for a Bearer caller)", content: { "application/json": { schema: SessionView } } },
        ...problems(401, 409, 422, 429),
      },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      const { currentPassword, newPassword } = c.req.valid("json");
      const session = await changePassword({ accountId: principal.accountId, currentPassword, newPassword, client: await clientAddress(c) });
      return c.json(deliverSession(c, session, c.get("sessionVia") === "bearer" ? "token" : "cookie"), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/logout-all",
      summary: "退出所有设备: end every session of the signed-in account, this one included",
      tags: ["auth"],
      responses: { 204: { description: "Signed out everywhere" }, ...problems(401) },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      await endAllSessions(principal.accountId);
      clearSessionCookie(c);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/logout",
      summary: "End the current session",
      tags: ["auth"],
      responses: { 204: { description: "Signed out" }, ...problems(401) },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      await endSession(principal.sessionId);
      clearSessionCookie(c);
      return c.body(null, 204);
    },
  );

/** GET /me is served by routes/me.ts (no zod on that path); it is described here, with the auth routes. */
authRoutes.openAPIRegistry.registerPath(
  createRoute({
    method: "get",
    path: "/me",
    summary: "The signed-in account and the orgs it belongs to",
    tags: ["auth"],
    responses: { 200: { description: "Me", content: { "application/json": { schema: MeView } } }, ...problems(401) },
  }),
);
