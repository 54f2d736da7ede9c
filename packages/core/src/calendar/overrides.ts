import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import type { Actor } from "../access/policy";
import { batchGetAll } from "../db/batch";
import { db, tableName } from "../db/client";
import { readAuditLog } from "../db/audit-log";
import { cancellationReasons } from "../db/transactions";
import { AppError, fieldErrorsFromIssues } from "../errors";
import { nowIso } from "../ids";
import { nextEntry, verifyChain, type AuditEntry, type ChainVerdict } from "../workflows/audit";
import { isIsoDate, packageYear, PACKAGE_YEARS, weekday, type Overrides, type YearOverride } from "./working-days";

/**
 * The office's override of a year's working-day arrangement: one item per year, replaced as a
 * whole, each change one transaction with the next entry of the year's hash-chained audit log
 * (who, when, the lists before and after, and the reason).
 */

const key = (year: number) => ({ pk: `CALENDAR#${year}`, sk: "CALENDAR" });
const auditKey = (year: number, seq: number) => ({ pk: `CALENDAR#${year}`, sk: `AUDIT#${String(seq).padStart(6, "0")}` });

export interface StoredOverride extends YearOverride {
  version: number;
  auditHead: string;
  auditSeq: number;
  updatedAt: string;
  updatedBy: string;
  reason: string;
}

/** `GET /calendar/{year}`: what the year counts with, and where it comes from. */
export interface CalendarYear {
  year: number;
  /** override: the office's lists; package: the chinese-days data; none: weekends only. */
  source: "override" | "package" | "none";
  holidays: string[];
  workdays: string[];
  /** The package's lists for the year (empty when it does not know the year). */
  packageHolidays: string[];
  packageWorkdays: string[];
  updatedAt?: string;
  updatedBy?: string;
  reason?: string;
  version: number;
}

/** Who may edit the national calendar: platform admins and admins of a top-level office (区委统战部). */
export function mayEditCalendar(actor: Actor): boolean {
  if (actor.platformAdmin) return true;
  return [...actor.roles.entries()].some(([orgId, roles]) => roles.includes("admin") && (actor.paths?.get(orgId)?.length ?? 1) === 0);
}

function toOverride(item: Record<string, unknown>): StoredOverride {
  const { year, holidays, workdays, version, auditHead, auditSeq, updatedAt, updatedBy, reason } = item as unknown as StoredOverride;
  return { year, holidays, workdays, version, auditHead, auditSeq, updatedAt, updatedBy, reason };
}

export async function getOverride(year: number, consistent = false): Promise<StoredOverride | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: key(year), ConsistentRead: consistent }));
  return Item ? toOverride(Item) : undefined;
}

/** The overrides of the given years (one BatchGet), for counting a period. */
export async function overridesFor(years: readonly number[]): Promise<Overrides> {
  const items = await batchGetAll([...new Set(years)].map(key));
  return new Map(items.map((item) => [item.year as number, toOverride(item)]));
}

export async function calendarYear(year: number): Promise<CalendarYear> {
  const override = await getOverride(year, true);
  const known = packageYear(year);
  const base = { year, packageHolidays: known.holidays, packageWorkdays: known.workdays };
  if (override) {
    return { ...base, source: "override", holidays: override.holidays, workdays: override.workdays, updatedAt: override.updatedAt, updatedBy: override.updatedBy, reason: override.reason, version: override.version };
  }
  return { ...base, source: PACKAGE_YEARS.has(year) ? "package" : "none", holidays: known.holidays, workdays: known.workdays, version: 0 };
}


export const OverrideInputSchema = z.object({
  holidays: z.array(z.string()).max(60),
  workdays: z.array(z.string()).max(20),
  reason: z.string().trim().min(2, "请说明修改原因").max(500),
  /** The version read (0 when the year had no override): a stale edit is refused. */
  version: z.number().int().min(0),
});
export type OverrideInput = z.infer<typeof OverrideInputSchema>;

/** Field errors of an override (dates real and in the year, workdays on weekends, no date twice). Pure. */
export function overrideProblems(year: number, input: Pick<OverrideInput, "holidays" | "workdays">): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  const add = (path: string, message: string) => (fields[path] ??= []).push(message);
  const seen = new Set<string>();
  for (const list of ["holidays", "workdays"] as const) {
    input[list].forEach((date, i) => {
      if (!isIsoDate(date)) return add(`${list}.${i}`, "日期格式应为 YYYY-MM-DD");
      if (Number(date.slice(0, 4)) !== year) return add(`${list}.${i}`, `须为${year}年的日期`);
      if (seen.has(date)) return add(`${list}.${i}`, "日期重复（同一天不能既放假又上班）");
      seen.add(date);
      if (list === "workdays" && weekday(date) !== 0 && weekday(date) !== 6) add(`${list}.${i}`, "调休上班日须为周六或周日");
    });
  }
  return fields;
}

/** Replaces a year's override, audited; `version` must be the one read. */
export async function saveOverride(year: number, actor: Actor, raw: unknown): Promise<CalendarYear> {
  const parsed = OverrideInputSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = fieldErrorsFromIssues(parsed.error.issues);
    const [path, messages] = Object.entries(fields)[0]!;
    throw new AppError("validation.failed", `${path}：${messages[0]}`, { fields });
  }
  const input = parsed.data;
  const fields = overrideProblems(year, input);
  if (Object.keys(fields).length > 0) throw new AppError("validation.failed", `日历有误：${Object.values(fields)[0]![0]}`, { fields });
  const current = await getOverride(year, true);
  if ((current?.version ?? 0) !== input.version) throw new AppError("conflict.stale", "该年度日历已在别处修改，请刷新后重试");
  const holidays = [...input.holidays].sort();
  const workdays = [...input.workdays].sort();
  const at = nowIso();
  const before = current ?? packageYear(year);
  const entry = nextEntry(current ? { seq: current.auditSeq, hash: current.auditHead } : undefined, {
    action: current ? "override_changed" : "override_created",
    actorId: actor.accountId,
    year,
    reason: input.reason,
    from: { holidays: before.holidays, workdays: before.workdays, source: current ? "override" : PACKAGE_YEARS.has(year) ? "package" : "none" },
    to: { holidays, workdays },
  }, at);
  const item: StoredOverride = { year, holidays, workdays, version: input.version + 1, auditHead: entry.hash, auditSeq: entry.seq, updatedAt: at, updatedBy: actor.accountId, reason: input.reason };
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: { ...key(year), type: "calendar_override", ...item },
              ConditionExpression: current ? "version = :version" : "attribute_not_exists(pk)",
              ExpressionAttributeValues: current ? { ":version": current.version } : undefined,
            },
          },
          { Put: { TableName: tableName(), Item: { ...auditKey(year, entry.seq), type: "calendar_audit", ...entry }, ConditionExpression: "attribute_not_exists(pk)" } },
        ],
      }),
    );
  } catch (error) {
    if (cancellationReasons(error)?.some((reason) => reason === "ConditionalCheckFailed" || reason === "TransactionConflict")) throw new AppError("conflict.stale", "该年度日历已在别处修改，请刷新后重试");
    throw error;
  }
  return calendarYear(year);
}

export function calendarAudit(year: number): Promise<AuditEntry[]> {
  return readAuditLog({ pk: `CALENDAR#${year}`, skPrefix: "AUDIT#" });
}

export async function verifyCalendarAudit(year: number): Promise<ChainVerdict> {
  return verifyChain(await calendarAudit(year));
}
