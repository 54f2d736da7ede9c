import type { ElectionConfig } from "./api";
import { MARKS, inFavour, sectionOf, writeInNames, type Draft, type Mark } from "./ballot";

interface Props {
  config: ElectionConfig;
  draft: Draft;
}

const markOf = (mark: Mark | undefined) => MARKS[mark ?? "abstain"] + (mark ? "" : "（未表态）");

/** The confirmation screen: exactly what will be cast, with unmarked items spelled out as 弃权. */
export function BallotReview({ config, draft }: Props) {
  return (
    <div className="review">
      {config.positions.map((position) => {
        const section = sectionOf(draft, position.id);
        const names = writeInNames(section);
        if (position.kind === "competitive") {
          const chosen = position.candidates.filter((candidate) => section.marks[candidate.id] === "for").map((candidate) => candidate.name);
          return (
            <section key={position.id} className="review__item">
              <h3>
                {position.title}
                <span className="review__count">
                  选{inFavour(section)}人 / 应选{position.seats}名
                </span>
              </h3>
              <p className="review__chosen">{[...chosen, ...names.map((name) => `${name}（另选）`)].join("、") || "未选任何人（全部按弃权计）"}</p>
            </section>
          );
        }
        return (
          <section key={position.id} className="review__item">
            <h3>
              {position.title}
              <span className="review__count">应选{position.seats}名</span>
            </h3>
            <dl className="review__marks">
              {position.candidates.map((candidate) => (
                <div key={candidate.id} className={`review__mark review__mark--${section.marks[candidate.id] ?? "abstain"}`}>
                  <dt>{candidate.name}</dt>
                  <dd>{markOf(section.marks[candidate.id])}</dd>
                </div>
              ))}
              {names.map((name) => (
                <div key={name} className="review__mark review__mark--for">
                  <dt>{name}（另选他人）</dt>
                  <dd>赞成</dd>
                </div>
              ))}
            </dl>
          </section>
        );
      })}
      {config.motions.length > 0 && (
        <section className="review__item">
          <h3>表决事项</h3>
          <dl className="review__marks">
            {config.motions.map((motion) => (
              <div key={motion.id} className={`review__mark review__mark--${draft.motions[motion.id] ?? "abstain"}`}>
                <dt>{motion.title}</dt>
                <dd>{markOf(draft.motions[motion.id])}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
    </div>
  );
}
