import type { InstanceView, TimelineEntry } from "./types";

export interface ReturnNote {
  by: string;
  at: string;
  comment: string;
  stepName?: string;
}

/** Why a returned proposal came back: the latest 退回 to the submitter, by whom and when. */
export function returnNote(view: InstanceView): ReturnNote | undefined {
  if (view.instance.state.status !== "returned") return undefined;
  const entry = [...view.timeline].reverse().find((e: TimelineEntry) => e.event.action === "return");
  if (!entry) return undefined;
  const own = entry.event.events.find((e) => e.type === "return");
  return {
    by: (entry.event.actorId && view.names[entry.event.actorId]) || "审批人",
    at: entry.at,
    comment: own?.comment ?? entry.event.comment ?? "",
    stepName: own?.stepName,
  };
}
