import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api";
import { ErrorMessage, Loading } from "../../components/Status";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import { BatchBar } from "../BatchBar";
import { DelegationPanel } from "../DelegationPanel";
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
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const selected = tasks.filter((task) => picked.has(task.instanceId));
  const pick = (instanceId: string, on: boolean) =>
    setPicked((current) => {
      const next = new Set(current);
      if (on) next.add(instanceId);
      else next.delete(instanceId);
      return next;
    });

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
      <DelegationPanel />
      {list.isPending && <Loading />}
      <ErrorMessage error={list.isFetchNextPageError ? undefined : list.error} />
      {list.data &&
        (tasks.length === 0 ? (
          <p className="empty muted">暂无待办。有需要您审批的申报时会出现在这里。</p>
        ) : (
          <>
            <label className="batch-all">
              <input
                type="checkbox"
                checked={selected.length === tasks.length}
                onChange={(event) => setPicked(new Set(event.target.checked ? tasks.map((task) => task.instanceId) : []))}
              />
              全选
            </label>
            <ul className="cards" aria-label="待办事项">
              {tasks.map((task) => (
                <TaskCard key={task.instanceId} task={task} selected={picked.has(task.instanceId)} onSelect={(on) => pick(task.instanceId, on)} />
              ))}
            </ul>
          </>
        ))}
      <BatchBar selected={selected} onDone={() => setPicked(new Set())} />
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
