import { formatDateTime } from "../lib/format";
import type { ReturnNote } from "./returnNote";

/** 退回理由, with who returned it at which step and when. */
export function ReturnNotice({ note, compact = false }: { note: ReturnNote; compact?: boolean }) {
  return (
    <div className={compact ? "return-note return-note--compact" : "return-note"}>
      <p className="return-note__head">
        <strong>退回理由</strong>
        <span className="muted">
          {note.by}
          {note.stepName ? `（${note.stepName}）` : ""} · {formatDateTime(note.at)}
        </span>
      </p>
      <p className="return-note__comment">{note.comment || "（未填写）"}</p>
    </div>
  );
}
