import type { ActivitySummary, ActivityView, SignupStatus, SignupView } from "@tongxin/core/activities/model";
import type { FileRef } from "@tongxin/core/forms/attachments";
import { request } from "../api";

/** What the activity API returns (GET /api/orgs/:orgId/calendar, /api/activities/:id, ...): the server's own view types. */
export type { ActivitySummary, SignupStatus };
export type PhotoRef = FileRef;
export type Activity = ActivityView;
export type Signup = SignupView;

export interface MySignup extends Signup {
  title: string;
  startsAt: string;
  endsAt: string;
  venue: string;
  unitName: string;
}

export interface ActivityDetail {
  activity: Activity;
  mySignup: Signup | null;
  canManage: boolean;
}

export interface SignupList {
  items: Signup[];
  counts: { capacity: number; confirmed: number; waitlisted: number; checkedIn: number };
}

export interface Checkin {
  accountId: string;
  name: string;
  checkedInAt: string;
}

export interface SummaryInput {
  attendance?: number;
  spentFen: number;
  photos?: PhotoRef[];
  notes: string;
}

export interface Figures {
  activities: number;
  attendances: number;
}

export interface StatsReport {
  orgId: string;
  orgName: string;
  year: string;
  totals: Figures & { people: number };
  byMonth: Array<Figures & { month: string }>;
  byTheme: Array<Figures & { theme: string; label: string }>;
  byChild: Array<Figures & { orgId: string; name: string; people: number }>;
  /** Held by the org itself (本级). */
  own: Figures;
}

const org = (orgId: string) => `/orgs/${encodeURIComponent(orgId)}`;
const one = (activityId: string) => `/activities/${encodeURIComponent(activityId)}`;

export const activitiesApi = {
  calendar: (orgId: string, month: string, signal?: AbortSignal) =>
    request<{ month: string; items: Activity[] }>("GET", `${org(orgId)}/calendar?${new URLSearchParams({ month })}`, { signal }),
  activity: (activityId: string, signal?: AbortSignal) => request<ActivityDetail>("GET", one(activityId), { signal }),
  mine: (signal?: AbortSignal) => request<{ items: MySignup[] }>("GET", "/me/activities", { signal }),
  signUp: (activityId: string, key: string) => request<Signup>("POST", `${one(activityId)}/signups`, { headers: { "idempotency-key": key } }),
  /** 取消活动 (organizer, admins): a reason is required; signed-up members are told. */
  cancelActivity: (activityId: string, reason: string) => request<Activity>("POST", `${one(activityId)}/cancel`, { body: { reason } }),
  cancel: (activityId: string) => request<{ signup: Signup; promoted?: { accountId: string; name: string } }>("DELETE", `${one(activityId)}/signups/me`),
  signups: (activityId: string, signal?: AbortSignal) => request<SignupList>("GET", `${one(activityId)}/signups`, { signal }),
  checkIn: (activityId: string, token: string) => request<Checkin>("POST", `${one(activityId)}/checkins`, { body: { token } }),
  fileSummary: (activityId: string, body: SummaryInput, key: string) =>
    request<Activity>("POST", `${one(activityId)}/summary`, { body, headers: { "idempotency-key": key } }),
  stats: (orgId: string, year: string, signal?: AbortSignal) => request<StatsReport>("GET", `${org(orgId)}/stats?${new URLSearchParams({ year })}`, { signal }),
};

/** The statistics as an XLSX download, or the year's 活动台账 as Word (the session cookie goes along). */
export const statsExportUrl = (orgId: string, year: string, format: "xlsx" | "docx" = "xlsx") =>
  `/api${org(orgId)}/stats?${new URLSearchParams({ year, format })}`;
