import { describe, expect, it } from "vitest";
import { canonicalChoices, ChoicesSchema, type Choices } from "@tongxin/core/elections/choices";
import { candidateGaps, meets, minimumFor, NewElectionSchema, normalizeConfig, type ElectionConfig } from "@tongxin/core/elections/config";
import { runoffConfig } from "@tongxin/core/elections/runoff";
import { compareResults, tally, type TallyCounts } from "@tongxin/core/elections/tally";

function configOf(input: Record<string, unknown>): ElectionConfig {
  const { config, problems } = normalizeConfig(NewElectionSchema.parse({ title: "测试", ...input }));
  expect(problems).toEqual({});
  return config;
}

type Section = { for?: string[]; against?: string[]; writeIns?: string[] };
/** A ballot from marks by candidate id (`p1c1`…); unmarked = 弃权. */
function ballot(positions: Record<string, Section> = {}, motions: Record<string, "for" | "against"> = {}): Choices {
  return {
    positions: Object.fromEntries(
      Object.entries(positions).map(([id, s]) => [
        id,
        { marks: { ...Object.fromEntries((s.for ?? []).map((c) => [c, "for" as const])), ...Object.fromEntries((s.against ?? []).map((c) => [c, "against" as const])) }, writeIns: s.writeIns ?? [] },
      ]),
    ),
    motions,
  };
}
const times = (n: number, b: Choices) => Array.from({ length: n }, () => b);
const counts = (present: number, roll = present, issued = present): TallyCounts => ({ roll, present, issued });

const chair = { title: "会长", seats: 1, kind: "slate", candidates: [{ name: "张三" }] };

describe("thresholds", () => {
  it("more than half is strict; 2/3 以上 includes the exact two-thirds", () => {
    expect(meets(6, 10, { numerator: 1, denominator: 2, rule: "more_than" })).toBe(true);
    expect(meets(5, 10, { numerator: 1, denominator: 2, rule: "more_than" })).toBe(false);
    expect(meets(6, 9, { numerator: 2, denominator: 3, rule: "at_least" })).toBe(true);
    expect(meets(5, 9, { numerator: 2, denominator: 3, rule: "at_least" })).toBe(false);
    expect(minimumFor(10, { numerator: 1, denominator: 2, rule: "more_than" })).toBe(6);
    expect(minimumFor(9, { numerator: 1, denominator: 2, rule: "more_than" })).toBe(5);
    expect(minimumFor(9, { numerator: 2, denominator: 3, rule: "at_least" })).toBe(6);
    expect(minimumFor(10, { numerator: 2, denominator: 3, rule: "at_least" })).toBe(7);
  });
});

describe("等额 (slate)", () => {
  it("6 for, 2 against, 2 blank of 10 present: elected with more than half", () => {
    const config = configOf({ positions: [chair] });
    const ballots = [...times(6, ballot({ p1: { for: ["p1c1"] } })), ...times(2, ballot({ p1: { against: ["p1c1"] } })), ...times(2, ballot())];
    const result = tally(config, ballots, counts(10));
    expect(result.positions[0]).toMatchObject({ valid: 10, void: 0, required: 6, elected: ["张三"], unfilled: 0, tie: false });
    expect(result.positions[0]!.candidates[0]).toMatchObject({ for: 6, against: 2, abstain: 2, elected: true });
    expect(result.figures).toMatchObject({ roll: 10, present: 10, issued: 10, returned: 10, valid: 10, void: 0, base: 10 });
  });

  it("exactly half is not more than half: the seat is unfilled and flagged for a run-off", () => {
    const config = configOf({ positions: [chair] });
    const ballots = [...times(5, ballot({ p1: { for: ["p1c1"] } })), ...times(5, ballot({ p1: { against: ["p1c1"] } }))];
    const result = tally(config, ballots, counts(10));
    expect(result.positions[0]).toMatchObject({ elected: [], unfilled: 1, tie: false, runoff: [{ candidateId: "p1c1", name: "张三", for: 5 }] });
    expect(result.positions[0]!.flags).toEqual(["尚缺1名未选出，须另行选举"]);
  });

  it("the same 6 votes elect on the present (10) and returned (8) bases but not on the roll (12)", () => {
    const ballots = [...times(6, ballot({ p1: { for: ["p1c1"] } })), ...times(2, ballot({ p1: { against: ["p1c1"] } }))];
    const on = (base: string) => tally(configOf({ positions: [chair], base }), ballots, { roll: 12, present: 10, issued: 10 });
    expect(on("present").positions[0]).toMatchObject({ required: 6, elected: ["张三"] });
    expect(on("returned").positions[0]).toMatchObject({ required: 5, elected: ["张三"] });
    expect(on("roll").positions[0]).toMatchObject({ required: 7, elected: [], unfilled: 1 });
    expect(on("returned").figures).toMatchObject({ base: 8, baseKind: "returned", baseLabel: "收回选票数" });
  });

  it("另选他人: write-ins are counted per name and can be elected; a write-in on top of a for vote over-marks", () => {
    const config = configOf({ positions: [{ ...chair, allowWriteIns: true }] });
    const ballots = [
      ...times(3, ballot({ p1: { for: ["p1c1"] } })),
      ...times(6, ballot({ p1: { against: ["p1c1"], writeIns: ["李四"] } })),
      ballot({ p1: { writeIns: ["王五"] } }),
      ballot({ p1: { for: ["p1c1"], writeIns: ["王五"] } }), // 2 in favour for 1 seat: void
    ];
    const result = tally(config, ballots, counts(11));
    const chairResult = result.positions[0]!;
    expect(chairResult).toMatchObject({ valid: 10, void: 1, required: 6, elected: ["李四"], unfilled: 0 });
    expect(chairResult.candidates[0]).toMatchObject({ for: 3, against: 6, abstain: 1, elected: false });
    expect(chairResult.writeIns).toEqual([
      { name: "李四", for: 6, elected: true, tied: false },
      { name: "王五", for: 1, elected: false, tied: false },
    ]);
  });
});

describe("差额 (competitive)", () => {
  const council = { title: "理事", seats: 2, kind: "competitive", candidates: [{ name: "甲" }, { name: "乙" }, { name: "丙" }, { name: "丁" }] };

  it("more qualified than seats: the most votes win", () => {
    const config = configOf({ positions: [council] });
    // 10 present: 甲 7, 乙 7, 丙 6, 丁 0 — 甲 乙 丙 all pass 6, two seats: 甲 and 乙.
    const ballots = [
      ...times(4, ballot({ p1: { for: ["p1c1", "p1c2"] } })),
      ...times(3, ballot({ p1: { for: ["p1c2", "p1c3"] } })),
      ...times(3, ballot({ p1: { for: ["p1c1", "p1c3"] } })),
    ];
    const result = tally(config, ballots, counts(10)).positions[0]!;
    expect(result.candidates.map((c) => [c.name, c.for, c.elected])).toEqual([["甲", 7, true], ["乙", 7, true], ["丙", 6, false], ["丁", 0, false]]);
    expect(result.elected).toEqual(["甲", "乙"]);

    const three = [...times(6, ballot({ p1: { for: ["p1c1", "p1c2"] } })), ...times(2, ballot({ p1: { for: ["p1c1", "p1c3"] } })), ...times(2, ballot({ p1: { for: ["p1c3", "p1c2"] } }))];
    // 甲 8, 乙 8, 丙 4 → both 甲 and 乙 elected (exactly two at the top, no tie across the last seat)
    expect(tally(config, three, counts(10)).positions[0]).toMatchObject({ elected: ["甲", "乙"], tie: false, unfilled: 0 });
  });

  it("a tie for the last seat is flagged, never broken: the tied seat stays unfilled and both go to the run-off", () => {
    const config = configOf({ positions: [council] });
    // 10 present: 甲 9, 乙 7, 丙 7 — all qualified; 乙 and 丙 tie for the second seat.
    const ballots = [
      ...times(7, ballot({ p1: { for: ["p1c1", "p1c2"] } })),
      ...times(2, ballot({ p1: { for: ["p1c1", "p1c3"] } })),
      ...times(5, ballot({ p1: { for: ["p1c3"] } })),
    ].slice(0, 14);
    const result = tally(config, ballots, { roll: 14, present: 14, issued: 14 });
    const position = result.positions[0]!;
    expect(position.candidates.map((c) => [c.name, c.for])).toEqual([["甲", 9], ["乙", 7], ["丙", 7], ["丁", 0]]);
    // base 14: more than 7 needed → only 甲 (9) qualifies; no tie. Use base 12 instead:
    const tied = tally(config, ballots, { roll: 12, present: 12, issued: 14 }).positions[0]!;
    expect(tied.required).toBe(7);
    expect(tied).toMatchObject({ elected: ["甲"], tie: true, unfilled: 1 });
    expect(tied.candidates.filter((c) => c.tied).map((c) => c.name)).toEqual(["乙", "丙"]);
    expect(tied.runoff).toEqual([
      { candidateId: "p1c2", name: "乙", for: 7 },
      { candidateId: "p1c3", name: "丙", for: 7 },
    ]);
    expect(tied.flags[0]).toContain("得票相同");
    expect(position).toMatchObject({ elected: ["甲"], tie: false, unfilled: 1 });
  });

  it("over-marking voids that position on that ballot only: its motion still counts", () => {
    const config = configOf({ positions: [council, chair], motions: [{ title: "审议工作报告" }] });
    const ballots = [
      ...times(6, ballot({ p1: { for: ["p1c1", "p1c2"] }, p2: { for: ["p2c1"] } }, { m1: "for" })),
      ballot({ p1: { for: ["p1c1", "p1c2", "p1c3"] }, p2: { for: ["p2c1"] } }, { m1: "for" }),
    ];
    const result = tally(config, ballots, counts(7));
    expect(result.positions[0]).toMatchObject({ valid: 6, void: 1 });
    expect(result.positions[0]!.candidates[0]).toMatchObject({ for: 6, against: 0, abstain: 0 });
    expect(result.positions[1]).toMatchObject({ valid: 7, void: 0, elected: ["张三"] });
    expect(result.positions[1]!.candidates[0]!.for).toBe(7);
    expect(result.motions[0]).toMatchObject({ for: 7, passed: true });
    expect(result.figures).toMatchObject({ returned: 7, valid: 7, void: 0 });
  });

  it("a ballot on which every item is void is a void ballot", () => {
    const config = configOf({ positions: [council] });
    const result = tally(config, [ballot({ p1: { for: ["p1c1", "p1c2", "p1c3"] } }), ballot({ p1: { for: ["p1c1"] } })], counts(2));
    expect(result.figures).toMatchObject({ returned: 2, valid: 1, void: 1 });
  });
});

describe("motions", () => {
  it("a 2/3 motion (章程修改) passes at exactly two-thirds of those present, a majority motion at more than half", () => {
    const config = configOf({
      motions: [{ title: "审议工作报告" }, { title: "章程修改", threshold: { numerator: 2, denominator: 3, rule: "at_least" } }],
    });
    const six = [...times(6, ballot({}, { m1: "for", m2: "for" })), ...times(2, ballot({}, { m1: "against", m2: "against" })), ballot()];
    const result = tally(config, six, counts(9));
    expect(result.motions).toEqual([
      { motionId: "m1", title: "审议工作报告", for: 6, against: 2, abstain: 1, required: 5, passed: true },
      { motionId: "m2", title: "章程修改", for: 6, against: 2, abstain: 1, required: 6, passed: true },
    ]);
    const five = [...times(5, ballot({}, { m1: "for", m2: "for" })), ...times(4, ballot({}, { m1: "against", m2: "against" }))];
    expect(tally(config, five, counts(9)).motions.map((m) => m.passed)).toEqual([true, false]);
  });
});

describe("integrity", () => {
  it("more ballots returned than issued, or receipts that do not match the box, block publication", () => {
    const config = configOf({ positions: [chair] });
    const ballots = times(4, ballot({ p1: { for: ["p1c1"] } }));
    expect(tally(config, ballots, { roll: 5, present: 3, issued: 3 }).integrity).toEqual({ ok: false, problems: ["收回选票4张，多于发出选票3张，选举无效，不得公布"] });
    expect(tally(config, ballots, { roll: 5, present: 4, issued: 4, receipts: 3 }).integrity.ok).toBe(false);
    expect(tally(config, ballots, { roll: 5, present: 4, issued: 4, receipts: 4 }).integrity).toEqual({ ok: true, problems: [] });
  });

  it("the count does not depend on the order of the ballots, and a recount finds a changed ballot", () => {
    const config = configOf({ positions: [{ title: "理事", seats: 2, kind: "competitive", candidates: [{ name: "甲" }, { name: "乙" }, { name: "丙" }] }], motions: [{ title: "报告" }] });
    const ballots = Array.from({ length: 50 }, (_, i) => ballot({ p1: { for: [`p1c${(i % 3) + 1}`, ...(i % 4 === 0 ? ["p1c1"] : [])] } }, { m1: i % 5 === 0 ? "against" : "for" }));
    const first = tally(config, ballots, counts(50));
    const reversed = tally(config, [...ballots].reverse(), counts(50));
    expect(reversed).toEqual(first);
    expect(compareResults(reversed, first)).toEqual([]);
    const tampered = [...ballots];
    tampered[1] = ballot({ p1: { for: ["p1c3"] } }, { m1: "for" });
    const differences = compareResults(tally(config, tampered, counts(50)), first);
    expect(differences.length).toBeGreaterThan(0);
    expect(differences.some((d) => d.startsWith("positions[0].candidates[1].for"))).toBe(true);
  });
});

describe("run-off (另行选举)", () => {
  const council = { title: "理事", seats: 3, kind: "competitive", candidates: [{ name: "甲" }, { name: "乙" }, { name: "丙" }, { name: "丁" }, { name: "戊" }] };

  it("a tie makes a 差额 round of the tied candidates for the tied seats; a shortfall a round of the remaining candidates", () => {
    const config = configOf({ positions: [council, chair], motions: [{ title: "报告" }] });
    // 10 present: 甲 9, 乙 8, 丙 7, 丁 7 (tie for the third seat), 戊 1; 张三 elected.
    const ballots = [
      ...times(7, ballot({ p1: { for: ["p1c1", "p1c2", "p1c3"] }, p2: { for: ["p2c1"] } })),
      ballot({ p1: { for: ["p1c1", "p1c2", "p1c4"] }, p2: { for: ["p2c1"] } }),
      ballot({ p1: { for: ["p1c1", "p1c4", "p1c5"] }, p2: { for: ["p2c1"] } }),
      ...times(5, ballot({ p1: { for: ["p1c4"] } })),
    ];
    const results = tally(config, ballots, counts(14, 14, 14));
    expect(results.positions[0]!.candidates.map((c) => c.for)).toEqual([9, 8, 7, 7, 1]);
    expect(results.positions[0]).toMatchObject({ required: 8, elected: ["甲", "乙"], unfilled: 1, tie: false });
    // Base 14 needs 8: only 甲 and 乙; the third seat goes to a round of 丙, 丁, 戊 (most votes first).
    const shortfall = runoffConfig(config, results)!;
    expect(shortfall.motions).toEqual([]);
    expect(shortfall.positions).toEqual([
      { id: "p1", title: "理事", seats: 1, kind: "competitive", allowWriteIns: false, candidates: [{ id: "p1c3", name: "丙" }, { id: "p1c4", name: "丁" }, { id: "p1c5", name: "戊" }] },
    ]);

    const tiedResults = tally(config, ballots, { roll: 12, present: 12, issued: 14 });
    expect(tiedResults.positions[0]).toMatchObject({ required: 7, elected: ["甲", "乙"], unfilled: 1, tie: true });
    const tieRound = runoffConfig(config, tiedResults, { numerator: 1, denominator: 3, rule: "at_least" })!;
    expect(tieRound.positions).toEqual([
      { id: "p1", title: "理事", seats: 1, kind: "competitive", allowWriteIns: false, candidates: [{ id: "p1c3", name: "丙" }, { id: "p1c4", name: "丁" }] },
    ]);
    expect(tieRound.threshold).toEqual({ numerator: 1, denominator: 3, rule: "at_least" });
  });

  it("a single remaining candidate makes a 等额 round; nothing unfilled makes no round", () => {
    const config = configOf({ positions: [chair] });
    const failed = tally(config, times(4, ballot({ p1: { against: ["p1c1"] } })), counts(4));
    expect(runoffConfig(config, failed)!.positions[0]).toMatchObject({ seats: 1, kind: "slate", candidates: [{ id: "p1c1", name: "张三" }] });
    const elected = tally(config, times(4, ballot({ p1: { for: ["p1c1"] } })), counts(4));
    expect(runoffConfig(config, elected)).toBeUndefined();
  });
});

describe("ballot checks", () => {
  const config = configOf({ positions: [{ title: "理事", seats: 2, kind: "competitive", candidates: [{ name: "甲" }, { name: "乙" }, { name: "丙" }] }, chair], motions: [{ title: "报告" }] });

  it("unknown candidates, positions and motions, and write-ins where none are allowed, are refused by field", () => {
    const parsed = ChoicesSchema.parse({ positions: { p1: { marks: { nobody: "for" } }, p9: {}, p2: { writeIns: ["李四"] } }, motions: { m7: "for" } });
    const { problems } = canonicalChoices(config, parsed);
    expect(Object.keys(problems).sort()).toEqual(["choices.motions.m7", "choices.positions.p1.marks.nobody", "choices.positions.p2.writeIns", "choices.positions.p9"]);
  });

  it("over-marking is accepted with a warning; abstentions are implicit in the stored form", () => {
    const parsed = ChoicesSchema.parse({ positions: { p1: { marks: { p1c1: "for", p1c2: "for", p1c3: "for" } }, p2: { marks: { p2c1: "abstain" } } }, motions: { m1: "abstain" } });
    const { choices, problems, warnings } = canonicalChoices(config, parsed);
    expect(problems).toEqual({});
    expect(warnings).toEqual(["理事：赞成和另选的人数超过应选名额2名，此项作废"]);
    expect(choices).toEqual({ positions: { p1: { marks: { p1c1: "for", p1c2: "for", p1c3: "for" }, writeIns: [] } }, motions: {} });
  });

  it("a config with a 等额 list longer than its seats is refused; a 差额 list no longer than its seats awaits nominations", () => {
    const { config, problems } = normalizeConfig(
      NewElectionSchema.parse({
        title: "x",
        positions: [
          { title: "会长", seats: 1, kind: "slate", candidates: [{ name: "甲" }, { name: "乙" }] },
          { title: "理事", seats: 2, kind: "competitive", candidates: [{ name: "甲" }, { name: "乙" }] },
        ],
      }),
    );
    expect(Object.keys(problems)).toEqual(["positions.0.candidates"]);
    expect(candidateGaps(config).map((gap) => gap.field)).toEqual(["positions.1.candidates"]);
  });
});
