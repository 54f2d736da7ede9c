import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api } from "../../api";
import { ErrorMessage, Loading } from "../../components/Status";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import { TaskCard } from "../TaskCard";
import { OpenObjections } from "../../campaigns/OpenObjections";

/** 待办 (/inbox): tasks waiting for me, soonest due first, 20 at a time; then open objections to my offices' campaigns. */
export default function InboxPage() {
  useTitle("待办");
  const list = useInfiniteQuery({
    queryKey: keys.inbox.list,
    queryFn: ({ pageParam, signal }) => api.inbox(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.cursor,
  });
  const count = useQuery({ queryKey: keys.inbox.count, queryFn: ({ signal }) => api.inboxCount(signal) });
  // A task handled on another page while paging here appears once, under its first page.
  const tasks = [...new Map((list.data?.pages ?? []).flatMap((page) => page.items).map((task) => [task.instanceId, task] as const)).values()];

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
      {list.isPending && <Loading />}
      <ErrorMessage error={list.isFetchNextPageError ? undefined : list.error} />
      {list.data &&
        (tasks.length === 0 ? (
          <p className="empty muted">暂无待办。有需要你审批的申报时会出现在这里。</p>
        ) : (
          <ul className="cards" aria-label="待办事项">
            {tasks.map((task) => (
              <TaskCard key={task.instanceId} task={task} />
            ))}
          </ul>
        ))}
      <ErrorMessage error={list.isFetchNextPageError ? list.error : undefined} />
      {list.hasNextPage && (
        <button type="button" className="button button--block" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? "加载中…" : "加载更多"}
        </button>
      )}
      <OpenObjections />
    </>
  );
}
