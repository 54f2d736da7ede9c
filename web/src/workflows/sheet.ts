import type { InstanceView, TimelineEntry } from "./types";

/** One line of the 审批单's 审批意见: a decision on a step (or the submission itself). */
export interface SheetLine {
  seq: number;
  step: string;
  actorId: string;
  onBehalfOf?: string;
  action: TimelineEntry["event"]["action"];
  at: string;
  comment?: string;
}

const DECISIONS = new Set(["start", "resubmit", "approve", "reject", "return", "transfer", "add_signer", "withdraw"]);

/** The decisions of an approval in order, from its audit trail: who, on which step, when, with what comment. */
export function sheetLines(view: InstanceView): SheetLine[] {
  return view.timeline.flatMap(({ seq, at, event }) => {
    if (!DECISIONS.has(event.action) || !event.actorId) return [];
    const own = event.events.find((e) => e.type === event.action) ?? event.events[0];
    const step = event.action === "start" || event.action === "resubmit" || event.action === "withdraw" ? "提交" : (own?.stepName ?? view.instance.steps[event.stepIndex]?.name ?? "");
    return [{ seq, step, actorId: event.actorId, onBehalfOf: event.onBehalfOf, action: event.action, at, comment: own?.comment ?? event.comment }];
  });
}
