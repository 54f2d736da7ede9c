import { z } from "@hono/zod-openapi";
import { REVEAL_REASON_CODES, REVEAL_REASONS } from "@tongxin/core/privacy/reasons";

/** The body of every 查看完整 (reveal) route: why, from the short list. */
export const RevealBody = z
  .object({
    reason: z.enum(REVEAL_REASON_CODES, { error: "请选择查看原因" }).openapi({
      description: `Why the full value is needed: ${Object.entries(REVEAL_REASONS).map(([code, label]) => `\`${code}\` ${label}`).join("; ")}`,
    }),
  })
  .openapi("RevealRequest");
