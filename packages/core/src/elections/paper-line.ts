import type { Choices } from "./choices";
import type { ElectionConfig } from "./config";

/**
 * One paper ballot as a teller types it: one line, keyboard only. **Pure** (no zod, no I/O):
 * the server parses what it stores with it and the entry page previews every keystroke with it.
 *
 * Sections in the order of the ballot paper, separated by `/`: each position, then (if the
 * election has motions) one section for all motions.
 * - a position: the numbers of the candidates marked 赞成, as listed on the paper (1-based),
 *   separated by spaces (or `,` `，` `、`); `-3` is 反对 for candidate 3; `+名字` a write-in
 *   (另选他人), kept as written; `0` (or nothing) a blank section (all 弃权); `x` the section
 *   spoiled (void for that position). More 赞成 + write-ins than seats is stored as typed and
 *   voids that position at the count, as on paper;
 * - the motions: one mark per motion, in order: `1` 赞成, `2` 反对, `0` 弃权, spaced or not
 *   (`120`); nothing: all 弃权;
 * - the whole line `x`: a void ballot (废票); `0`: a blank ballot (空白票, valid, all 弃权).
 * A 15-seat 理事 list is `1 2 3 4 5 6 7 8 9 10 11 12 13 14 15`; a ballot for a two-position
 * election with two motions: `1 / 1 3 / 11`.
 */
export interface ParsedLine {
  choices: Choices;
  /** Why the line cannot be stored (a typing error, not a property of the ballot). */
  problems: string[];
  /** Stored anyway, but worth a look: over-marked positions (void at the count). */
  notes: string[];
}

const SEPARATORS = /[\s,，、]+/u;

function positionSection(position: ElectionConfig["positions"][number], text: string, problems: string[], notes: string[]): Choices["positions"][string] | undefined {
  const tokens = text.split(SEPARATORS).filter(Boolean);
  const label = position.title;
  if (tokens.length === 0 || (tokens.length === 1 && tokens[0] === "0")) return undefined;
  if (tokens.length === 1 && /^[xX×]$/u.test(tokens[0]!)) return { marks: {}, writeIns: [], void: true };
  const marks: Record<string, "for" | "against"> = {};
  const writeIns = new Set<string>();
  for (const token of tokens) {
    if (token.startsWith("+") || token.startsWith("＋")) {
      const name = token.slice(1).trim();
      if (!name) problems.push(`${label}：“+”后应写另选他人的姓名`);
      else if (name.length > 40) problems.push(`${label}：另选他人“${name.slice(0, 10)}…”超过40个字`);
      else if (!position.allowWriteIns) problems.push(`${label}不设另选他人，选票上写的“${name}”不能录入；如监票人认定此项作废，请录入 x`);
      else {
        // A name written in that is on the list is a vote for that candidate.
        const listed = position.candidates.find((candidate) => candidate.name === name);
        if (listed) {
          if (marks[listed.id] === "against") problems.push(`${label}：${name}既写了赞成又写了反对`);
          marks[listed.id] = "for";
        } else writeIns.add(name);
      }
      continue;
    }
    const match = /^(-?)(\d{1,3})$/u.exec(token);
    if (!match) {
      problems.push(`${label}：看不懂“${token}”（候选人序号、-序号、+姓名、0 或 x）`);
      continue;
    }
    const index = Number(match[2]);
    const candidate = position.candidates[index - 1];
    if (index === 0 || !candidate) {
      problems.push(`${label}：没有第${index}号候选人（共${position.candidates.length}人）`);
      continue;
    }
    const mark = match[1] ? "against" : "for";
    if (marks[candidate.id] === mark) problems.push(`${label}：第${index}号重复录入`);
    else if (marks[candidate.id]) problems.push(`${label}：第${index}号既赞成又反对`);
    marks[candidate.id] = mark;
  }
  const ordered: Record<string, "for" | "against"> = {};
  for (const candidate of position.candidates) if (marks[candidate.id]) ordered[candidate.id] = marks[candidate.id]!;
  const section = { marks: ordered, writeIns: [...writeIns].sort() };
  const inFavour = Object.values(ordered).filter((mark) => mark === "for").length + section.writeIns.length;
  if (inFavour > position.seats) notes.push(`${label}：赞成和另选共${inFavour}人，超过应选名额${position.seats}名，此项作废（照选票录入）`);
  return Object.keys(ordered).length > 0 || section.writeIns.length > 0 ? section : undefined;
}

function motionSection(config: Pick<ElectionConfig, "motions">, text: string, problems: string[]): Choices["motions"] {
  const compact = text.replace(/[\s,，、]+/gu, "");
  const motions: Choices["motions"] = {};
  if (compact === "") return motions;
  if (compact.length !== config.motions.length) {
    problems.push(`议题应录入${config.motions.length}个表决（1赞成、2反对、0弃权），现为${compact.length}个`);
    return motions;
  }
  [...compact].forEach((char, index) => {
    const motion = config.motions[index]!;
    if (char === "1") motions[motion.id] = "for";
    else if (char === "2") motions[motion.id] = "against";
    else if (char !== "0") problems.push(`${motion.title}：看不懂“${char}”（1赞成、2反对、0弃权）`);
  });
  return motions;
}

/** How many `/`-separated sections a line of this election has. */
export function sectionCount(config: Pick<ElectionConfig, "positions" | "motions">): number {
  return config.positions.length + (config.motions.length > 0 ? 1 : 0);
}

/** The section labels, for the entry page's key. */
export function sectionLabels(config: Pick<ElectionConfig, "positions" | "motions">): string[] {
  return [...config.positions.map((position) => `${position.title}（应选${position.seats}名）`), ...(config.motions.length > 0 ? [`议题（${config.motions.length}项）`] : [])];
}

export function parsePaperLine(config: Pick<ElectionConfig, "positions" | "motions">, raw: string): ParsedLine {
  const line = raw.trim();
  const problems: string[] = [];
  const notes: string[] = [];
  if (/^[xX×]$/u.test(line)) return { choices: { positions: {}, motions: {}, void: true }, problems, notes: ["整张选票作废（废票）"] };
  if (line === "0") return { choices: { positions: {}, motions: {} }, problems, notes: ["空白票（各项均弃权）"] };
  if (line === "") return { choices: { positions: {}, motions: {} }, problems: ["请录入选票内容（空白票录 0，废票录 x）"], notes };
  const sections = line.split(/[/／]/u);
  const expected = sectionCount(config);
  if (sections.length !== expected) {
    problems.push(`应有${expected}段（${sectionLabels(config).join(" / ")}），用“/”分隔，现为${sections.length}段`);
    return { choices: { positions: {}, motions: {} }, problems, notes };
  }
  const positions: Choices["positions"] = {};
  config.positions.forEach((position, index) => {
    const section = positionSection(position, sections[index]!, problems, notes);
    if (section) positions[position.id] = section;
  });
  const motions = config.motions.length > 0 ? motionSection(config, sections[expected - 1]!, problems) : {};
  return { choices: { positions, motions }, problems, notes };
}

/** The canonical line of stored choices (what both tellers' entries are compared by, and shown). */
export function formatPaperLine(config: Pick<ElectionConfig, "positions" | "motions">, choices: Choices): string {
  if (choices.void) return "x";
  const parts = config.positions.map((position) => {
    const section = choices.positions[position.id];
    if (!section) return "0";
    if (section.void) return "x";
    const tokens: string[] = [];
    position.candidates.forEach((candidate, index) => {
      const mark = section.marks[candidate.id];
      if (mark === "for") tokens.push(String(index + 1));
      else if (mark === "against") tokens.push(`-${index + 1}`);
    });
    for (const name of section.writeIns) tokens.push(`+${name}`);
    return tokens.length > 0 ? tokens.join(" ") : "0";
  });
  if (config.motions.length > 0) parts.push(config.motions.map((motion) => (choices.motions[motion.id] === "for" ? "1" : choices.motions[motion.id] === "against" ? "2" : "0")).join(""));
  const line = parts.join(" / ");
  return parts.every((part) => /^0+$/u.test(part)) ? "0" : line;
}

/** A reading of the choices in words, per section (for the teller's preview and the scrutineers). */
export function describePaperChoices(config: Pick<ElectionConfig, "positions" | "motions">, choices: Choices): string[] {
  if (choices.void) return ["废票（整张作废）"];
  const lines = config.positions.map((position) => {
    const section = choices.positions[position.id];
    if (!section) return `${position.title}：空白（弃权）`;
    if (section.void) return `${position.title}：作废`;
    const inFavour = position.candidates.filter((candidate) => section.marks[candidate.id] === "for").map((candidate) => candidate.name);
    const against = position.candidates.filter((candidate) => section.marks[candidate.id] === "against").map((candidate) => candidate.name);
    const parts = [
      inFavour.length > 0 ? `赞成 ${inFavour.join("、")}` : "",
      against.length > 0 ? `反对 ${against.join("、")}` : "",
      section.writeIns.length > 0 ? `另选 ${section.writeIns.join("、")}` : "",
    ].filter(Boolean);
    const over = inFavour.length + section.writeIns.length > position.seats ? `（超过应选${position.seats}名，作废）` : "";
    return `${position.title}：${parts.join("；")}${over}`;
  });
  if (config.motions.length > 0) {
    lines.push(`议题：${config.motions.map((motion) => `${motion.title}${choices.motions[motion.id] === "for" ? "赞成" : choices.motions[motion.id] === "against" ? "反对" : "弃权"}`).join("，")}`);
  }
  return lines;
}
