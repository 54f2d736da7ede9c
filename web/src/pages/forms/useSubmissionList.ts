import { useState } from "react";
import { api, ApiError, type SubmissionFilter } from "../../api";
import { useResource } from "../../lib/useResource";

/** A form's submissions matching the filter, 20 at a time, with 加载更多. */
export function useSubmissionList(orgId: string, formId: string, filter: SubmissionFilter) {
  const list = useResource((signal) => api.submissions(orgId, formId, filter, undefined, signal), [orgId, formId, filter.status, filter.from, filter.to]);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<ApiError>();

  async function loadMore() {
    const cursor = list.data?.cursor;
    if (!cursor) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const page = await api.submissions(orgId, formId, filter, cursor);
      list.update((current) => {
        const known = new Set(current.items.map((item) => item.submissionId));
        return { items: [...current.items, ...page.items.filter((item) => !known.has(item.submissionId))], cursor: page.cursor };
      });
    } catch (error) {
      setMoreError(error instanceof ApiError ? error : new ApiError(0, "client.error", "加载失败，请重试"));
    } finally {
      setLoadingMore(false);
    }
  }

  return { ...list, loadMore, loadingMore, moreError };
}
