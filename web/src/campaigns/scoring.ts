import type { Criterion } from "./api";

/** What the judge typed per criterion (text, so a half-typed "2." is kept). */
export type ScoreDraft = Record<string, string>;

/** Why a typed score is not acceptable, or undefined (blank is allowed for a draft). */
export function scoreProblem(text: string, criterion: Criterion): string | undefined {
  const value = text.trim();
  if (value === "") return undefined;
  if (!/^\d{1,3}(\.\d+)?$/.test(value)) return "请填写数字";
  const n = Number(value);
  if (n > criterion.max) return `不能超过满分${criterion.max}分`;
  if (Math.round(n * 2) !== n * 2) return "分数以0.5分为单位";
  return undefined;
}

/** The problems of every criterion; submitting also requires each to be filled. */
export function scoreProblems(draft: ScoreDraft, rubric: readonly Criterion[], submitting: boolean): Record<string, string> {
  const found: Record<string, string> = {};
  for (const criterion of rubric) {
    const text = draft[criterion.key] ?? "";
    const problem = scoreProblem(text, criterion) ?? (submitting && text.trim() === "" ? `请为“${criterion.label}”打分` : undefined);
    if (problem) found[criterion.key] = problem;
  }
  return found;
}

/** The scores to send: filled, valid criteria only. */
export function toScores(draft: ScoreDraft, rubric: readonly Criterion[]): Record<string, number> {
  const scores: Record<string, number> = {};
  for (const criterion of rubric) {
    const text = (draft[criterion.key] ?? "").trim();
    if (text !== "" && !scoreProblem(text, criterion)) scores[criterion.key] = Number(text);
  }
  return scores;
}

export const draftTotal = (draft: ScoreDraft, rubric: readonly Criterion[]): number => Object.values(toScores(draft, rubric)).reduce((a, b) => a + b, 0);

export const fromScores = (scores: Record<string, number>): ScoreDraft => Object.fromEntries(Object.entries(scores).map(([key, value]) => [key, String(value)]));
