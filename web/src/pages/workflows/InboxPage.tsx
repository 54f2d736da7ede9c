import { useState } from "react";
import { api, ApiError } from "../../api";
import { ErrorMessage, Loading } from "../../components/Status";
import { useResource } from "../../lib/useResource";
import { useTitle } from "../../lib/useTitle";
import { TaskCard } from "../../workflows/TaskCard";
import { OpenObjections } from "../../campaigns/OpenObjections";

/** 待办 (/inbox): tasks waiting for me, soonest due first, 20 at a time; then open objections to my offices' campaigns. */
export default function InboxPage() {
  useTitle("待办");
  const list = useResource((signal) => api.inbox(undefined, signal), []);
  const count = useResource((signal) => api.inboxCount(signal), []);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<ApiError>();

  async function loadMore() {
    const cursor = list.data?.cursor;
    if (!cursor) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const page = await api.inbox(cursor);
      list.update((current) => {
        const known = new Set(current.items.map((task) => task.instanceId));
        return { items: [...current.items, ...page.items.filter((task) => !known.has(task.instanceId))], cursor: page.cursor };
      });
    } catch (error) {
      setMoreError(error instanceof ApiError ? error : new ApiError(0, "client.error", "加载失败，请重试"));
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <>
      <header className="page-head">
        <h1>待办</h1>
        {count.data && (
          <p className="page-head__meta muted">
            共{count.data.open}项待审批
            {count.data.overdue > 0 && <span className="overdue">{count.data.overdue}项已逾期</span>}
          </p>
        )}
      </header>
      {list.loading && <Loading />}
      <ErrorMessage error={list.error} />
      {list.data &&
        (list.data.items.length === 0 ? (
          <p className="empty muted">暂无待办。有需要你审批的申报时会出现在这里。</p>
        ) : (
          <ul className="cards" aria-label="待办事项">
            {list.data.items.map((task) => (
              <TaskCard key={task.instanceId} task={task} />
            ))}
          </ul>
        ))}
      <ErrorMessage error={moreError} />
      {list.data?.cursor && (
        <button type="button" className="button button--block" onClick={loadMore} disabled={loadingMore}>
          {loadingMore ? "加载中…" : "加载更多"}
        </button>
      )}
      <OpenObjections />
    </>
  );
}
