import { createRoute, z } from "@hono/zod-openapi";
import { requestSmsCode } from "@tongxin/core/auth/sms-code";
import { PASSWORD_MAX_LENGTH } from "@tongxin/core/auth/password-strength";
import { logInWithSmsCode, resetPasswordWithSmsCode } from "@tongxin/core/auth/sms-login";
import { acceptInvitation, invitationInfo } from "@tongxin/core/auth/invitation";
import { clientAddress } from "../http/client";
import { problems, router } from "../http/openapi";
import { deliverSession } from "../http/session";

const Phone = z.string().trim().min(1, "请输入手机号").max(20);
const Code = z.string().trim().regex(/^\d{6}$/, "请输入6位数字验证码");

const CodeRequest = z.object({ phone: Phone, purpose: z.enum(["login", "reset"]).default("login") }).openapi("SmsCodeRequest");
const SmsLogin = z.object({ phone: Phone, code: Code, delivery: z.enum(["cookie", "token"]).default("cookie") }).openapi("SmsLoginRequest");
const PasswordReset = z.object({ phone: Phone, code: Code, password: z.string().min(8, "密码至少8位").max(PASSWORD_MAX_LENGTH) }).openapi("PasswordResetRequest");

const InvitationToken = z.string().trim().min(1, "邀请链接无效").max(200, "邀请链接无效");
const InvitationLookup = z.object({ token: InvitationToken }).openapi("InvitationLookup");
const InvitationAccept = z
  .object({ token: InvitationToken, password: z.string().min(8, "密码至少8位").max(PASSWORD_MAX_LENGTH), delivery: z.enum(["cookie", "token"]).default("cookie") })
  .openapi("InvitationAccept");

const SessionView = z.object({ account: z.object({ accountId: z.string(), name: z.string(), platformAdmin: z.boolean() }), token: z.string().optional(), expiresAt: z.number().int() });

/** Sign-in by SMS code (短信验证码登录) and 忘记密码, beside the password sign-in of routes/auth.ts. */
export const smsAuthRoutes = router()
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/sms-code",
      summary: "Send a 6-digit code by SMS (sign-in or password reset); the same answer whether or not the number has an account",
      tags: ["auth"],
      request: { body: { content: { "application/json": { schema: CodeRequest } }, required: true } },
      responses: { 202: { description: "A code is on its way if the number belongs to an account", content: { "application/json": { schema: z.object({ retryAfter: z.number().int() }) } } }, ...problems(422, 429) },
    }),
    async (c) => {
      const { phone, purpose } = c.req.valid("json");
      return c.json(await requestSmsCode({ phone, purpose, client: await clientAddress(c) }), 202);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/login/sms",
      summary: "Sign in with a phone number and the SMS code sent to it",
      tags: ["auth"],
      request: { body: { content: { "application/json": { schema: SmsLogin } }, required: true } },
      responses: { 200: { description: "Signed in; the token is also set as an HttpOnly cookie", content: { "application/json": { schema: SessionView } } }, ...problems(401, 422) },
    }),
    async (c) => {
      const { phone, code, delivery } = c.req.valid("json");
      const session = await logInWithSmsCode({ phone, code });
      return c.json(deliverSession(c, session, delivery), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/password/reset",
      summary: "Set a new password with an SMS code (忘记密码), under the strength rule; every session of the account ends",
      tags: ["auth"],
      request: { body: { content: { "application/json": { schema: PasswordReset } }, required: true } },
      responses: { 204: { description: "Password changed" }, ...problems(401, 409, 422) },
    }),
    async (c) => {
      await resetPasswordWithSmsCode(c.req.valid("json"));
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/invitation",
      summary: "Whom an invitation link is for (the set-password page greets them); 401 when it is unknown, used or expired",
      tags: ["auth"],
      request: { body: { content: { "application/json": { schema: InvitationLookup } }, required: true } },
      responses: { 200: { description: "The invited person's name", content: { "application/json": { schema: z.object({ name: z.string() }) } } }, ...problems(401, 422) },
    }),
    async (c) => c.json(await invitationInfo(c.req.valid("json").token), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/invitation/accept",
      summary: "Accept an invitation: the person sets their own first password (strength rule) and is signed in; the link works once, for 7 days",
      tags: ["auth"],
      request: { body: { content: { "application/json": { schema: InvitationAccept } }, required: true } },
      responses: { 200: { description: "Password set and signed in", content: { "application/json": { schema: SessionView } } }, ...problems(401, 409, 422) },
    }),
    async (c) => {
      const { token, password, delivery } = c.req.valid("json");
      const session = await acceptInvitation({ token, password });
      return c.json(deliverSession(c, session, delivery), 200);
    },
  );
