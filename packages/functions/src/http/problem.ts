import { cancellationReasons } from "@tongxin/core/db/transactions";
import { AppError } from "@tongxin/core/errors";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "./env";
import { log } from "./log";

const PROBLEM_TYPE = "urn:tongxin:problem:";

/** Any thrown value as the one domain error type (unknown errors become `internal.error`). */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof HTTPException) {
    if (error.status === 413) return new AppError("request.too_large", "请求体过大");
    if (error.status === 401) return new AppError("auth.required", "请先登录");
    if (error.status === 415) return new AppError("request.unsupported_media_type", "不支持的请求内容类型");
    return new AppError("request.malformed", error.message || "请求格式不正确");
  }
  const reasons = cancellationReasons(error);
  if (reasons) {
    // A transaction cancelled by a condition the domain did not expect is a state conflict;
    // one cancelled by contention or throttling is worth retrying.
    if (reasons.includes("ConditionalCheckFailed")) return new AppError("conflict.stale", "数据已被他人修改，请刷新后重试", { cause: error });
    return new AppError("service.unavailable", "服务繁忙，请稍后重试", { retryAfter: 1, cause: error });
  }
  const name = (error as { name?: string; code?: string })?.name ?? "";
  // DynamoDB refusing work for a moment is the client's cue to retry, not a server fault.
  const code = (error as { code?: string })?.code ?? "";
  if (/Throttl|ProvisionedThroughputExceeded|RequestLimitExceeded|TransactionConflict|TransactionInProgress|TimeoutError|ECONNRESET|ECONNREFUSED|EPIPE|ServiceUnavailable|InternalServerError|AbortError/.test(`${name} ${code}`)) {
    return new AppError("service.unavailable", "服务繁忙，请稍后重试", { retryAfter: 1, cause: error });
  }
  return new AppError("internal.error", "服务器内部错误", { cause: error });
}

/** Renders an error as `application/problem+json` (RFC 9457) with field errors under `errors`. */
export function problemResponse(c: Context<AppEnv>, error: unknown): Response {
  const appError = toAppError(error);
  if (appError.status >= 500) {
    log("error", "request failed", {
      requestId: c.get("requestId"),
      code: appError.code,
      error: String((appError.cause as Error | undefined)?.stack ?? appError.cause ?? appError.message),
    });
  }
  // Details first: they may not overwrite the problem's own members (a detail named `status`
  // must not replace the HTTP status).
  const body = {
    ...(appError.details ?? {}),
    type: `${PROBLEM_TYPE}${appError.code}`,
    title: appError.message,
    status: appError.status,
    code: appError.code,
    instance: c.get("requestId"),
    ...(appError.fields ? { errors: appError.fields } : {}),
  };
  const headers: Record<string, string> = { "content-type": "application/problem+json; charset=utf-8" };
  if (appError.retryAfter !== undefined) headers["retry-after"] = String(appError.retryAfter);
  return new Response(JSON.stringify(body), { status: appError.status, headers });
}
