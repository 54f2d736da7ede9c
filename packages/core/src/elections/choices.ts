import { z } from "../zod-locale";
import type { ElectionConfig, FieldProblems } from "./config";

/**
 * What a voter marked. Per position: a mark per candidate (赞成 `for` / 反对 `against` /
 * 弃权 `abstain`; unmarked counts as 弃权) and, where allowed, write-in names (另选他人).
 * Per motion: for / against / abstain (unmarked: 弃权).
 *
 * Over-marking (more `for` marks plus write-ins than seats) is accepted, as on paper, and
 * voids that position on that ballot only; the tally decides, the cast just warns.
 */
export const MARKS = { for: "赞成", against: "反对", abstain: "弃权" } as const;
export type Mark = keyof typeof MARKS;
const MarkSchema = z.enum(["for", "against", "abstain"]);

export const ChoicesSchema = z.object({
  positions: z
    .record(
      z.string().max(32),
      z.object({
        marks: z.record(z.string().max(32), MarkSchema).default({}),
        writeIns: z.array(z.string().trim().min(1, "另选他人姓名不能为空").max(40, "姓名最多40个字")).max(300).default([]),
      }),
    )
    .default({}),
  motions: z.record(z.string().max(32), MarkSchema).default({}),
});
export type ChoicesInput = z.input<typeof ChoicesSchema>;

/** The canonical form stored on a ballot and published in the bulletin: abstentions implicit, keys in config order. */
export interface Choices {
  positions: Record<string, { marks: Record<string, "for" | "against">; writeIns: string[]; void?: true }>;
  motions: Record<string, "for" | "against">;
  /**
   * Paper ballots only (see paper-line.ts): the tellers recorded the whole ballot as void (废票),
   * or — on a section, `void` — a position the voter spoiled. Electronic ballots never carry it.
   */
  void?: true;
}

/** How many seats a position section fills on one ballot: `for` marks plus write-ins. */
export function marksInFavour(section: { marks?: Record<string, string>; writeIns?: string[] }): number {
  return Object.values(section.marks ?? {}).filter((mark) => mark === "for").length + (section.writeIns ?? []).length;
}

/**
 * Checks choices against the election (unknown positions, candidates or motions, write-ins
 * where none are allowed, a write-in naming a listed candidate) and returns the canonical
 * form plus warnings for over-marked positions.
 */
export function canonicalChoices(
  config: ElectionConfig,
  input: z.output<typeof ChoicesSchema>,
): { choices: Choices; problems: FieldProblems; warnings: string[] } {
  const problems: FieldProblems = {};
  const warnings: string[] = [];
  const add = (path: string, message: string) => (problems[path] ??= []).push(message);
  const positions: Choices["positions"] = {};
  for (const id of Object.keys(input.positions)) {
    if (!config.positions.some((position) => position.id === id)) add(`choices.positions.${id}`, "没有这个职位");
  }
  for (const position of config.positions) {
    const section = input.positions[position.id];
    if (!section) continue;
    const marks: Record<string, "for" | "against"> = {};
    for (const candidateId of Object.keys(section.marks)) {
      if (!position.candidates.some((candidate) => candidate.id === candidateId)) add(`choices.positions.${position.id}.marks.${candidateId}`, "没有这位候选人");
    }
    for (const candidate of position.candidates) {
      const mark = section.marks[candidate.id];
      if (mark === "for" || mark === "against") marks[candidate.id] = mark;
    }
    const writeIns = [...new Set(section.writeIns)];
    if (writeIns.length > 0 && !position.allowWriteIns) add(`choices.positions.${position.id}.writeIns`, `${position.title}不设另选他人`);
    for (const name of writeIns) {
      if (position.candidates.some((candidate) => candidate.name === name)) {
        add(`choices.positions.${position.id}.writeIns`, `“${name}”已是候选人，请直接在其名下表态`);
      }
    }
    const canonical = { marks, writeIns: writeIns.sort() };
    if (marksInFavour(canonical) > position.seats) warnings.push(`${position.title}：赞成和另选的人数超过应选名额${position.seats}名，此项作废`);
    if (Object.keys(marks).length > 0 || writeIns.length > 0) positions[position.id] = canonical;
  }
  const motions: Choices["motions"] = {};
  for (const id of Object.keys(input.motions)) {
    if (!config.motions.some((motion) => motion.id === id)) add(`choices.motions.${id}`, "没有这项议题");
  }
  for (const motion of config.motions) {
    const mark = input.motions[motion.id];
    if (mark === "for" || mark === "against") motions[motion.id] = mark;
  }
  return { choices: { positions, motions }, problems, warnings };
}
