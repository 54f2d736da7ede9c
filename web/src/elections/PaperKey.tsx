import type { ElectionConfig } from "./api";

/** The key beside the entry line: each section's candidates by number, and what to type. */
export function PaperKey({ config }: { config: ElectionConfig }) {
  return (
    <section className="panel paper-key" aria-labelledby="paper-key-title">
      <h2 id="paper-key-title">录入方法</h2>
      <p>
        按选票顺序分段，段与段之间用 <kbd>/</kbd> 分隔。每段：写赞成的候选人<strong>序号</strong>（空格分隔），<kbd>-3</kbd> 反对3号，<kbd>+姓名</kbd> 另选他人（照写），
        <kbd>0</kbd> 该项空白，<kbd>x</kbd> 该项作废。议题每项一位：<kbd>1</kbd> 赞成、<kbd>2</kbd> 反对、<kbd>0</kbd> 弃权。整张废票录 <kbd>x</kbd>，整张空白票录 <kbd>0</kbd>。
        画圈超过应选名额的照录，计票时该项作废。
      </p>
      <ol className="paper-key__sections">
        {config.positions.map((position) => (
          <li key={position.id}>
            <strong>
              {position.title}（应选{position.seats}名{position.allowWriteIns ? "，可另选" : ""}）
            </strong>
            ：
            {position.candidates.map((candidate, index) => (
              <span key={candidate.id} className="paper-key__candidate">
                <b>{index + 1}</b> {candidate.name}
              </span>
            ))}
          </li>
        ))}
        {config.motions.length > 0 && (
          <li>
            <strong>议题</strong>：{config.motions.map((motion, index) => `${index + 1}. ${motion.title}`).join("　")}
          </li>
        )}
      </ol>
    </section>
  );
}
