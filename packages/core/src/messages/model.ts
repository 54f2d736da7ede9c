/**
 * What the messages module stores and passes around. A domain event (something that
 * happened, read from the table's stream) becomes one message per recipient and channel.
 */
export const CHANNELS = ["inapp", "sms", "email"] as const;
export type Channel = (typeof CHANNELS)[number];

/** A domain event worth telling people about, derived from one stream record. */
export interface DomainEvent {
  /** Stable across replays of the same stream record: the basis of de-duplication. */
  eventId: string;
  template: TemplateCode;
  /** Who is told (account ids); never derived from ballot, roll or voting-code items. */
  recipients: string[];
  /** Template parameters, strings only (SMS providers take string params). */
  params: Record<string, string>;
  /** Where the message leads in the web app. */
  link: string;
  /** When a recipient set must be read from storage (e.g. an org's members) instead of the record. */
  audience?: Audience;
  /**
   * A reviewer's comment to quote (returned / rejected): read at delivery from the audit entry
   * the same transaction wrote, since the instance item itself does not keep comments.
   */
  quote?: { instanceId: string; seq: number };
}

/** Recipients read from storage when the event is delivered (never the election roll). */
export type Audience =
  | { orgMembers: string }
  | { orgAdmins: string }
  | { activitySignups: string }
  /** Confirmed sign-ups only (not the waitlist): who is expected tomorrow. */
  | { confirmedSignups: string }
  | { phone: string; outgoingId: string };

export type TemplateCode =
  | "approval.task"
  | "approval.transferred"
  | "approval.signer_added"
  | "approval.cc"
  | "approval.returned"
  | "approval.approved"
  | "approval.rejected"
  | "approval.overdue"
  | "approval.nudge"
  | "approval.digest"
  | "signup.confirmed"
  | "signup.promoted"
  | "activity.changed"
  | "activity.cancelled"
  | "activity.tomorrow"
  | "activity.summary_overdue"
  | "election.opened"
  | "election.vote_online"
  | "election.published"
  | "campaign.judge_assigned"
  | "campaign.notice_started"
  | "campaign.objection_answered"
  | "campaign.notice_ended"
  | "auth.sms_code"
  | "member.invited";

/** An in-app message (站内信) as its reader sees it. */
export interface Message {
  messageId: string;
  eventId: string;
  template: TemplateCode;
  title: string;
  body: string;
  link: string;
  createdAt: string;
  readAt?: string;
}

export type DeliveryStatus = "sending" | "sent" | "failed" | "uncertain";

/** The record of one SMS or e-mail: who, which event, channel, status, provider id, error. */
export interface Delivery {
  deliveryId: string;
  eventId: string;
  accountId: string;
  channel: Exclude<Channel, "inapp">;
  template: TemplateCode;
  /** Masked address (138****0001, z***@example.com): the full one is on the account. */
  toMasked: string;
  status: DeliveryStatus;
  providerId?: string;
  error?: string;
  createdAt: string;
  updatedAt: string;
}
