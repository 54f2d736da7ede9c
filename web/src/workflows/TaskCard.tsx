import { Link } from "react-router-dom";
import { formatDateTime } from "../lib/format";
import type { InboxTask } from "./types";

/** One 待办: what, which step, from whom, due when (已逾期 in red); ticked for 批量审批 when `onSelect` is given. */
export function TaskCard({ task, selected, onSelect }: { task: InboxTask; selected?: boolean; onSelect?: (selected: boolean) => void }) {
  return (
    <li className={onSelect ? "task-row" : undefined}>
      {onSelect && (
        <input type="checkbox" className="task-row__pick" checked={selected ?? false} onChange={(event) => onSelect(event.target.checked)} aria-label={`选择“${task.title}”`} />
      )}
      <Link className={task.overdue ? "card card--link task task--overdue" : "card card--link task"} to={`/instances/${task.instanceId}`}>
        <span className="card__title">{task.title}</span>
        <span className="task__step">{task.stepName}</span>
        <span className="task__from muted">
          {task.submitterName} · {task.unitName}
        </span>
        <span className="card__meta">
          <span className={task.overdue ? "task__due task__due--overdue" : "task__due"}>截止 {formatDateTime(task.dueAt)}</span>
          {task.overdue && <span className="overdue">已逾期</span>}
        </span>
      </Link>
    </li>
  );
}
