import type { Me } from "../api";
import { api } from "../api";
import { activitiesApi } from "../activities/api";
import { campaignsApi } from "../campaigns/api";
import { electionsApi, type Election } from "../elections/api";
import type { InboxTask } from "../workflows/types";

/**
 * What the home page (首页) reads, each from an endpoint that already exists, in parallel: no
 * aggregate endpoint, so the API Lambda gains nothing. Each part fails on its own (its card says
 * so) without blanking the page.
 */

/** The orgs whose campaigns concern me: each org I belong to and every org above it. */
export const orgsWithAncestors = (memberships: Me["memberships"]): string[] => [...new Set(memberships.flatMap((m) => [...(m.orgPath ?? []), m.orgId]))];

/** Offices (区委统战部, 街镇) where I am an admin or reviewer: they see this month's figures. */
export const officeMemberships = (memberships: Me["memberships"]) =>
  memberships.filter((m) => (m.orgKind === "district_office" || m.orgKind === "subdistrict") && (m.roles.includes("admin") || m.roles.includes("reviewer")));

/** Units where I organise activities (an admin of a 新空间, 分会 …): they propose activities. */
export const organizerMemberships = (memberships: Me["memberships"]) =>
  memberships.filter((m) => m.orgKind !== "district_office" && m.orgKind !== "subdistrict" && m.roles.includes("admin"));

export interface Todo {
  open: number;
  overdue: number;
  first: InboxTask[];
}

export async function loadTodo(signal: AbortSignal): Promise<Todo> {
  const [count, page] = await Promise.all([api.inboxCount(signal), api.inbox(undefined, signal)]);
  const first = [...page.items].sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueAt.localeCompare(b.dueAt)).slice(0, 3);
  return { ...count, first };
}

export interface ScoringTask {
  campaignId: string;
  title: string;
  /** Entries assigned to me and not yet submitted. */
  left: number;
  /** The first of them: the score form opens on it. */
  firstEntryId?: string;
}

/** 待评分: per campaign in 评审 where I am a judge, the entries I have still to score. */
export async function loadScoring(memberships: Me["memberships"], signal: AbortSignal): Promise<ScoringTask[]> {
  const lists = await Promise.all(orgsWithAncestors(memberships).map((orgId) => campaignsApi.list(orgId, signal).then((page) => page.items, () => [])));
  const judging = [...new Map(lists.flat().map((c) => [c.campaignId, c])).values()].filter((c) => c.status === "judging" && c.myRole?.includes("judge"));
  const tasks = await Promise.all(
    judging.map(async (campaign) => {
      const mine = await campaignsApi.myAssignments(campaign.campaignId, signal);
      const left = mine.items.filter((item) => item.status !== "submitted");
      return { campaignId: campaign.campaignId, title: campaign.title, left: left.length, firstEntryId: left[0]?.entryId };
    }),
  );
  return tasks.filter((task) => task.left > 0);
}

export async function loadUpcoming(signal: AbortSignal) {
  const { items } = await activitiesApi.mine(signal);
  const now = new Date().toISOString();
  return items.filter((item) => item.status !== "cancelled" && item.endsAt > now).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

/** Open elections in the orgs I belong to (the ballot page says whether I am on the roll). */
export async function loadOpenElections(memberships: Me["memberships"], signal: AbortSignal): Promise<Election[]> {
  const lists = await Promise.all(memberships.map((m) => electionsApi.list(m.orgId, signal).then((page) => page.items, () => [])));
  return lists.flat().filter((election) => election.status === "open");
}

export async function loadDrafts(signal: AbortSignal) {
  const { items } = await api.mySubmissions(undefined, signal);
  return items.filter((item) => item.status === "draft");
}

export interface OfficeFigures {
  orgId: string;
  orgName: string;
  activities: number;
  attendances: number;
}

/** This month's 场次/人次 for each office I work in (its own and every org beneath it). */
export async function loadOfficeFigures(memberships: Me["memberships"], signal: AbortSignal): Promise<OfficeFigures[]> {
  const now = new Date(Date.now() + 8 * 3600 * 1000); // Beijing time
  const year = String(now.getUTCFullYear());
  const month = String(now.getUTCMonth() + 1).padStart(2, "0");
  return Promise.all(
    officeMemberships(memberships).map(async (m) => {
      const report = await activitiesApi.stats(m.orgId, year, signal);
      const figures = report.byMonth.find((row) => row.month === month);
      return { orgId: m.orgId, orgName: m.orgName, activities: figures?.activities ?? 0, attendances: figures?.attendances ?? 0 };
    }),
  );
}

/** 活动申报表: the first published form titled so, in my unit or an org above it. */
export async function findProposalForm(orgId: string, ancestors: readonly string[], signal: AbortSignal): Promise<string | null> {
  for (const id of [orgId, ...[...ancestors].reverse()]) {
    const forms = await api.forms(id, signal).then((page) => page.items, () => []);
    const found = forms.find((form) => form.publishedVersion !== undefined && form.title.includes("活动申报"));
    if (found) return found.formId;
  }
  return null;
}
