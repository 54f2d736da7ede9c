import type { DomainEvent } from "./model";

/**
 * Stream record → domain events: pure, so every rule here is tested without a database.
 *
 * Only items whose `type` is on `ALLOWED_TYPES` are looked at; everything else (ballots, the
 * voter roll and its voted marks, voting codes, cast keys, sessions, throttles) is dropped
 * before any of its attributes is read, so the consumer can never pair a voter with a ballot.
 */
export interface ChangeRecord {
  eventName: "INSERT" | "MODIFY" | "REMOVE";
  /** The stream's sequence number: unique per change, stable across replays. */
  sequence: string;
  newImage?: Record<string, unknown>;
  oldImage?: Record<string, unknown>;
}

export const ALLOWED_TYPES = ["task", "cc", "instance", "signup", "activity", "election", "campaign", "campaign_score", "campaign_objection", "outgoing", "nudge"] as const;
export type AllowedType = (typeof ALLOWED_TYPES)[number];

/** The item type of a record, if it is one the consumer may act on. */
export function allowedType(type: unknown): AllowedType | undefined {
  return (ALLOWED_TYPES as readonly unknown[]).includes(type) ? (type as AllowedType) : undefined;
}

type Item = Record<string, unknown>;
const str = (value: unknown) => (typeof value === "string" ? value : "");

/**
 * A time as Beijing wall-clock, minutes precision, as the messages show it.
 * @example beijingTime("2026-05-01T02:00:00.000Z") // "2026-05-01 10:00"
 */
export function beijingTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
}

/**
 * A time as the messages show it: an activity's local Shanghai `YYYY-MM-DDTHH:mm` as written,
 * an ISO instant converted to Beijing time.
 * @example shownTime("2026-12-20T14:00") // "2026-12-20 14:00"
 * @example shownTime("2026-12-20T06:00:00.000Z") // "2026-12-20 14:00"
 */
export function shownTime(value: string): string {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(value) ? value.replace("T", " ") : beijingTime(value);
}

/** The Beijing calendar day of an instant, `YYYY-MM-DD`. */
export const beijingDay = (at: Date | string): string => beijingTime(typeof at === "string" ? at : at.toISOString()).slice(0, 10);

const TASK_TEMPLATE = { transfer: "approval.transferred", add_signer: "approval.signer_added" } as const;

function task(record: ChangeRecord, item: Item): DomainEvent[] {
  if (record.eventName !== "INSERT") return [];
  const origin = str(item.origin);
  const template = origin in TASK_TEMPLATE ? TASK_TEMPLATE[origin as keyof typeof TASK_TEMPLATE] : "approval.task";
  return [
    {
      eventId: `task#${str(item.instanceId)}#${str(item.accountId)}#${str(item.assignedAt)}`,
      template,
      recipients: [str(item.accountId)],
      params: { title: str(item.title), step: str(item.stepName), submitter: str(item.submitterName), due: beijingTime(str(item.dueAt)) },
      link: `/instances/${str(item.instanceId)}`,
    },
  ];
}

function cc(record: ChangeRecord, item: Item): DomainEvent[] {
  if (record.eventName !== "INSERT") return [];
  return [{ eventId: `cc#${str(item.instanceId)}#${str(item.accountId)}`, template: "approval.cc", recipients: [str(item.accountId)], params: { title: str(item.title), unit: str(item.unitName) }, link: `/instances/${str(item.instanceId)}` }];
}

const OUTCOMES = { returned: "approval.returned", approved: "approval.approved", rejected: "approval.rejected" } as const;

function instance(record: ChangeRecord, item: Item): DomainEvent[] {
  const state = (item.state ?? {}) as Item;
  const before = ((record.oldImage?.state ?? {}) as Item).status;
  const status = str(state.status);
  if (record.eventName === "REMOVE" || before === status || !(status in OUTCOMES)) return [];
  const subject = (item.subject ?? {}) as Item;
  return [
    {
      eventId: `instance#${str(item.instanceId)}#${String(state.version)}`,
      template: OUTCOMES[status as keyof typeof OUTCOMES],
      recipients: [str(item.submitterId)],
      params: { title: str(subject.title), comment: "请在同心查看审批意见" },
      link: `/instances/${str(item.instanceId)}`,
      // The reviewer's own words, from the audit entry written with this very change (seq = version).
      ...(status === "approved" ? {} : { quote: { instanceId: str(item.instanceId), seq: Number(item.auditSeq ?? state.version) } }),
    },
  ];
}

function signup(record: ChangeRecord, item: Item): DomainEvent[] {
  if (record.eventName === "REMOVE" || item.status !== "confirmed" || record.oldImage?.status === "confirmed") return [];
  const promoted = record.oldImage?.status === "waitlisted";
  return [
    {
      eventId: `signup#${str(item.activityId)}#${str(item.accountId)}#${str(item.confirmedAt)}`,
      template: promoted ? "signup.promoted" : "signup.confirmed",
      recipients: [str(item.accountId)],
      params: { title: str(item.title), startsAt: shownTime(str(item.startsAt)), venue: str(item.venue) },
      link: `/activities/${str(item.activityId)}`,
    },
  ];
}

function activity(record: ChangeRecord, item: Item): DomainEvent[] {
  const old = record.oldImage;
  if (record.eventName !== "MODIFY" || !old) return [];
  const params = { title: str(item.title), startsAt: shownTime(str(item.startsAt)), venue: str(item.venue) };
  const base = { params, recipients: [], link: `/activities/${str(item.activityId)}`, audience: { activitySignups: str(item.activityId) } };
  if (item.status === "cancelled" && old.status !== "cancelled") return [{ ...base, eventId: `activity#${str(item.activityId)}#cancelled`, template: "activity.cancelled" }];
  if (old.startsAt !== item.startsAt || old.venue !== item.venue) {
    return [{ ...base, eventId: `activity#${str(item.activityId)}#${str(item.startsAt)}#${str(item.venue)}`, template: "activity.changed" }];
  }
  return [];
}

function election(record: ChangeRecord, item: Item): DomainEvent[] {
  const status = str(item.status);
  if (record.eventName !== "MODIFY" || record.oldImage?.status === status) return [];
  const template = status === "open" ? "election.opened" : status === "published" ? "election.published" : undefined;
  if (!template) return [];
  const id = str(item.electionId);
  const link = status === "open" ? `/elections/${id}/vote` : `/elections/${id}/results`;
  const audience = { orgMembers: str(item.orgId) };
  const online = status === "open" && ((item.config ?? {}) as Item).mode === "online";
  if (online) {
    // Each voter's way to their own ballot: sign in (by SMS code if they have no password), then
    // the ballot page, where their own session decides whether they may vote. The link carries
    // no token and nothing about anyone's ballot: the same words for everyone it reaches.
    const voteLink = `/login?by=sms&next=${encodeURIComponent(link)}`;
    return [{ eventId: `election#${id}#${status}`, template: "election.vote_online", recipients: [], params: { title: str(item.title), link: voteLink }, link, audience }];
  }
  // The org's members, not the frozen roll: the consumer never reads roll items.
  return [{ eventId: `election#${id}#${status}`, template, recipients: [], params: { title: str(item.title) }, link, audience }];
}

function campaign(record: ChangeRecord, item: Item): DomainEvent[] {
  if (record.eventName !== "MODIFY" || item.status !== "notice" || record.oldImage?.status === "notice") return [];
  const id = str(item.campaignId);
  return [{ eventId: `campaign#${id}#notice`, template: "campaign.notice_started", recipients: [], params: { title: str(item.title) }, link: `/public/campaigns/${id}`, audience: { orgMembers: str(item.orgId) } }];
}

function campaignScore(record: ChangeRecord, item: Item): DomainEvent[] {
  if (record.eventName !== "INSERT") return [];
  const id = str(item.campaignId);
  // One message per judge and campaign, however many entries the judge receives.
  return [{ eventId: `judge#${id}#${str(item.judgeId)}`, template: "campaign.judge_assigned", recipients: [str(item.judgeId)], params: { title: str(item.campaignTitle) || "十佳案例评选" }, link: `/campaigns/${id}/judging` }];
}

function objection(record: ChangeRecord, item: Item): DomainEvent[] {
  if (record.eventName !== "MODIFY" || item.status !== "resolved" || record.oldImage?.status === "resolved") return [];
  return [
    {
      eventId: `objection#${str(item.objectionId)}#resolved`,
      template: "campaign.objection_answered",
      recipients: [str(item.filerId)],
      params: { title: str(item.campaignTitle) },
      link: `/public/campaigns/${str(item.campaignId)}`,
    },
  ];
}

/** An SMS the request path asked for (a sign-in code, an invitation): sent by the consumer, never by the request. */
function outgoing(record: ChangeRecord, item: Item): DomainEvent[] {
  if (record.eventName !== "INSERT") return [];
  const outgoingId = str(item.outgoingId);
  return [{ eventId: `outgoing#${outgoingId}`, template: str(item.template) as DomainEvent["template"], recipients: [], params: { sealed: str(item.sealed) }, link: "", audience: { phone: str(item.to), outgoingId } }];
}

/** 催办 (nudge.ts): the approvers pending when it was asked for, once per approval and day. */
function nudge(record: ChangeRecord, item: Item): DomainEvent[] {
  if (record.eventName !== "INSERT") return [];
  const instanceId = str(item.instanceId);
  const approvers = Array.isArray(item.approvers) ? item.approvers.map(str) : [];
  return [{ eventId: `nudge#${instanceId}#${str(item.day)}`, template: "approval.nudge", recipients: approvers, params: { title: str(item.title), submitter: str(item.nudgerName) }, link: `/instances/${instanceId}` }];
}

const MAPPERS: Record<AllowedType, (record: ChangeRecord, item: Item) => DomainEvent[]> = {
  task,
  cc,
  instance,
  signup,
  activity,
  election,
  campaign,
  campaign_score: campaignScore,
  campaign_objection: objection,
  outgoing,
  nudge,
};

/**
 * The events one stream record stands for (none for most records).
 * @example eventsOf({ eventName: "INSERT", sequence: "1", newImage: { type: "ballot" } }) // []
 */
export function eventsOf(record: ChangeRecord): DomainEvent[] {
  const item = record.newImage ?? record.oldImage;
  const type = allowedType(item?.type);
  if (!item || !type) return [];
  return MAPPERS[type](record, item).filter((event) => event.audience || event.recipients.every(Boolean));
}
