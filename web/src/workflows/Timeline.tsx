import { formatDateTime } from "../lib/format";
import { ACTION_LABELS, namesOf } from "./labels";
import type { InstanceView, TimelineEntry, WorkflowEvent } from "./types";

type Names = Record<string, string>;

/** What the actor did, in words: 退回给提交人, 转交给 王海峰, 抄送 李红、周敏. */
function deed(entry: TimelineEntry, view: InstanceView): string {
  const { event } = entry;
  const names: Names = view.names;
  const first = event.events.find((e) => e.type === event.action);
  const subjects = first?.subjects ?? [];
  switch (event.action) {
    case "start":
      return "提交申报";
    case "return":
      if (event.to === "submitter" || event.to === undefined) return "退回给提交人";
      return `退回至「${view.instance.steps[Number(event.to)]?.name ?? `第${Number(event.to) + 1}步`}」`;
    case "transfer":
      return `${event.delegation ? "交由代理人" : "转交给"} ${namesOf(typeof event.to === "string" ? [event.to] : subjects, names)}`;
    case "add_signer":
      return `加签 ${namesOf(event.signer ? [event.signer] : subjects, names)}`;
    case "cc":
      return `抄送 ${namesOf(subjects.length > 0 ? subjects : (event.people ?? []), names)}`;
    case "nudge":
      return `催办 ${namesOf(subjects, names)}`;
    default:
      return ACTION_LABELS[event.action];
  }
}

/** Lines the system added: a step skipped, the next step begun, the approval completed. */
function SystemLine({ event, view }: { event: WorkflowEvent; view: InstanceView }) {
  const step = view.instance.steps[event.stepIndex];
  const name = event.stepName ?? step?.name ?? "";
  if (event.type === "step_skipped") {
    const own = step?.assignees.includes(view.instance.submitterId);
    return <li className="timeline__system">跳过「{name}」{own ? "（审批人为提交人）" : "（无审批人）"}</li>;
  }
  if (event.type === "step_started") {
    return (
      <li className="timeline__system">
        进入「{name}」，待 {namesOf(event.subjects ?? [], view.names)} 审批
      </li>
    );
  }
  if (event.type === "approved") return <li className="timeline__system timeline__system--ok">审批通过</li>;
  return null;
}

/** 张三, or 张三（代李四） for a delegate acting for an approver. */
export function actorName(actorId: string, onBehalfOf: string | undefined, names: Names): string {
  const name = names[actorId] ?? "未知人员";
  return onBehalfOf ? `${name}（代${names[onBehalfOf] ?? "未知人员"}）` : name;
}

const STEP_ACTIONS = new Set(["approve", "reject", "return", "transfer", "add_signer"]);

/** 审批记录: every audit entry, oldest first — who did what, when, with the comment. */
export function Timeline({ view }: { view: InstanceView }) {
  return (
    <ol className="timeline" aria-label="审批记录">
      {view.timeline.map((entry) => {
        const { event } = entry;
        const actor = event.actorId ? actorName(event.actorId, event.onBehalfOf, view.names) : "系统";
        const own = event.events.find((e) => e.type === event.action || (event.action === "start" && e.type === "started"));
        const system = event.events.filter((e) => e.type === "step_skipped" || e.type === "step_started" || e.type === "approved");
        return (
          <li key={entry.seq} className={`timeline__entry timeline__entry--${event.action}`}>
            <p className="timeline__head">
              <span className="timeline__actor">{actor}</span> <span className="timeline__deed">{deed(entry, view)}</span>
              {STEP_ACTIONS.has(event.action) && own?.stepName && <span className="timeline__step">（{own.stepName}）</span>}
            </p>
            <p className="timeline__time muted">
              <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
            </p>
            {(own?.comment ?? event.comment) && <p className="timeline__comment">{own?.comment ?? event.comment}</p>}
            {system.length > 0 && (
              <ul className="timeline__systems">
                {system.map((e, index) => (
                  <SystemLine key={index} event={e} view={view} />
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** For reviewers: 记录完整 in words (the hash chain behind it is not their business), or where the record was altered. */
export function AuditBadge({ audit }: { audit: InstanceView["audit"] }) {
  if (audit.valid) {
    return (
      <p className="audit audit--ok" role="status">
        <span aria-hidden="true">✓ </span>记录完整：共{audit.length}条审批记录，均未被改动
      </p>
    );
  }
  return (
    <p className="audit audit--broken" role="alert">
      审批记录校验未通过：{audit.reason ?? `第${audit.brokenAt ?? "?"}条记录有误`}。请联系平台管理员核查。
    </p>
  );
}
