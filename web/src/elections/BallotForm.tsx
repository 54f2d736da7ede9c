import type { FormEvent } from "react";
import type { ElectionConfig } from "./api";
import { MARKS, describeThreshold, sectionOf, writeInProblem, type Draft, type Mark } from "./ballot";
import { PositionBallot } from "./PositionBallot";

interface Props {
  config: ElectionConfig;
  draft: Draft;
  onChange: (draft: Draft) => void;
  onNext: () => void;
}

/** The ballot paper: every position, then every motion; 下一步 leads to the confirmation screen. */
export function BallotForm({ config, draft, onChange, onNext }: Props) {
  const blocked = config.positions.some((position) => sectionOf(draft, position.id).writeIns.some((name) => writeInProblem(position, name)));
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!blocked) onNext();
  }
  return (
    <form className="ballot" onSubmit={submit} noValidate>
      {config.positions.map((position) => (
        <PositionBallot
          key={position.id}
          position={position}
          section={sectionOf(draft, position.id)}
          onChange={(section) => onChange({ ...draft, positions: { ...draft.positions, [position.id]: section } })}
        />
      ))}
      {config.motions.length > 0 && (
        <fieldset className="ballot-item">
          <legend className="visually-hidden">表决事项</legend>
          <h2 className="ballot-item__title">表决事项</h2>
          <p className="ballot-rule">对每项议题选择赞成、反对或弃权，不选按弃权计。</p>
          <ul className="ballot-list">
            {config.motions.map((motion) => (
              <li key={motion.id} className="ballot-slate">
                <div className="ballot-slate__name" id={`motion-${motion.id}`}>
                  {motion.title}
                  <span className="ballot-pick__note">赞成票{describeThreshold(motion.threshold)}即通过</span>
                </div>
                <div className="seg" role="radiogroup" aria-labelledby={`motion-${motion.id}`}>
                  {(Object.keys(MARKS) as Mark[]).map((mark) => (
                    <label key={mark} className={`seg__opt seg__opt--${mark}${draft.motions[motion.id] === mark ? " seg__opt--on" : ""}`}>
                      <input
                        type="radio"
                        name={`motion-${motion.id}`}
                        checked={draft.motions[motion.id] === mark}
                        onChange={() => onChange({ ...draft, motions: { ...draft.motions, [motion.id]: mark } })}
                      />
                      {MARKS[mark]}
                    </label>
                  ))}
                </div>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      <div className="ballot-bar">
        {blocked && <p className="field__error">请先改正“另选他人”中的姓名。</p>}
        <button type="submit" className="button button--primary button--block" disabled={blocked}>
          下一步：核对选票
        </button>
      </div>
    </form>
  );
}
