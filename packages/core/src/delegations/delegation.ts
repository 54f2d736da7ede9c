import { shanghaiLocal } from "../activities/time";
import { isCalendarDate } from "../forms/checksums";
import { z } from "../zod-locale";

/**
 * 代理审批: an approver away (请假/出差) names a delegate for a range of days (Beijing dates,
 * both included). Pure: what a delegation is, and whether it holds on a day.
 */
const day = z.string().refine(isCalendarDate, "须为有效日期，格式 YYYY-MM-DD");

/** The longest a delegation may run, in days. */
export const MAX_DELEGATION_DAYS = 90;

export const DelegationInputSchema = z
  .object({
    delegateId: z.string({ error: "请选择代理人" }).min(1, "请选择代理人").max(64),
    from: day,
    to: day,
    note: z.string().trim().max(100, "说明最多100个字").optional(),
  })
  .superRefine((input, ctx) => {
    if (input.to < input.from) ctx.addIssue({ code: "custom", message: "结束日期不能早于开始日期", path: ["to"] });
    else if (daysBetween(input.from, input.to) >= MAX_DELEGATION_DAYS) ctx.addIssue({ code: "custom", message: `代理期限最长${MAX_DELEGATION_DAYS}天`, path: ["to"] });
  });
export type DelegationInput = z.infer<typeof DelegationInputSchema>;

export interface Delegation extends DelegationInput {
  /** The approver who is away. */
  accountId: string;
  delegateName: string;
  setAt: string;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Today in Beijing, `YYYY-MM-DD`. */
export const beijingDay = (now: Date): string => shanghaiLocal(now).slice(0, 10);

/**
 * Whether a delegation holds at `now` (its days are Beijing days, both ends included).
 * @example isInEffect({ from: "2026-12-07", to: "2026-12-09" }, new Date("2026-12-09T15:59:00Z")) // true (23:59 in Beijing)
 */
export function isInEffect(delegation: Pick<Delegation, "from" | "to">, now: Date): boolean {
  const today = beijingDay(now);
  return delegation.from <= today && today <= delegation.to;
}

/** Where the delegate belongs: an org and its ancestors, root first. */
export interface Standing {
  orgId: string;
  orgPath: readonly string[];
}

/**
 * Whether the delegate may act on an approval from `unit`: they belong to the unit, to an org
 * above it, or to one beneath it. Delegation never carries a task into an org where the
 * delegate has no standing.
 */
export function hasStanding(memberships: readonly Standing[], unit: { unitId: string; unitPath: readonly string[] }): boolean {
  return memberships.some((m) => m.orgId === unit.unitId || unit.unitPath.includes(m.orgId) || m.orgPath.includes(unit.unitId));
}
