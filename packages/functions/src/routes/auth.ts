import { createRoute, z } from "@hono/zod-openapi";
import { logIn } from "@tongxin/core/auth/login";
import { endSession } from "@tongxin/core/auth/sessions";
import { ORG_KIND_CODES } from "@tongxin/core/orgs/kinds";
import { ROLE_CODES } from "@tongxin/core/access/roles";
import { clientAddress } from "../http/client";
import { problems, router } from "../http/openapi";
import { clearSessionCookie, requirePrincipal, setSessionCookie } from "../http/session";

const LoginBody = z
  .object({
    login: z.string().trim().min(1, "请输入手机号或邮箱").max(254),
    password: z.string().min(1, "请输入密码").max(256),
  })
  .openapi("LoginRequest");

const AccountView = z
  .object({ accountId: z.string(), name: z.string(), platformAdmin: z.boolean() })
  .openapi("Account");

const MembershipView = z
  .object({ orgId: z.string(), orgName: z.string(), orgKind: z.enum(ORG_KIND_CODES), orgPath: z.array(z.string()), roles: z.array(z.enum(ROLE_CODES)) })
  .openapi("Membership");

const SessionView = z
  .object({ account: AccountView, token: z.string(), expiresAt: z.number().int() })
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
        200: { description: "Signed in; the token is also set as an HttpOnly cookie", content: { "application/json": { schema: SessionView } } },
        ...problems(401, 422, 429),
      },
    }),
    async (c) => {
      const { login, password } = c.req.valid("json");
      const session = await logIn({ login, password, client: await clientAddress(c) });
      setSessionCookie(c, session.token);
      const { principal } = session;
      return c.json(
        { account: { accountId: principal.accountId, name: principal.name, platformAdmin: principal.platformAdmin }, token: session.token, expiresAt: session.expiresAt },
        200,
      );
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
