import { positionHint, positionNote, splitNames, type PositionDraft } from "./editorModel";

interface Props {
  index: number;
  position: PositionDraft;
  error?: string;
  onChange: (position: PositionDraft | undefined) => void;
}

/** One position in the 新建选举 form: title, seats, 等额/差额, candidates one a line. */
export function PositionEditor({ index, position: p, error, onChange }: Props) {
  const id = `p-${index}`;
  const problem = positionHint(p) ?? error;
  const note = problem ? undefined : positionNote(p);
  const count = splitNames(p.candidates).length;
  return (
    <fieldset className={`position-editor${problem ? " position-editor--invalid" : ""}`}>
      <legend className="visually-hidden">职位 {index + 1}</legend>
      <div className="editor-row">
        <div className="field">
          <label htmlFor={`${id}-title`}>职位</label>
          <input id={`${id}-title`} value={p.title} maxLength={40} onChange={(e) => onChange({ ...p, title: e.target.value })} />
        </div>
        <div className="field field--narrow">
          <label htmlFor={`${id}-seats`}>应选名额</label>
          <input id={`${id}-seats`} type="number" inputMode="numeric" min={1} max={200} value={p.seats} onChange={(e) => onChange({ ...p, seats: Math.max(1, Number(e.target.value) || 1) })} />
        </div>
      </div>
      <div className="checks__list">
        {(["slate", "competitive"] as const).map((kind) => (
          <label key={kind} className="check">
            <input type="radio" name={`${id}-kind`} checked={p.kind === kind} onChange={() => onChange({ ...p, kind })} />
            {kind === "slate" ? "等额（逐人赞成/反对/弃权）" : "差额（候选人多于名额，限选）"}
          </label>
        ))}
      </div>
      <div className={`field${problem ? " field--invalid" : ""}`}>
        <label htmlFor={`${id}-cands`}>候选人（每行一人，已填{count}人）</label>
        <textarea id={`${id}-cands`} rows={Math.max(2, Math.min(8, count + 1))} value={p.candidates} placeholder={"王建国\n李红"} onChange={(e) => onChange({ ...p, candidates: e.target.value })} />
        {problem && <p className="field__error">{problem}</p>}
        {note && <p className="field__hint">{note}</p>}
      </div>
      {p.kind === "slate" && (
        <label className="check check--single">
          <input type="checkbox" checked={p.allowWriteIns} onChange={(e) => onChange({ ...p, allowWriteIns: e.target.checked })} />
          允许“另选他人”
        </label>
      )}
      <button type="button" className="button button--small button--danger" onClick={() => onChange(undefined)}>
        删除此职位
      </button>
    </fieldset>
  );
}
