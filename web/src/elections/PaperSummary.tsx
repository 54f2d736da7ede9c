import type { Election, ElectionStatus } from "./api";
import { BASE_LABELS, describeThreshold } from "./ballot";

const STEPS: Array<[ElectionStatus, string]> = [
  ["draft", "筹备"],
  ["roll_frozen", "名册冻结"],
  ["open", "投票"],
  ["closed", "闭票计票"],
  ["certified", "监票确认"],
  ["published", "公布"],
];

/** Where the election stands: 筹备 → 名册冻结 → 投票 → 闭票计票 → 监票确认 → 公布. */
export function StatusSteps({ status }: { status: ElectionStatus }) {
  const at = STEPS.findIndex(([key]) => key === status);
  return (
    <ol className="steps" aria-label="选举进程">
      {STEPS.map(([key, label], index) => (
        <li key={key} className={index < at ? "steps__done" : index === at ? "steps__current" : undefined} aria-current={index === at ? "step" : undefined}>
          {label}
        </li>
      ))}
    </ol>
  );
}

/** The ballot paper and the rules, as agreed when the election was created. */
export function PaperSummary({ election }: { election: Election }) {
  const { config } = election;
  return (
    <details className="panel disclosure">
      <summary>选票内容与规则</summary>
      <ul className="paper">
        {config.positions.map((position) => (
          <li key={position.id}>
            <strong>{position.title}</strong>（{position.kind === "slate" ? "等额" : "差额"}，应选{position.seats}名）：
            {position.candidates.length === 0 ? <span className="badge">待提名</span> : position.candidates.map((candidate) => (candidate.nominationId ? `${candidate.name}（经提名）` : candidate.name)).join("、")}
            {position.allowWriteIns && "；可另选他人"}
          </li>
        ))}
        {config.motions.map((motion) => (
          <li key={motion.id}>
            <strong>{motion.title}</strong>：赞成票{describeThreshold(motion.threshold)}通过
          </li>
        ))}
      </ul>
      <p className="muted">
        当选：赞成票{describeThreshold(config.threshold)}（以{BASE_LABELS[config.base]}为基数）。
        {config.mode === "meeting" ? `开始投票须到会人数达到应到人数的${describeThreshold(config.quorum)}。` : "线上投票，无需签到。"}
      </p>
    </details>
  );
}
