import { describe, expect, it } from "vitest";
import { draftTotal, fromScores, scoreProblem, scoreProblems, toScores } from "../../../web/src/campaigns/scoring";

/** The judge's score sheet (ScorePage): what a judge is told while typing points per criterion. */
const RUBRIC = [
  { key: "innovation", label: "创新性", max: 30 },
  { key: "effect", label: "实效性", max: 30 },
  { key: "exemplary", label: "示范性", max: 20 },
  { key: "transferable", label: "可推广性", max: 20 },
];
const innovation = RUBRIC[0]!;

describe("a judge typing one criterion's points", () => {
  it("accepts whole and half points up to the full marks, and a blank box", () => {
    for (const text of ["0", "18", "30", "12.5", "0.5", " 25 ", "", "   "]) expect(scoreProblem(text, innovation), text).toBeUndefined();
  });

  it("is told to type a number for letters, signs or a comma", () => {
    for (const text of ["十八", "abc", "-5", "+5", "1,5", "1e1", "12."]) expect(scoreProblem(text, innovation), text).toBe("请填写数字");
  });

  it("is told the full marks when going over them", () => {
    expect(scoreProblem("30.5", innovation)).toBe("不能超过满分30分");
    expect(scoreProblem("31", innovation)).toBe("不能超过满分30分");
    expect(scoreProblem("21", RUBRIC[2]!)).toBe("不能超过满分20分");
  });

  it("is told points go in steps of 0.5", () => {
    expect(scoreProblem("12.3", innovation)).toBe("分数以0.5分为单位");
    expect(scoreProblem("12.25", innovation)).toBe("分数以0.5分为单位");
    expect(scoreProblem("12.50", innovation)).toBeUndefined();
  });
});

describe("the judge's whole sheet", () => {
  const half = { innovation: "25", effect: "", exemplary: "18.5", transferable: "" };

  it("saves a half-filled draft without complaint", () => {
    expect(scoreProblems(half, RUBRIC, false)).toEqual({});
  });

  it("on 提交 asks for every criterion left blank, by its name", () => {
    expect(scoreProblems(half, RUBRIC, true)).toEqual({ effect: "请为“实效性”打分", transferable: "请为“可推广性”打分" });
  });

  it("shows a wrong value's own problem rather than asking to fill it in", () => {
    expect(scoreProblems({ innovation: "40", effect: "x", exemplary: "10", transferable: "10" }, RUBRIC, true)).toEqual({ innovation: "不能超过满分30分", effect: "请填写数字" });
  });

  it("counts a criterion missing from the draft as blank", () => {
    expect(scoreProblems({}, RUBRIC, true)).toEqual({
      innovation: "请为“创新性”打分",
      effect: "请为“实效性”打分",
      exemplary: "请为“示范性”打分",
      transferable: "请为“可推广性”打分",
    });
  });

  it("sends only the filled, valid criteria as numbers, and shows their sum as the running total", () => {
    const draft = { innovation: "25", effect: "31", exemplary: " 18.5 ", transferable: "", stray: "9" };
    expect(toScores(draft, RUBRIC)).toEqual({ innovation: 25, exemplary: 18.5 });
    expect(draftTotal(draft, RUBRIC)).toBe(43.5);
    expect(draftTotal({}, RUBRIC)).toBe(0);
  });

  it("reopens a saved draft with the points as typed text, and sends them back unchanged", () => {
    const saved = { innovation: 25, effect: 27.5, exemplary: 0 };
    const draft = fromScores(saved);
    expect(draft).toEqual({ innovation: "25", effect: "27.5", exemplary: "0" });
    expect(toScores(draft, RUBRIC)).toEqual(saved);
  });
});
