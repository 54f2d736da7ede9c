import { describe, expect, it } from "vitest";
import type { AssignmentMatrix } from "@tongxin/core/campaigns/model";
import { judgingProgress } from "../../../web/src/campaigns/judgingProgress";

const entry = (entryId: string, statuses: Array<"draft" | "submitted" | "assigned">, missing = 0) => ({
  entryId,
  title: entryId,
  unitId: "u",
  unitName: "单位",
  assigned: statuses.map((status, i) => ({ judgeId: `j${i + 1}`, status })),
  missing,
  conflicts: {},
});

const matrix = (entries: AssignmentMatrix["entries"], judges: AssignmentMatrix["judges"]): AssignmentMatrix => ({ campaignId: "c", judgesPerEntry: 2, judges, entries });

describe("评分进度 on the campaign's 概况", () => {
  it("counts submitted scores over assigned seats, each judge's own, the furthest behind first", () => {
    const progress = judgingProgress(
      matrix(
        [entry("a", ["submitted", "draft"]), entry("b", ["submitted", "submitted"]), entry("c", ["assigned", "submitted"])],
        [
          { judgeId: "j1", name: "吴一鸣", load: 3, submitted: 2 },
          { judgeId: "j2", name: "孙丽华", load: 3, submitted: 2 },
          { judgeId: "j3", name: "冯建军", load: 2, submitted: 0 },
          { judgeId: "j4", name: "郑雅文", load: 0, submitted: 0 },
        ],
      ),
    );
    expect([progress.scored, progress.seats]).toEqual([4, 6]);
    expect(progress.judges.map((j) => `${j.name} ${j.scored}/${j.assigned}`)).toEqual(["冯建军 0/2", "孙丽华 2/3", "吴一鸣 2/3", "郑雅文 0/0"]);
    expect(progress.next).toBe("等待评委评分：还有2份评分未提交。评分全部提交后，到“排名”确认获奖名单。");
  });

  it("says to fill empty seats first, and to go to 排名 once every score is in", () => {
    expect(judgingProgress(matrix([entry("a", ["submitted"], 1)], [])).next).toContain("还有1个评审席位没有评委");
    expect(judgingProgress(matrix([entry("a", ["submitted", "submitted"])], [])).next).toBe("全部评分已提交，请到“排名”核对并确认获奖名单，进入公示。");
    expect(judgingProgress(matrix([], [])).next).toBe("没有进入评审的案例。");
  });
});
