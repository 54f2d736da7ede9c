import { z } from "zod";
import { NewElectionSchema } from "@tongxin/core/elections/config";
import type { NewElectionInput } from "./api";

/** The 新建选举 form's state and how it becomes the API body. */
export type Ratio = "half" | "two_thirds";
export const RATIOS: Record<Ratio, { label: string; threshold: { numerator: number; denominator: number; rule: "more_than" | "at_least" } }> = {
  half: { label: "超过半数", threshold: { numerator: 1, denominator: 2, rule: "more_than" } },
  two_thirds: { label: "三分之二以上（含本数）", threshold: { numerator: 2, denominator: 3, rule: "at_least" } },
};

export interface PositionDraft {
  title: string;
  seats: number;
  kind: "slate" | "competitive";
  /** Names, one a line (or separated by 、，,). */
  candidates: string;
  allowWriteIns: boolean;
}

export interface MotionDraft {
  title: string;
  pass: Ratio;
}

export interface EditorState {
  title: string;
  mode: "meeting" | "online";
  /** Meeting mode: electronic, paper or both (at check-in each voter takes one kind). */
  ballots: "electronic" | "paper" | "mixed";
  /** Meeting mode: written proxies one present member may hold (0: none). */
  proxyLimit: number;
  positions: PositionDraft[];
  motions: MotionDraft[];
  base: "present" | "returned" | "roll";
  threshold: Ratio;
  quorum: Ratio;
}

export const PRESETS: PositionDraft[] = [
  { title: "会长", seats: 1, kind: "slate", candidates: "", allowWriteIns: true },
  { title: "副会长", seats: 2, kind: "slate", candidates: "", allowWriteIns: true },
  { title: "秘书长", seats: 1, kind: "slate", candidates: "", allowWriteIns: true },
  { title: "理事", seats: 5, kind: "competitive", candidates: "", allowWriteIns: false },
];

export const initialState = (): EditorState => ({
  title: "",
  mode: "meeting",
  ballots: "electronic",
  proxyLimit: 0,
  positions: [{ ...PRESETS[0]! }],
  motions: [{ title: "审议第一届理事会工作报告", pass: "half" }],
  base: "present",
  threshold: "half",
  quorum: "two_thirds",
});

export const splitNames = (text: string) =>
  text
    .split(/[\n、，,；;]+/)
    .map((name) => name.trim())
    .filter(Boolean);

export function toBody(state: EditorState): NewElectionInput {
  return {
    title: state.title.trim(),
    mode: state.mode,
    ...(state.mode === "meeting" ? { ballots: state.ballots, proxyLimit: Number(state.proxyLimit) || 0 } : {}),
    positions: state.positions.map((p) => ({
      title: p.title.trim(),
      seats: p.seats,
      kind: p.kind,
      candidates: splitNames(p.candidates).map((name) => ({ name })),
      allowWriteIns: p.kind === "slate" ? p.allowWriteIns : false,
    })),
    motions: state.motions.filter((m) => m.title.trim()).map((m) => ({ title: m.title.trim(), threshold: RATIOS[m.pass].threshold })),
    base: state.base,
    threshold: RATIOS[state.threshold].threshold,
    quorum: RATIOS[state.quorum].threshold,
  };
}

/**
 * The 新建选举 form checked by the server's own schema, through the body the draft becomes: the
 * messages (请填写选举名称, 请填写职务名称 …) land on the fields they name (`positions.0.title`).
 */
export const EditorSchema = z.custom<EditorState>().transform(toBody).pipe(NewElectionSchema);

/** Checks the server would make too, said next to the position before sending (these block creation). */
export function positionHint(p: PositionDraft): string | undefined {
  const count = splitNames(p.candidates).length;
  if (p.kind === "slate" && count > p.seats) return `等额选举的候选人数（${count}）不能多于应选名额（${p.seats}）`;
  return undefined;
}

/**
 * What creation allows but freezing the roll does not (待提名): no candidate yet, or a 差额
 * list not longer than the seats. Said as a note: nominations may fill it while the election is a draft.
 */
export function positionNote(p: PositionDraft): string | undefined {
  const count = splitNames(p.candidates).length;
  if (count === 0) return "待提名：可先创建，开启提名后由审批通过的提名补充；冻结名册前须有候选人";
  if (p.kind === "competitive" && count <= p.seats) return `待提名：差额选举候选人应多于应选名额（现有${count}人，应选${p.seats}名），冻结名册前须经提名或修改补足`;
  return undefined;
}
