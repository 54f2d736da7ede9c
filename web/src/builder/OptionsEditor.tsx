import { useErrorAt } from "./errors";
import { FieldProblem, TextBox } from "./inputs";
import { newUid, type EditorOption } from "./model";

interface Props {
  options: EditorOption[];
  prefix: string;
  onChange: (options: EditorOption[]) => void;
}

function OptionRow({ option, index, count, prefix, onChange, onMove, onRemove }: {
  option: EditorOption;
  index: number;
  count: number;
  prefix: string;
  onChange: (change: Partial<EditorOption>) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}) {
  const at = `${prefix}.options.${index}`;
  const labelError = useErrorAt(`${at}.label`);
  const valueError = useErrorAt(`${at}.value`);
  const n = index + 1;
  return (
    <li className="option-row">
      <TextBox label={`选项${n}`} value={option.label} onChange={(label) => onChange({ label })} error={labelError} />
      <TextBox label={`选项${n}的值`} value={option.value} onChange={(value) => onChange({ value })} error={valueError} placeholder="同选项名称" className="option-row__value" />
      <div className="option-row__tools">
        <button type="button" className="button button--small" onClick={() => onMove(-1)} disabled={index === 0} aria-label={`上移选项${n}`}>
          ↑
        </button>
        <button type="button" className="button button--small" onClick={() => onMove(1)} disabled={index === count - 1} aria-label={`下移选项${n}`}>
          ↓
        </button>
        <button type="button" className="button button--small button--danger" onClick={onRemove} aria-label={`删除选项${n}`}>
          删除
        </button>
      </div>
    </li>
  );
}

/** 选项: names people see and the values stored (blank value = the name), reorderable. */
export function OptionsEditor({ options, prefix, onChange }: Props) {
  const error = useErrorAt(`${prefix}.options`);
  const set = (index: number, change: Partial<EditorOption>) => onChange(options.map((o, i) => (i === index ? { ...o, ...change } : o)));
  const move = (index: number, delta: -1 | 1) => {
    const to = index + delta;
    if (to < 0 || to >= options.length) return;
    const next = [...options];
    [next[index], next[to]] = [next[to]!, next[index]!];
    onChange(next);
  };
  return (
    <div className="builder-options">
      <p className="builder-subhead">选项</p>
      <ol className="option-list">
        {options.map((option, index) => (
          <OptionRow
            key={option.uid}
            option={option}
            index={index}
            count={options.length}
            prefix={prefix}
            onChange={(change) => set(index, change)}
            onMove={(delta) => move(index, delta)}
            onRemove={() => onChange(options.filter((_, i) => i !== index))}
          />
        ))}
      </ol>
      <FieldProblem message={error} />
      <button type="button" className="button button--small" onClick={() => onChange([...options, { uid: newUid(), label: `选项${options.length + 1}`, value: "" }])}>
        ＋ 添加选项
      </button>
    </div>
  );
}
