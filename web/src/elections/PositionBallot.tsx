import { MARKS, inFavour, overMarked, reserved, writeInProblem, type Mark, type Position, type Section } from "./ballot";

interface Props {
  position: Position;
  section: Section;
  onChange: (section: Section) => void;
}

const KIND = { slate: "等额选举", competitive: "差额选举" } as const;

/** One position on the ballot: 差额 as at most N ticks, 等额 as 赞成/反对/弃权 per candidate plus 另选他人. */
export function PositionBallot({ position, section, onChange }: Props) {
  const used = inFavour(section);
  const full = reserved(section) >= position.seats;
  const setMark = (candidateId: string, mark: Mark | undefined) => {
    const marks = { ...section.marks };
    if (mark) marks[candidateId] = mark;
    else delete marks[candidateId];
    onChange({ ...section, marks });
  };
  const headingId = `pos-${position.id}`;

  return (
    <fieldset className="ballot-item" aria-labelledby={headingId}>
      <legend className="visually-hidden">{position.title}</legend>
      <h2 id={headingId} className="ballot-item__title">
        {position.title}
        <span className="ballot-item__kind">{KIND[position.kind]}</span>
      </h2>
      {position.kind === "competitive" ? (
        <p className="ballot-rule">
          应选<strong>{position.seats}</strong>名，候选人{position.candidates.length}名。<strong>最多选{position.seats}人</strong>
          ，勾选您赞成的候选人，未勾选的按弃权计。超过{position.seats}人则本职位选票作废。
        </p>
      ) : (
        <p className="ballot-rule">
          应选<strong>{position.seats}</strong>名。请对每位候选人选择赞成、反对或弃权，不选按弃权计。
          {position.allowWriteIns && `不同意的，可投反对票后“另选他人”。`}赞成{position.allowWriteIns ? "与另选" : ""}合计不能超过{position.seats}人，超过则本职位选票作废。
        </p>
      )}
      <p className={`ballot-count${full ? " ballot-count--full" : ""}`} aria-live="polite">
        已{position.kind === "competitive" ? "选" : "赞成"} {used} / {position.seats} 人{used >= position.seats ? "（已满）" : ""}
      </p>

      {position.kind === "competitive" ? (
        <ul className="ballot-list">
          {position.candidates.map((candidate) => {
            const checked = section.marks[candidate.id] === "for";
            return (
              <li key={candidate.id}>
                <label className={`ballot-pick${checked ? " ballot-pick--on" : ""}${!checked && full ? " ballot-pick--off" : ""}`}>
                  <input type="checkbox" checked={checked} disabled={!checked && full} onChange={(event) => setMark(candidate.id, event.target.checked ? "for" : undefined)} />
                  <span className="ballot-pick__name">{candidate.name}</span>
                  {candidate.note && <span className="ballot-pick__note">{candidate.note}</span>}
                </label>
              </li>
            );
          })}
        </ul>
      ) : (
        <ul className="ballot-list">
          {position.candidates.map((candidate) => {
            const current = section.marks[candidate.id];
            return (
              <li key={candidate.id} className="ballot-slate">
                <div className="ballot-slate__name" id={`${headingId}-${candidate.id}`}>
                  {candidate.name}
                  {candidate.note && <span className="ballot-pick__note">{candidate.note}</span>}
                </div>
                <div className="seg" role="radiogroup" aria-labelledby={`${headingId}-${candidate.id}`}>
                  {(Object.keys(MARKS) as Mark[]).map((mark) => (
                    <label key={mark} className={`seg__opt seg__opt--${mark}${current === mark ? " seg__opt--on" : ""}`}>
                      <input
                        type="radio"
                        name={`${position.id}-${candidate.id}`}
                        checked={current === mark}
                        disabled={mark === "for" && current !== "for" && full}
                        onChange={() => setMark(candidate.id, mark)}
                      />
                      {MARKS[mark]}
                    </label>
                  ))}
                </div>
              </li>
            );
          })}
        </ul>
      )}

      {position.allowWriteIns && <WriteIns position={position} section={section} full={full} onChange={onChange} />}
      {full && !overMarked(position, section) && !(position.kind === "slate" && position.allowWriteIns) && (
        <p className="field__hint">已达应选名额。如要改选，请先取消{position.kind === "competitive" ? "一人" : "一位的赞成票"}。</p>
      )}
      {overMarked(position, section) && (
        <p className="alert" role="alert">
          赞成和另选合计超过{position.seats}人，本职位选票将作废。
        </p>
      )}
    </fieldset>
  );
}

function WriteIns({ position, section, full, onChange }: Props & { full: boolean }) {
  const set = (writeIns: string[]) => onChange({ ...section, writeIns });
  return (
    <div className="writeins">
      {section.writeIns.map((name, index) => {
        const problem = writeInProblem(position, name);
        return (
          <div key={index} className="field">
            <label htmlFor={`${position.id}-w${index}`}>另选他人 {index + 1}</label>
            <div className="writeins__row">
              <input
                id={`${position.id}-w${index}`}
                value={name}
                maxLength={40}
                placeholder="填写姓名"
                aria-invalid={problem ? true : undefined}
                onChange={(event) => set(section.writeIns.map((old, i) => (i === index ? event.target.value : old)))}
              />
              <button type="button" className="button button--small" onClick={() => set(section.writeIns.filter((_, i) => i !== index))}>
                删除
              </button>
            </div>
            {problem && <p className="field__error">{problem}</p>}
          </div>
        );
      })}
      <button type="button" className="button button--small" disabled={full} onClick={() => set([...section.writeIns, ""])}>
        ＋ 另选他人
      </button>
      {full && position.kind === "slate" && <p className="field__hint">如需另选他人，请先对某位候选人改投反对或弃权。</p>}
    </div>
  );
}
