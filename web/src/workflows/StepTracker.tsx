import { formatDateTime } from "../lib/format";
import { MODE_HINTS, MODE_LABELS } from "./labels";
import type { InstanceView } from "./types";

type Phase = "done" | "current" | "returned" | "rejected" | "withdrawn" | "skipped" | "waiting";

const PHASE_LABELS: Record<Phase, string> = {
  done: "已完成",
  current: "审批中",
  returned: "已退回",
  rejected: "已驳回",
  withdrawn: "已撤回",
  skipped: "已跳过",
  waiting: "未开始",
};

interface StepRound {
  approvals: string[];
  doneAt?: string;
  skipped: boolean;
}

/** Per step, from the timeline: who approved in its latest round and when, and whether it was skipped. */
function rounds(view: InstanceView): StepRound[] {
  const result = view.instance.steps.map((): StepRound => ({ approvals: [], skipped: false }));
  for (const entry of view.timeline) {
    for (const event of entry.event.events) {
      const round = result[event.stepIndex];
      if (!round) continue;
      if (event.type === "step_started") Object.assign(round, { approvals: [], doneAt: undefined, skipped: false });
      else if (event.type === "step_skipped") round.skipped = true;
      else if (event.type === "approve" && event.actorId) {
        round.approvals = [...new Set([...round.approvals, event.actorId])];
        round.doneAt = entry.at;
      }
    }
  }
  return result;
}

function phaseOf(view: InstanceView, index: number, round: StepRound): Phase {
  const { status, step } = view.instance.state;
  if (status === "approved") return round.skipped ? "skipped" : "done";
  if (index < step.index) return round.skipped ? "skipped" : "done";
  if (index > step.index) return round.skipped ? "skipped" : "waiting";
  return status === "in_review" ? "current" : status;
}

/** The chain, step by step: mode, approvers with ✓, the current step highlighted with its due time. */
export function StepTracker({ view }: { view: InstanceView }) {
  const { instance, names } = view;
  const { state } = instance;
  const stepRounds = rounds(view);
  return (
    <ol className="tracker" aria-label="审批步骤">
      {instance.steps.map((step, index) => {
        const round = stepRounds[index]!;
        const phase = phaseOf(view, index, round);
        const live = index === state.step.index && phase !== "done" && phase !== "skipped";
        const people = live ? [...state.step.assignees, ...state.step.added] : phase === "done" && round.approvals.length > 0 ? round.approvals : step.assignees.filter((id) => id !== instance.submitterId);
        const approved = new Set(live ? state.step.approvals : phase === "done" ? round.approvals : []);
        return (
          <li key={index} className={`tracker__step tracker__step--${phase}`} aria-current={phase === "current" ? "step" : undefined}>
            <span className="tracker__dot" aria-hidden="true">
              {phase === "done" ? "✓" : index + 1}
            </span>
            <div className="tracker__body">
              <p className="tracker__head">
                <span className="tracker__name">{step.name}</span>
                <span className="tracker__mode" title={MODE_HINTS[step.mode]}>
                  {MODE_LABELS[step.mode]}
                </span>
                <span className={`tracker__phase tracker__phase--${phase}`}>{PHASE_LABELS[phase]}</span>
              </p>
              {phase === "skipped" ? (
                <p className="tracker__meta muted">{step.assignees.includes(instance.submitterId) ? "审批人为提交人，自动跳过" : "无审批人，自动跳过"}</p>
              ) : (
                <ul className="tracker__people" aria-label={`${step.name}审批人`}>
                  {people.map((id) => (
                    <li key={id} className={approved.has(id) ? "tracker__person tracker__person--approved" : "tracker__person"}>
                      {approved.has(id) && <span aria-label="已同意">✓ </span>}
                      {names[id] ?? "未知人员"}
                      {live && state.step.added.includes(id) && <span className="muted">（加签）</span>}
                      {live && state.step.onBehalfOf?.[id] && <span className="muted">（代{names[state.step.onBehalfOf[id]!] ?? "未知人员"}）</span>}
                    </li>
                  ))}
                  {people.length === 0 && <li className="muted">待定</li>}
                </ul>
              )}
              {live && phase === "current" && (
                <p className={view.overdue ? "tracker__meta tracker__due--overdue" : "tracker__meta muted"}>
                  截止 {formatDateTime(state.step.dueAt)}
                  {view.overdue && <strong className="overdue">已逾期</strong>}
                </p>
              )}
              {phase === "done" && round.doneAt && <p className="tracker__meta muted">完成于 {formatDateTime(round.doneAt)}</p>}
              {phase === "waiting" && <p className="tracker__meta muted">时限 {step.dueDays} 个工作日</p>}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
