import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Search } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router-dom";
import { api } from "../../api";
import { ErrorMessage, Loading } from "../../components/Status";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import { BatchBar } from "../BatchBar";
import { DelegationPanel } from "../DelegationPanel";
import { TaskCard } from "../TaskCard";
import { OpenObjections } from "../../campaigns/OpenObjections";
import type { InboxTask } from "../types";
import "../inbox.css";

/** The kinds 待办 filters by (飞书审批中心's 类型). */
const KINDS = [
  { value: "activity_proposal", label: "活动申报" },
  { value: "campaign_entry", label: "形式审查" },
  { value: "nomination", label: "候选人提名" },
] as const;
type KindFilter = (typeof KINDS)[number]["value"] | "all";

/** **Pure.** The tasks of `kind` whose title, submitter or unit contains `text`; overdue first, then soonest due. */
export function filterTasks(tasks: readonly InboxTask[], kind: KindFilter, text: string): InboxTask[] {
  const needle = text.trim().toLowerCase();
  return tasks
    .filter((task) => kind === "all" || task.approvalKind === kind)
    .filter((task) => !needle || [task.title, task.submitterName, task.unitName].some((value) => value.toLowerCase().includes(needle)))
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueAt.localeCompare(b.dueAt));
}

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
  const all = [...new Map((list.data?.pages ?? []).flatMap((page) => page.items).map((task) => [task.instanceId, task] as const)).values()];
  const [kind, setKind] = useState<KindFilter>("all");
  const [text, setText] = useState("");
  const tasks = filterTasks(all, kind, text);
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
      <nav className="inbox-tabs" aria-label="审批中心">
        <Link to="/inbox" className="inbox-tabs__tab inbox-tabs__tab--active" aria-current="page">
          待处理
        </Link>
        <Link to="/me/instances" className="inbox-tabs__tab">
          我发起的
        </Link>
      </nav>
      <DelegationPanel />
      {all.length > 0 && (
        <div className="inbox-filters">
          <label className="inbox-search">
            <Search aria-hidden size={18} />
            <span className="visually-hidden">搜索标题或提交人</span>
            <input type="search" placeholder="搜索标题、提交人或单位" value={text} onChange={(event) => setText(event.target.value)} />
          </label>
          <div className="inbox-kinds" role="group" aria-label="按类型筛选">
            {[{ value: "all", label: "全部" } as const, ...KINDS].map((option) => (
              <button key={option.value} type="button" className={kind === option.value ? "chip chip--on" : "chip"} aria-pressed={kind === option.value} onClick={() => setKind(option.value)}>
                {option.label}
              </button>
            ))}
          </div>
        </div>
      )}
      {list.isPending && <Loading />}
      <ErrorMessage error={list.isFetchNextPageError ? undefined : list.error} />
      {list.data &&
        (all.length === 0 ? (
          <p className="empty muted">暂无待办。有需要您审批的申报时会出现在这里。</p>
        ) : tasks.length === 0 ? (
          <p className="empty muted">没有符合条件的待办。换个关键词，或选“全部”类型。</p>
        ) : (
          <>
            <label className="batch-all">
              <input
                type="checkbox"
                checked={selected.length === tasks.length && tasks.every((task) => picked.has(task.instanceId))}
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
