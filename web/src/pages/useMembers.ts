import { useState } from "react";
import { api, ApiError, type Member } from "../api";
import { useResource } from "../lib/useResource";

const byAccount = (members: readonly Member[]) => new Map(members.map((member) => [member.accountId, member]));

/** The org's member list, page by page (50 at a time), with local add/remove. */
export function useMembers(orgId: string) {
  const list = useResource((signal) => api.members(orgId, undefined, signal), [orgId]);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<ApiError>();

  async function loadMore() {
    const cursor = list.data?.cursor;
    if (!cursor) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const page = await api.members(orgId, cursor);
      list.update((current) => {
        const known = byAccount(current.items);
        return { items: [...current.items, ...page.items.filter((member) => !known.has(member.accountId))], cursor: page.cursor };
      });
    } catch (error) {
      setMoreError(error instanceof ApiError ? error : new ApiError(0, "client.error", "加载失败，请重试"));
    } finally {
      setLoadingMore(false);
    }
  }

  const added = (member: Member) =>
    list.update((current) => ({ ...current, items: [member, ...current.items.filter((item) => item.accountId !== member.accountId)] }));
  const removed = (accountId: string) =>
    list.update((current) => ({ ...current, items: current.items.filter((item) => item.accountId !== accountId) }));

  return { ...list, loadMore, loadingMore, moreError, added, removed };
}
