import { describe, expect, it } from "vitest";
import { judgeContent, maskNames, neutralName } from "@tongxin/core/campaigns/blind";
import { DEFAULT_RUBRIC } from "@tongxin/core/campaigns/inputs";
import { validateScores } from "@tongxin/core/campaigns/scoring";
import { AppError } from "@tongxin/core/errors";

const data = {
  title: "浦锦街道“起航2020锦创营”",
  summary: "浦锦街道新联会联合浦锦社区共建",
  fullText: "由浦锦街道牵头，浦锦街道新的社会阶层人士联谊会承办。联系人张三。",
  photos: [{ uploadId: "u1", name: "浦锦街道-合影.JPG", size: 1000, type: "image/jpeg" }],
  attachments: [{ uploadId: "u2", name: "浦锦街道新联会方案.pdf", size: 2000, type: "application/pdf" }, { uploadId: "u3", name: "说明", size: 10, type: "text/plain" }],
  contactName: "张三",
  contactPhone: "13800000000",
};

describe("the judge view of an entry", () => {
  const unit = (name: string) => ({ name, kind: "unit" as const });
  const person = (name: string) => ({ name, kind: "person" as const });

  it("masks every name, longest first, so no fragment is left: units as 【申报单位】, people as 【申报人】", () => {
    expect(maskNames("浦锦街道新联会与浦锦社区", [unit("浦锦"), unit("浦锦街道新联会")])).toBe("【申报单位】与【申报单位】社区");
    expect(maskNames("联系人张三，张三丰协助", [person("张三"), person("张三丰"), unit("申报")])).toBe("联系人【申报人】，【申报人】协助");
    // A name inside a mask's own words is not masked again; a name both a unit's and a person's reads as the unit.
    expect(maskNames("单位申报", [unit("单位"), person("单位")])).toBe("【申报单位】申报");
  });

  it("in blind mode shows no unit name, contact or original file name", () => {
    const view = judgeContent(data, { blind: true, names: [unit("浦锦街道"), unit("浦锦街道新的社会阶层人士联谊会"), person("张三")] });
    const text = JSON.stringify(view);
    for (const leak of ["浦锦街道", "张三", "13800000000", "合影", "方案"]) expect(text).not.toContain(leak);
    expect(view.title).toBe("【申报单位】“起航2020锦创营”");
    expect(view.fullText).toBe("由【申报单位】牵头，【申报单位】承办。联系人【申报人】。");
    expect(view.photos.map((f) => f.name)).toEqual(["照片1.jpg"]);
    expect(view.attachments.map((f) => f.name)).toEqual(["附件1.pdf", "附件2"]);
  });

  it("in open mode keeps names and file names but still drops contacts", () => {
    const view = judgeContent(data, { blind: false, names: [unit("浦锦街道")] });
    expect(view.title).toContain("浦锦街道");
    expect(view.attachments[0]!.name).toBe("浦锦街道新联会方案.pdf");
    expect(JSON.stringify(view)).not.toContain("13800000000");
  });

  it("names neutral files by field and position, keeping a plain extension", () => {
    expect(neutralName("附件", 1, "x.tar.GZ")).toBe("附件2.gz");
    expect(neutralName("附件", 0, "报告.<script>")).toBe("附件1");
  });
});

describe("scores against the rubric", () => {
  const fieldsOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      if (error instanceof AppError) return error.fields;
      throw error;
    }
    throw new Error("expected a refusal");
  };

  it("names the criterion out of range, off the half-point step, or unknown", () => {
    expect(fieldsOf(() => validateScores(DEFAULT_RUBRIC, { innovation: 31, effect: 12.3, bogus: 1 }, false))).toEqual({
      "scores.innovation": ["创新性须在0–30分之间"],
      "scores.effect": ["实效性的分数以0.5分为单位"],
      "scores.bogus": ["没有这个评分指标"],
    });
    expect(fieldsOf(() => validateScores(DEFAULT_RUBRIC, { exemplary: -1 }, false))).toEqual({ "scores.exemplary": ["示范性须在0–20分之间"] });
  });

  it("accepts a partial draft but requires every criterion to submit", () => {
    expect(validateScores(DEFAULT_RUBRIC, { innovation: 25.5 }, false)).toEqual({ innovation: 25.5 });
    expect(fieldsOf(() => validateScores(DEFAULT_RUBRIC, { innovation: 25.5, effect: 20 }, true))).toEqual({
      "scores.exemplary": ["请为示范性打分"],
      "scores.transferable": ["请为可推广性打分"],
    });
  });
});
