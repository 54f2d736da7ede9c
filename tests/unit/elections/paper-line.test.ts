import { describe, expect, it } from "vitest";
import { NewElectionSchema, normalizeConfig, type ElectionConfig } from "@tongxin/core/elections/config";
import { describePaperChoices, formatPaperLine, parsePaperLine } from "@tongxin/core/elections/paper-line";
import { incompleteReasons, matchEntries, reconcile, type PaperEntry } from "@tongxin/core/elections/reconcile";
import { tally } from "@tongxin/core/elections/tally";

function configOf(input: Record<string, unknown>): ElectionConfig {
  const { config, problems } = normalizeConfig(NewElectionSchema.parse({ title: "测试", ...input }));
  expect(problems).toEqual({});
  return config;
}

const council = Array.from({ length: 18 }, (_, i) => ({ name: `理事${i + 1}` }));
const config = configOf({
  positions: [
    { title: "会长", seats: 1, kind: "slate", candidates: [{ name: "王建国" }], allowWriteIns: true },
    { title: "理事", seats: 15, kind: "competitive", candidates: council },
  ],
  motions: [{ title: "工作报告" }, { title: "财务报告" }],
});

describe("one paper ballot, one line", () => {
  it("reads candidate numbers, 反对, write-ins, blank and void sections, and the motions", () => {
    const parsed = parsePaperLine(config, "-1 +李四 / 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 / 12");
    expect(parsed.problems).toEqual([]);
    expect(parsed.choices.positions.p1).toEqual({ marks: { p1c1: "against" }, writeIns: ["李四"] });
    expect(Object.keys(parsed.choices.positions.p2!.marks)).toHaveLength(15);
    expect(parsed.choices.motions).toEqual({ m1: "for", m2: "against" });
    expect(formatPaperLine(config, parsed.choices)).toBe("-1 +李四 / 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 / 12");
    expect(describePaperChoices(config, parsed.choices)[0]).toBe("会长：反对 王建国；另选 李四");

    expect(parsePaperLine(config, "0 / x / 1 0").choices).toEqual({ positions: { p2: { marks: {}, writeIns: [], void: true } }, motions: { m1: "for" } });
    expect(parsePaperLine(config, "x").choices).toEqual({ positions: {}, motions: {}, void: true });
    expect(parsePaperLine(config, " 0 ").choices).toEqual({ positions: {}, motions: {} });
    // Separators a Chinese keyboard gives are accepted; order of typing does not matter.
    expect(formatPaperLine(config, parsePaperLine(config, "1／3，2、1／00").choices)).toBe(formatPaperLine(config, parsePaperLine(config, "1 / 1 2 3 / 00").choices));
  });

  it("stores more marks than seats as typed (void at the count), keeps an unknown write-in as written, turns a listed name written in into a vote for them", () => {
    const over = parsePaperLine(config, "1 / 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 / 11");
    expect(over.problems).toEqual([]);
    expect(over.notes).toEqual(["理事：赞成和另选共16人，超过应选名额15名，此项作废（照选票录入）"]);
    expect(parsePaperLine(config, "+不在名单上的人 / 0 / 00").choices.positions.p1!.writeIns).toEqual(["不在名单上的人"]);
    expect(parsePaperLine(config, "+王建国 / 0 / 00").choices.positions.p1).toEqual({ marks: { p1c1: "for" }, writeIns: [] });
    const results = tally(config, [over.choices, parsePaperLine(config, "x").choices, parsePaperLine(config, "0").choices], { roll: 3, present: 3, issued: 3 });
    expect(results.positions[1]).toMatchObject({ valid: 1, void: 2 });
    expect(results.positions[0]).toMatchObject({ valid: 2, void: 1 });
    expect(results.figures).toMatchObject({ returned: 3, valid: 2, void: 1 });
    // A void ballot is not a 弃权 on the motions.
    expect(results.motions[0]).toMatchObject({ for: 1, against: 0, abstain: 1 });
  });

  it("refuses what is a typing error, naming it", () => {
    expect(parsePaperLine(config, "1 / 19 / 00").problems).toEqual(["理事：没有第19号候选人（共18人）"]);
    expect(parsePaperLine(config, "1 / 2 2 / 00").problems).toEqual(["理事：第2号重复录入"]);
    expect(parsePaperLine(config, "1 / 2 -2 / 00").problems).toEqual(["理事：第2号既赞成又反对"]);
    expect(parsePaperLine(config, "1 / 2 / 1").problems[0]).toContain("议题应录入2个表决");
    expect(parsePaperLine(config, "1 / 2").problems[0]).toContain("应有3段");
    expect(parsePaperLine(config, "1 / +某人 / 00").problems[0]).toContain("理事不设另选他人");
    expect(parsePaperLine(config, "1 / a / 00").problems[0]).toContain("看不懂“a”");
    expect(parsePaperLine(config, "").problems[0]).toContain("空白票录 0");
  });
});

describe("double entry matched by batch and sequence", () => {
  const entry = (batch: number, seq: number, side: "A" | "B", line: string): PaperEntry => ({
    batch,
    seq,
    side,
    line,
    tellerId: side === "A" ? "t1" : "t2",
    tellerName: side === "A" ? "甲" : "乙",
    choices: parsePaperLine(config, line).choices,
    at: "2026-12-07T00:00:00Z",
  });

  it("two entries that differ in one ballot give exactly that one discrepancy; typing variants of the same marks agree", () => {
    const entries = [
      entry(1, 1, "A", "1 / 1 2 / 11"),
      entry(1, 1, "B", "1 / 2 1 / 11"),
      entry(1, 2, "A", "1 / 1 2 / 11"),
      entry(1, 2, "B", "1 / 1 3 / 11"),
      entry(1, 3, "A", "x"),
      entry(1, 3, "B", "X"),
      entry(2, 1, "A", "0"),
    ];
    const matching = matchEntries(config, entries, []);
    expect(matching.discrepancies.map((d) => [d.batch, d.seq])).toEqual([[1, 2]]);
    expect(matching.unmatched).toEqual([{ batch: 2, seq: 1, side: "A" }]);
    expect(matching.ballots.map((b) => [b.batch, b.seq])).toEqual([[1, 1], [1, 3]]);
    expect(matching).toMatchObject({ returned: 4, complete: false });
    expect(incompleteReasons(matching)).toEqual(["1张选票两次录入不一致，须由监票人对照原票裁定：第1批第2号", "1张选票只录入了一次：第2批第1号（缺二录）"]);

    const resolved = matchEntries(config, entries.slice(0, 6), [{ batch: 1, seq: 2, line: "1 / 1 3 / 11", choices: parsePaperLine(config, "1 / 1 3 / 11").choices, byId: "s1", byName: "监", at: "" }]);
    expect(resolved.complete).toBe(true);
    expect(resolved.ballots.find((b) => b.seq === 2)).toMatchObject({ resolved: true, choices: { positions: { p2: { marks: { p2c1: "for", p2c3: "for" } } } } });
    expect(resolved.batches).toEqual([{ batch: 1, tellers: { A: "甲", B: "乙" }, entered: { A: 3, B: 3 }, agreed: 2, differing: 0, resolved: 1, single: 0 }]);
  });

  it("收回 ≤ 发出 is valid, 收回 > 发出 is not", () => {
    expect(reconcile({ issued: 10, paperIssued: 4, paperReturned: 4, electronicReturned: 6 })).toMatchObject({ electronicIssued: 6, returned: 10, valid: true });
    expect(reconcile({ issued: 10, paperIssued: 4, paperReturned: 5, electronicReturned: 6 }).valid).toBe(false);
  });
});
