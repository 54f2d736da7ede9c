import { Hono } from "hono";
import type { AppEnv } from "../http/env";
import { principalMemberships, requirePrincipal } from "../http/session";

/**
 * GET /me, the request every page load of the web app starts with: a plain Hono router with no
 * input to validate, so a Lambda cold start that serves it loads neither zod nor the OpenAPI
 * machinery. Its OpenAPI description is registered with the auth routes (routes/auth.ts).
 */
export const meRoutes = new Hono<AppEnv>().get("/me", async (c) => {
  const principal = requirePrincipal(c);
  // Read alongside the session (the token names the account): one DynamoDB round trip in all.
  const memberships = await principalMemberships(c);
  const account = { accountId: principal.accountId, name: principal.name, platformAdmin: principal.platformAdmin, ...(principal.elderMode === undefined ? {} : { elderMode: principal.elderMode }) };
  return c.json({ account, memberships }, 200);
});
