import { useInfiniteQuery } from "@tanstack/react-query";
import { api, type SubmissionFilter } from "../../api";
import { keys } from "../../lib/queryKeys";

/** A form's submissions matching the filter, 20 at a time, with 加载更多. */
export function useSubmissionList(orgId: string, formId: string, filter: SubmissionFilter) {
  const list = useInfiniteQuery({
    queryKey: [...keys.forms.submissions(formId), filter.status, filter.from, filter.to],
    queryFn: ({ pageParam, signal }) => api.submissions(orgId, formId, filter, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.cursor,
  });
  const items = [...new Map((list.data?.pages ?? []).flatMap((page) => page.items).map((item) => [item.submissionId, item] as const)).values()];
  return {
    items: list.data ? items : undefined,
    loading: list.isPending,
    error: list.isFetchNextPageError ? null : list.error,
    moreError: list.isFetchNextPageError ? list.error : null,
    hasMore: list.hasNextPage,
    loadMore: () => void list.fetchNextPage(),
    loadingMore: list.isFetchingNextPage,
  };
}
