import { describe, expect, it } from "vitest";
import { positionHint, positionNote, type PositionDraft } from "../../../web/src/elections/editorModel";

const draft = (kind: PositionDraft["kind"], seats: number, candidates: string): PositionDraft => ({ title: "理事", seats, kind, candidates, allowWriteIns: false });

describe("the 新建选举 form on a position's candidates", () => {
  it("a position with no candidates, or a 差额 list not longer than the seats, may be created: it says 待提名", () => {
    expect(positionHint(draft("slate", 1, ""))).toBeUndefined();
    expect(positionNote(draft("slate", 1, ""))).toMatch(/^待提名：/);
    expect(positionHint(draft("competitive", 3, "甲\n乙\n丙"))).toBeUndefined();
    expect(positionNote(draft("competitive", 3, "甲\n乙\n丙"))).toBe("待提名：差额选举候选人应多于应选名额（现有3人，应选3名），冻结名册前须经提名或修改补足");
  });

  it("a full list says nothing; an 等额 list longer than the seats still blocks creation", () => {
    expect(positionNote(draft("competitive", 2, "甲\n乙\n丙"))).toBeUndefined();
    expect(positionNote(draft("slate", 2, "甲"))).toBeUndefined();
    expect(positionHint(draft("slate", 1, "甲\n乙"))).toBe("等额选举的候选人数（2）不能多于应选名额（1）");
  });
});
