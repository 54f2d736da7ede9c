import { useInfiniteQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { api, type Member } from "../../api";
import { keys } from "../../lib/queryKeys";

type Page = { items: Member[]; cursor?: string };

/** The org's member list, page by page (50 at a time), with local add/remove. */
export function useMembers(orgId: string) {
  const client = useQueryClient();
  const key = keys.orgs.members(orgId);
  const list = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam, signal }) => api.members(orgId, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.cursor,
  });
  // A member added while paging may come again on a later page: listed once.
  const items = [...new Map((list.data?.pages ?? []).flatMap((page) => page.items).map((member) => [member.accountId, member] as const)).values()];

  const change = (edit: (pages: Page[]) => Page[]) =>
    client.setQueryData<InfiniteData<Page, string | undefined>>(key, (current) => current && { ...current, pages: edit(current.pages) });
  const added = (member: Member) =>
    change(([first, ...rest]) => [{ ...first!, items: [member, ...first!.items.filter((item) => item.accountId !== member.accountId)] }, ...rest]);
  const removed = (accountId: string) => change((pages) => pages.map((page) => ({ ...page, items: page.items.filter((item) => item.accountId !== accountId) })));

  return {
    items: list.data ? items : undefined,
    loading: list.isPending,
    error: list.isFetchNextPageError ? null : list.error,
    moreError: list.isFetchNextPageError ? list.error : null,
    hasMore: list.hasNextPage,
    loadMore: () => void list.fetchNextPage(),
    loadingMore: list.isFetchingNextPage,
    added,
    removed,
  };
}
