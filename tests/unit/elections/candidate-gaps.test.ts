import { describe, expect, it } from "vitest";
import { candidateGaps, NewElectionSchema, normalizeConfig } from "@tongxin/core/elections/config";
import { withCandidate } from "@tongxin/core/elections/nomination-rules";

const draft = (positions: unknown[]) => normalizeConfig(NewElectionSchema.parse({ title: "第三届理事会换届选举", positions }));

describe("positions awaiting candidates (待提名)", () => {
  it("a draft may start with a position that has no candidates, or a 差额 list not longer than the seats", () => {
    const { config, problems } = draft([
      { title: "会长", seats: 1, kind: "slate", candidates: [{ name: "王建国" }] },
      { title: "副会长", seats: 2, kind: "competitive", candidates: [{ name: "甲" }, { name: "乙" }] },
      { title: "理事", seats: 5, kind: "slate", candidates: [] },
    ]);
    expect(problems).toEqual({});
    expect(candidateGaps(config)).toEqual([
      { positionId: "p2", field: "positions.1.candidates", message: "副会长：差额选举候选人应多于应选名额（现有2人，应选2名）" },
      { positionId: "p3", field: "positions.2.candidates", message: "理事：尚无候选人" },
    ]);
  });

  it("an empty 差额 position says it has no candidates yet, not that it is short", () => {
    const { config } = draft([{ title: "理事", seats: 3, kind: "competitive", candidates: [] }]);
    expect(candidateGaps(config).map((gap) => gap.message)).toEqual(["理事：尚无候选人"]);
  });

  it("nominations fill the gaps: one more 差额 candidate than seats, any 等额 candidate", () => {
    const { config } = draft([
      { title: "副会长", seats: 2, kind: "competitive", candidates: [{ name: "甲" }, { name: "乙" }] },
      { title: "理事", seats: 5, kind: "slate", candidates: [] },
    ]);
    const filled = withCandidate(withCandidate(config, "p1", { id: "p1c3", name: "丙" }), "p2", { id: "p2c1", name: "丁" });
    expect(candidateGaps(filled)).toEqual([]);
    // An 等额 position with fewer candidates than seats is ready: the other seats stay unfilled.
    expect(filled.positions[1]!.candidates).toHaveLength(1);
  });

  it("an 等额 list longer than the seats is still refused when the election is created", () => {
    const { problems } = draft([{ title: "会长", seats: 1, kind: "slate", candidates: [{ name: "甲" }, { name: "乙" }] }]);
    expect(problems).toEqual({ "positions.0.candidates": ["等额选举的候选人数不能多于应选名额"] });
  });

  it("motions alone need no candidates", () => {
    const { config } = normalizeConfig(NewElectionSchema.parse({ title: "会员大会", motions: [{ title: "审议工作报告" }] }));
    expect(candidateGaps(config)).toEqual([]);
  });
});
