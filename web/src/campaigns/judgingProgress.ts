import type { AssignmentMatrix } from "./api";

export interface JudgingProgress {
  /** Scores submitted, of all the assigned seats: 已评 12/30. */
  scored: number;
  seats: number;
  /** Each judge's own: 吴一鸣 4/6, the furthest behind first. */
  judges: Array<{ judgeId: string; name: string; scored: number; assigned: number }>;
  /** Seats still without a judge (judgesPerEntry not reached). */
  missing: number;
  /** What the office does next, in words. */
  next: string;
}

/**
 * Where scoring stands during 评审, from the assignment matrix (pure).
 * @example judgingProgress(matrix).next // "等待评委评分：还有18份评分未提交。"
 */
/** How far a judge is: a judge with nothing assigned counts as done (listed last). */
const share = (judge: { scored: number; assigned: number }) => (judge.assigned === 0 ? 1 : judge.scored / judge.assigned);

export function judgingProgress(matrix: AssignmentMatrix): JudgingProgress {
  const seats = matrix.entries.reduce((sum, entry) => sum + entry.assigned.length, 0);
  const scored = matrix.entries.reduce((sum, entry) => sum + entry.assigned.filter((a) => a.status === "submitted").length, 0);
  const missing = matrix.entries.reduce((sum, entry) => sum + entry.missing, 0);
  const judges = matrix.judges
    .map((judge) => ({ judgeId: judge.judgeId, name: judge.name, scored: judge.submitted, assigned: judge.load }))
    .sort((a, b) => share(a) - share(b) || a.name.localeCompare(b.name, "zh-CN"));
  const next =
    matrix.entries.length === 0
      ? "没有进入评审的案例。"
      : missing > 0
        ? `还有${missing}个评审席位没有评委：请到“评审分配”点“自动分配”或手动补齐。`
        : scored < seats
          ? `等待评委评分：还有${seats - scored}份评分未提交。评分全部提交后，到“排名”确认获奖名单。`
          : "全部评分已提交，请到“排名”核对并确认获奖名单，进入公示。";
  return { scored, seats, judges, missing, next };
}
