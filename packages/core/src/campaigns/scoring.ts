import { AppError, type FieldErrors } from "../errors";
import type { Criterion } from "./inputs";

/**
 * Checks a judge's scores against the rubric: each a number within 0..max in steps of 0.5,
 * no unknown criterion, and every criterion when submitting. Errors are keyed `scores.<key>`.
 * @example validateScores(rubric, { innovation: 31 }, false) // throws: fields["scores.innovation"] = ["创新性须在0–30分之间"]
 */
export function validateScores(rubric: readonly Criterion[], scores: Record<string, number>, submit: boolean): Record<string, number> {
  const fields: FieldErrors = {};
  const known = new Map(rubric.map((c) => [c.key, c]));
  for (const [key, value] of Object.entries(scores)) {
    const criterion = known.get(key);
    if (!criterion) {
      fields[`scores.${key}`] = ["没有这个评分指标"];
      continue;
    }
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > criterion.max) {
      fields[`scores.${key}`] = [`${criterion.label}须在0–${criterion.max}分之间`];
    } else if (!Number.isInteger(value * 2)) {
      fields[`scores.${key}`] = [`${criterion.label}的分数以0.5分为单位`];
    }
  }
  if (submit) {
    for (const criterion of rubric) if (scores[criterion.key] === undefined) (fields[`scores.${criterion.key}`] ??= []).push(`请为${criterion.label}打分`);
  }
  const [first] = Object.values(fields);
  if (first) throw new AppError("validation.failed", `评分有误：${first[0]}`, { fields });
  return Object.fromEntries(rubric.filter((c) => scores[c.key] !== undefined).map((c) => [c.key, scores[c.key]!]));
}
