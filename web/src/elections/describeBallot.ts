import type { Choices, ElectionConfig } from "./api";
import { inFavour } from "./ballot";

/** One ballot of the bulletin in words: "会长：王建国 赞成", "理事：甲、乙", "审议工作报告：赞成" (unmarked = 弃权). */
export function describeBallot(config: ElectionConfig, choices: Choices): string[] {
  const lines: string[] = [];
  for (const position of config.positions) {
    const section = choices.positions[position.id] ?? { marks: {}, writeIns: [] };
    const writeIns = section.writeIns.map((name) => `${name}（另选）`);
    const over = inFavour({ marks: section.marks, writeIns: section.writeIns }) > position.seats ? "（超额，本项作废）" : "";
    if (position.kind === "competitive") {
      const chosen = position.candidates.filter((c) => section.marks[c.id] === "for").map((c) => c.name);
      lines.push(`${position.title}：${[...chosen, ...writeIns].join("、") || "未选"}${over}`);
    } else {
      const marks = position.candidates.map((c) => `${c.name} ${section.marks[c.id] === "for" ? "赞成" : section.marks[c.id] === "against" ? "反对" : "弃权"}`);
      lines.push(`${position.title}：${[...marks, ...writeIns.map((w) => `${w} 赞成`)].join("，")}${over}`);
    }
  }
  for (const motion of config.motions) {
    const mark = choices.motions[motion.id];
    lines.push(`${motion.title}：${mark === "for" ? "赞成" : mark === "against" ? "反对" : "弃权"}`);
  }
  return lines;
}
