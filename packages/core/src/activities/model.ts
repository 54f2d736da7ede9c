import { can, type Actor, type OrgPlace } from "../access/policy";
import { AppError } from "../errors";
import type { FileRef } from "../forms/attachments";
import { isSummaryOverdue, summaryDueAt } from "./time";

/**
 * Activities (活动) and sign-ups as the module sees them, and the pure rules about them:
 * building an activity from approved answers, who may read or manage it, what a person sees.
 */
/** `closed`: its summary is filed; `cancelled`: called off by its organizer or an admin (cancellation.ts). */
export type ActivityStatus = "open" | "closed" | "cancelled";

export interface ActivitySummary {
  /** 实际参加人次: defaults to the number checked in; never fewer. */
  attendance: number;
  checkedIn: number;
  spentFen: number;
  photos: FileRef[];
  notes: string;
  filedBy: string;
  filedByName: string;
  filedAt: string;
}

export interface Activity {
  /** The approved proposal's submission id. */
  activityId: string;
  /** The unit that runs it (the proposer's 新空间, 分会, ...). */
  orgId: string;
  unitName: string;
  /** The unit's ancestors, root first. */
  unitPath: string[];
  formId: string;
  submissionId: string;
  instanceId: string;
  title: string;
  theme: string;
  themeLabel: string;
  /** Local Asia/Shanghai times, `YYYY-MM-DDTHH:mm`. */
  startsAt: string;
  endsAt: string;
  venue: string;
  description?: string;
  capacity: number;
  /** 经费预算 in 分 (0 when no funds were requested). */
  budgetFen: number;
  confirmed: number;
  waitlisted: number;
  /** Waitlist tickets handed out so far (an atomic counter; positions follow ticket order). */
  waitSeq: number;
  checkedIn: number;
  status: ActivityStatus;
  organizerId: string;
  organizerName: string;
  createdAt: string;
  summary?: ActivitySummary;
  /** False between filing a summary and counting its distinct people (set again when done). */
  peopleCounted?: boolean;
  /** The Idempotency-Key (as an id) of the request that filed the summary. */
  summaryRequestId?: string | null;
  /** 活动取消: when, by whom and why (cancellation.ts). */
  cancelledAt?: string;
  cancelledBy?: string;
  cancelledByName?: string;
  cancelReason?: string;
}

export type SignupStatus = "confirmed" | "waitlisted" | "cancelled";

export interface Signup {
  activityId: string;
  accountId: string;
  name: string;
  status: SignupStatus;
  /** Waitlist ticket: the order in which waitlisted people are promoted. */
  ticket?: number;
  /** Shown to the member as a QR code while confirmed; the organizer scans it to check them in. */
  checkinToken?: string;
  signedUpAt: string;
  confirmedAt?: string;
  checkedInAt?: string;
  cancelledAt?: string;
  /** Derived from the Idempotency-Key of the request that made it. */
  requestId?: string;
  /** Copies for "my activities". */
  title: string;
  startsAt: string;
  endsAt: string;
  venue: string;
  unitName: string;
}

export const ACTIVITY_FIELDS = [
  "activityId", "orgId", "unitName", "unitPath", "formId", "submissionId", "instanceId", "title", "theme", "themeLabel",
  "startsAt", "endsAt", "venue", "description", "capacity", "budgetFen", "confirmed", "waitlisted", "waitSeq", "checkedIn",
  "status", "organizerId", "organizerName", "createdAt", "summary", "peopleCounted", "summaryRequestId",
  "cancelledAt", "cancelledBy", "cancelledByName", "cancelReason",
] as const;

export const SIGNUP_FIELDS = [
  "activityId", "accountId", "name", "status", "ticket", "checkinToken", "signedUpAt", "confirmedAt", "checkedInAt",
  "cancelledAt", "requestId", "title", "startsAt", "endsAt", "venue", "unitName",
] as const;

export function pickFields<T>(item: Record<string, unknown>, fields: readonly string[]): T {
  return Object.fromEntries(fields.filter((field) => item[field] !== undefined).map((field) => [field, item[field]])) as T;
}

export interface ProposalContext {
  submissionId: string;
  formId: string;
  instanceId: string;
  unitId: string;
  unitName: string;
  unitPath: string[];
  organizerId: string;
  organizerName: string;
  themeLabel: string;
  createdAt: string;
}

/**
 * The activity an approved proposal opens, from its answers (the 活动申报表 keys).
 * @example activityFromProposal({ title: "学四史", theme: "sishi", startsAt: "2026-12-12T14:00", ... }, context)
 */
export function activityFromProposal(data: Record<string, unknown>, context: ProposalContext): Activity {
  const startsAt = String(data.startsAt ?? "");
  const endsAt = String(data.endsAt ?? "");
  if (!(endsAt > startsAt)) {
    throw new AppError("validation.failed", "活动结束时间须晚于开始时间，请退回申报人修改", { fields: { endsAt: ["结束时间须晚于开始时间"] } });
  }
  const budget = data.needsFunds === "no" ? [] : ((data.budget as Array<{ amount?: unknown }> | undefined) ?? []);
  return {
    activityId: context.submissionId,
    orgId: context.unitId,
    unitName: context.unitName,
    unitPath: context.unitPath,
    formId: context.formId,
    submissionId: context.submissionId,
    instanceId: context.instanceId,
    title: String(data.title ?? ""),
    theme: String(data.theme ?? ""),
    themeLabel: context.themeLabel,
    startsAt,
    endsAt,
    venue: String(data.venue ?? ""),
    description: typeof data.description === "string" ? data.description : undefined,
    capacity: Number(data.capacity),
    budgetFen: budget.reduce((sum, row) => sum + (Number(row.amount) || 0), 0),
    confirmed: 0,
    waitlisted: 0,
    waitSeq: 0,
    checkedIn: 0,
    status: "open",
    organizerId: context.organizerId,
    organizerName: context.organizerName,
    createdAt: context.createdAt,
  };
}

/** The unit and each of its ancestors, root first, as the policy sees them. */
export function placesOf(activity: Pick<Activity, "orgId" | "unitPath">): OrgPlace[] {
  const chain = [...activity.unitPath, activity.orgId];
  return chain.map((orgId, index) => ({ orgId, path: chain.slice(0, index) }));
}

/** Anyone who may read the calendar of the unit or of an org above it (where the activity is listed). */
export function mayRead(actor: Actor, activity: Pick<Activity, "orgId" | "unitPath" | "organizerId">): boolean {
  return actor.accountId === activity.organizerId || placesOf(activity).some((place) => can(actor, "activities.read", place));
}

/** The organizer, and the unit's admins (held there or above). */
export function mayManage(actor: Actor, activity: Pick<Activity, "orgId" | "unitPath" | "organizerId">): boolean {
  return actor.accountId === activity.organizerId || can(actor, "activities.manage", { orgId: activity.orgId, path: activity.unitPath });
}

/** An activity as the API shows it, with what is derived from the clock. */
export function activityView(activity: Activity, now: Date) {
  const { waitSeq: _seq, peopleCounted: _counted, summaryRequestId: _request, ...shown } = activity;
  return {
    ...shown,
    placesLeft: Math.max(0, activity.capacity - activity.confirmed),
    summaryDueAt: summaryDueAt(activity),
    summaryOverdue: isSummaryOverdue(activity, now),
    budgetVarianceFen: activity.summary ? activity.summary.spentFen - activity.budgetFen : undefined,
  };
}
export type ActivityView = ReturnType<typeof activityView>;

/** A sign-up as its owner sees it; `position` is the current place in the waitlist (1 = next). */
export function signupView(signup: Signup, position: number | undefined, own: boolean) {
  return {
    activityId: signup.activityId,
    accountId: signup.accountId,
    name: signup.name,
    status: signup.status,
    position: signup.status === "waitlisted" ? position : undefined,
    ticket: signup.status === "waitlisted" ? signup.ticket : undefined,
    checkinToken: own && signup.status === "confirmed" ? signup.checkinToken : undefined,
    signedUpAt: signup.signedUpAt,
    confirmedAt: signup.confirmedAt,
    checkedInAt: signup.checkedInAt,
    cancelledAt: signup.cancelledAt,
  };
}
export type SignupView = ReturnType<typeof signupView>;

/**
 * Sign-ups in list order — confirmed by confirmation time, then the waitlist by ticket with
 * positions 1, 2, ..., then cancelled ones — each with its position.
 */
export function orderSignups(signups: Signup[]): Array<{ signup: Signup; position?: number }> {
  const by = (status: SignupStatus) => signups.filter((s) => s.status === status);
  const confirmed = by("confirmed").sort((a, b) => (a.confirmedAt ?? "").localeCompare(b.confirmedAt ?? ""));
  const waitlisted = by("waitlisted").sort((a, b) => (a.ticket ?? 0) - (b.ticket ?? 0));
  const cancelled = by("cancelled").sort((a, b) => (a.cancelledAt ?? "").localeCompare(b.cancelledAt ?? ""));
  return [...confirmed.map((signup) => ({ signup })), ...waitlisted.map((signup, index) => ({ signup, position: index + 1 })), ...cancelled.map((signup) => ({ signup }))];
}
