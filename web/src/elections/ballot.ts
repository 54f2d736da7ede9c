import type { ChoicesInput, ElectionConfig } from "./api";

/**
 * The ballot being marked, and its rules as the count applies them (tally.ts): more 赞成 plus
 * 另选 than seats voids that position on the ballot; anything unmarked counts as 弃权.
 * Pure and free of zod, so the ballot page stays small.
 */
export type Mark = "for" | "against" | "abstain";
export const MARKS: Record<Mark, string> = { for: "赞成", against: "反对", abstain: "弃权" };

export type Position = ElectionConfig["positions"][number];
export type Motion = ElectionConfig["motions"][number];

export interface Section {
  marks: Record<string, Mark>;
  writeIns: string[];
}

export interface Draft {
  positions: Record<string, Section>;
  motions: Record<string, Mark>;
}

export const emptyDraft = (): Draft => ({ positions: {}, motions: {} });

export const sectionOf = (draft: Draft, positionId: string): Section => draft.positions[positionId] ?? { marks: {}, writeIns: [] };

/** Seats this section fills: 赞成 marks plus (non-empty) write-ins. */
export function inFavour(section: Section): number {
  return Object.values(section.marks).filter((mark) => mark === "for").length + section.writeIns.filter((name) => name.trim()).length;
}

/** Seats taken in the form, an empty 另选 box included (so a voter cannot open more boxes than seats left). */
export function reserved(section: Section): number {
  return Object.values(section.marks).filter((mark) => mark === "for").length + section.writeIns.length;
}

export const overMarked = (position: Position, section: Section) => inFavour(section) > position.seats;

/** The names written in, trimmed, empty ones dropped, repeats once. */
export const writeInNames = (section: Section) => [...new Set(section.writeIns.map((name) => name.trim()).filter(Boolean))];

/** What is sent: abstentions are left out (unmarked counts as 弃权). */
export function toChoices(config: ElectionConfig, draft: Draft): ChoicesInput {
  const positions: NonNullable<ChoicesInput["positions"]> = {};
  for (const position of config.positions) {
    const section = sectionOf(draft, position.id);
    const marks = Object.fromEntries(Object.entries(section.marks).filter(([, mark]) => mark !== "abstain"));
    const writeIns = writeInNames(section);
    if (Object.keys(marks).length > 0 || writeIns.length > 0) positions[position.id] = { marks, writeIns };
  }
  const motions = Object.fromEntries(Object.entries(draft.motions).filter(([, mark]) => mark !== "abstain"));
  return { positions, motions };
}

/** A write-in that names a listed candidate is refused by the server: say so before sending. */
export function writeInProblem(position: Position, name: string): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return undefined;
  if (position.candidates.some((candidate) => candidate.name === trimmed)) return `“${trimmed}”已是候选人，请直接在其名下表态`;
  return undefined;
}

export function describeThreshold(t: { numerator: number; denominator: number; rule: "more_than" | "at_least" }): string {
  const fraction = t.numerator === 1 && t.denominator === 2 ? "半数" : `${t.denominator}分之${t.numerator}`;
  return t.rule === "more_than" ? `超过${fraction}` : `${fraction}以上（含本数）`;
}

export const BASE_LABELS = { present: "到会选民人数", returned: "收回选票数", roll: "选民名册人数" } as const;

/** The voting code from the QR card's URL fragment (`#code=…`), which the browser never sends. */
export function codeFromFragment(hash: string): string | undefined {
  const value = new URLSearchParams(hash.replace(/^#/, "")).get("code");
  return value ? value.trim().toUpperCase() : undefined;
}

/** Session storage that may be unavailable (private mode): fall back to nothing. */
export const stash = {
  get(name: string): string | undefined {
    try {
      return sessionStorage.getItem(name) ?? undefined;
    } catch {
      return undefined;
    }
  },
  set(name: string, value: string): void {
    try {
      sessionStorage.setItem(name, value);
    } catch {
      // Private mode: the page keeps it in memory only.
    }
  },
  remove(name: string): void {
    try {
      sessionStorage.removeItem(name);
    } catch {
      // nothing stored
    }
  },
};
