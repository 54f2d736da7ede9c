import { useWatch, type Control, type UseFormRegister } from "react-hook-form";
import { positionHint, positionNote, splitNames, type EditorState } from "./editorModel";

interface Props {
  index: number;
  control: Control<EditorState, unknown, unknown>;
  register: UseFormRegister<EditorState>;
  error?: string;
  onRemove: () => void;
}

/** One position in the 新建选举 form: title, seats, 等额/差额, candidates one a line. */
export function PositionEditor({ index, control, register, error, onRemove }: Props) {
  const id = `p-${index}`;
  const p = useWatch({ control, name: `positions.${index}` });
  const problem = positionHint(p) ?? error;
  const note = problem ? undefined : positionNote(p);
  const count = splitNames(p.candidates).length;
  return (
    <fieldset className={`position-editor${problem ? " position-editor--invalid" : ""}`}>
      <legend className="visually-hidden">职位 {index + 1}</legend>
      <div className="editor-row">
        <div className="field">
          <label htmlFor={`${id}-title`}>职位</label>
          <input id={`${id}-title`} maxLength={40} {...register(`positions.${index}.title`)} />
        </div>
        <div className="field field--narrow">
          <label htmlFor={`${id}-seats`}>应选名额</label>
          <input
            id={`${id}-seats`}
            type="number"
            inputMode="numeric"
            min={1}
            max={200}
            {...register(`positions.${index}.seats`, { setValueAs: (value) => Math.max(1, Number(value) || 1) })}
          />
        </div>
      </div>
      <div className="checks__list">
        {(["slate", "competitive"] as const).map((kind) => (
          <label key={kind} className="check">
            <input type="radio" value={kind} {...register(`positions.${index}.kind`)} />
            {kind === "slate" ? "等额（逐人赞成/反对/弃权）" : "差额（候选人多于名额，限选）"}
          </label>
        ))}
      </div>
      <div className={`field${problem ? " field--invalid" : ""}`}>
        <label htmlFor={`${id}-cands`}>候选人（每行一人，已填{count}人）</label>
        <textarea id={`${id}-cands`} rows={Math.max(2, Math.min(8, count + 1))} placeholder={"王建国\n李红"} {...register(`positions.${index}.candidates`)} />
        {problem && <p className="field__error">{problem}</p>}
        {note && <p className="field__hint">{note}</p>}
      </div>
      {p.kind === "slate" && (
        <label className="check check--single">
          <input type="checkbox" {...register(`positions.${index}.allowWriteIns`)} />
          允许“另选他人”
        </label>
      )}
      <button type="button" className="button button--small button--danger" onClick={onRemove}>
        删除此职位
      </button>
    </fieldset>
  );
}
