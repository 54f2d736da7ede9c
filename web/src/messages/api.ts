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

export const MESSAGES_CHANGED = "tongxin:messages-changed";

export const messagesApi = {
  list: (signal?: AbortSignal) => request<{ items: Message[]; unread: number; cursor?: string }>("GET", "/messages?limit=50", { signal }),
  unread: (signal?: AbortSignal) => request<{ unread: number }>("GET", "/messages/unread", { signal }),
  markRead: (target: { messageIds: string[] } | { all: true }) => request<{ marked: number; unread: number }>("POST", "/messages/read", { body: target }),
};
