import "@tongxin/core/zod-locale";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { AppError, fieldErrorsFromIssues } from "@tongxin/core/errors";
import type { AppEnv } from "./env";

/** A router whose validation failures become `validation.failed` problems naming each field. */
export function router() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const fields = fieldErrorsFromIssues(result.error.issues);
        const first = Object.entries(fields)[0];
        const title = first ? `${first[0] || "请求"}：${first[1][0]}` : "请求内容不符合要求";
        throw new AppError("validation.failed", title, { fields });
      }
    },
  });
}

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    instance: z.string().optional(),
    errors: z.record(z.string(), z.array(z.string())).optional(),
  })
  .openapi("Problem");

/** The problem responses every authenticated route can give. */
export function problems(...statuses: number[]) {
  const descriptions: Record<number, string> = {
    400: "Malformed request",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found (or not visible to you)",
    409: "Conflict with the current state",
    413: "Body too large",
    422: "Invalid input; `errors` names each field",
    429: "Too many attempts; see Retry-After",
  };
  return Object.fromEntries(
    statuses.map((status) => [status, { description: descriptions[status] ?? "Problem", content: { "application/problem+json": { schema: ProblemSchema } } }]),
  );
}

export const IdempotencyHeaders = z.object({
  "idempotency-key": z.string().min(8).max(128).optional().openapi({
    description:
      "A retried request with the same key and the same body returns the first result instead of acting twice (header `idempotent-replayed: true`). The key is scoped to your account and to this operation and its target (method and path): on another form, org, election or endpoint it is a new request. The same key with a different body is refused with 422 `idempotency.key_reused` and nothing is written; a second request sent while the first with the same key is still being handled is refused with 409 `idempotency.in_progress` (retry it to get the first result). The key is stored in the same transaction as the object the request creates, so a request refused or failed before writing leaves the key free. Keys expire 24 hours after first use; after that the same key is a new request.",
  }),
});

/**
 * `?cursor=`: the opaque cursor of the previous page. Checked by the paging helper
 * (core db/paging.ts), which answers 400 `request.invalid_cursor` to anything it did not sign.
 */
export const CursorQuery = z.string().optional().openapi({ description: "The `cursor` of the previous page, as given" });
