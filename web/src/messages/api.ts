import { request } from "../api";

/** A 站内信 as GET /api/messages returns it. */
export interface Message {
  messageId: string;
  template: string;
  title: string;
  body: string;
  link: string;
  createdAt: string;
  readAt?: string;
}

/** Whether I may 催办 an approval, and whether it was nudged today (Beijing). */
export interface NudgeState {
  allowed: boolean;
  approvers: number;
  nudgedAt?: string;
}

export const MESSAGES_CHANGED = "tongxin:messages-changed";

export const messagesApi = {
  list: (signal?: AbortSignal) => request<{ items: Message[]; unread: number; cursor?: string }>("GET", "/messages?limit=50", { signal }),
  unread: (signal?: AbortSignal) => request<{ unread: number }>("GET", "/messages/unread", { signal }),
  nudgeState: (instanceId: string, signal?: AbortSignal) => request<NudgeState>("GET", `/instances/${encodeURIComponent(instanceId)}/nudge`, { signal }),
  nudge: (instanceId: string) => request<{ nudgedAt: string; approvers: number }>("POST", `/instances/${encodeURIComponent(instanceId)}/nudge`),
  markRead: (target: { messageIds: string[] } | { all: true }) => request<{ marked: number; unread: number }>("POST", "/messages/read", { body: target }),
};
