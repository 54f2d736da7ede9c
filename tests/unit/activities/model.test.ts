import { describe, expect, it } from "vitest";
import type { Actor } from "@tongxin/core/access/policy";
import type { Role } from "@tongxin/core/access/roles";
import { activityFromProposal, activityView, mayManage, mayRead, orderSignups, signupView, type Signup } from "@tongxin/core/activities/model";
import { ACTIVITY_PROPOSAL_FORM, isActivityProposal, themeLabel } from "@tongxin/core/activities/proposal-form";
import type { AppError } from "@tongxin/core/errors";
import { activityForm } from "../../support/fixtures";

// 区 → 街镇 → 新空间 (the unit), a sibling 街镇, and a tree of its own elsewhere.
const context = {
  submissionId: "s1",
  formId: "f1",
  instanceId: "i1",
  unitId: "space",
  unitName: "新意城新空间",
  unitPath: ["district", "town"],
  organizerId: "organizer",
  organizerName: "张晓雯",
  themeLabel: "四史学习",
  createdAt: "2026-11-01T00:00:00.000Z",
};
const answers = {
  title: "学四史",
  theme: "sishi",
  startsAt: "2026-12-12T14:00",
  endsAt: "2026-12-12T16:00",
  venue: "活动室",
  capacity: 30,
  needsFunds: "yes",
  budget: [{ item: "场地", amount: 50000 }, { item: "茶歇", amount: 30000 }],
  description: "讲述",
};
const activity = activityFromProposal(answers, context);

const actor = (accountId: string, roles: Record<string, Role[]>, paths: Record<string, string[]> = {}, platformAdmin = false): Actor => ({
  accountId,
  platformAdmin,
  roles: new Map(Object.entries(roles)),
  paths: new Map(Object.entries(paths)),
});

describe("recognising an activity proposal", () => {
  it("knows the seeded 活动申报表 and any form with the activity keys, not other forms", () => {
    expect(isActivityProposal(ACTIVITY_PROPOSAL_FORM)).toBe(true);
    expect(isActivityProposal({ fields: ACTIVITY_PROPOSAL_FORM.fields.filter((field) => field.key !== "poster" && field.key !== "budget") })).toBe(true);
    expect(isActivityProposal(activityForm as never)).toBe(false);
    const wrongType = ACTIVITY_PROPOSAL_FORM.fields.map((field) => (field.key === "capacity" ? { ...field, type: "text" } : field));
    expect(isActivityProposal({ fields: wrongType as never })).toBe(false);
  });

  it("labels themes from the definition, then the default list", () => {
    expect(themeLabel(ACTIVITY_PROPOSAL_FORM, "volunteer")).toBe("公益志愿");
    expect(themeLabel({ fields: [] }, "science")).toBe("科普");
    expect(themeLabel({ fields: [] }, "其他")).toBe("其他");
  });
});

describe("an activity from approved answers", () => {
  it("takes the answers, sums the budget in 分 and starts with empty counters", () => {
    expect(activity).toMatchObject({ activityId: "s1", orgId: "space", unitPath: ["district", "town"], title: "学四史", capacity: 30, budgetFen: 80000, confirmed: 0, waitlisted: 0, waitSeq: 0, checkedIn: 0, status: "open" });
    expect(activityFromProposal({ ...answers, needsFunds: "no" }, context).budgetFen).toBe(0);
  });

  it("refuses an activity that ends before it starts", () => {
    let code: string | undefined;
    try {
      activityFromProposal({ ...answers, endsAt: "2026-12-12T13:00" }, context);
    } catch (error) {
      code = (error as AppError).code;
    }
    expect(code).toBe("validation.failed");
  });

  it("derives places left, the summary's due date and the budget variance", () => {
    const view = activityView({ ...activity, confirmed: 12 }, new Date("2026-12-01T00:00:00Z"));
    expect(view).toMatchObject({ placesLeft: 18, summaryDueAt: "2026-12-19T08:00:00.000Z", summaryOverdue: false, budgetVarianceFen: undefined });
    expect(view).not.toHaveProperty("waitSeq");
    expect(activityView(activity, new Date("2026-12-19T08:00:01Z")).summaryOverdue).toBe(true);
    const summary = { attendance: 20, checkedIn: 18, spentFen: 90000, photos: [], notes: "", filedBy: "o", filedByName: "o", filedAt: "" };
    expect(activityView({ ...activity, summary }, new Date("2027-01-01T00:00:00Z"))).toMatchObject({ summaryOverdue: false, budgetVarianceFen: 10000 });
  });
});

describe("who may see and manage an activity", () => {
  it("everyone who belongs within the tree reads it; an outsider does not", () => {
    expect(mayRead(actor("m", { space: ["member"] }, { space: ["district", "town"] }), activity)).toBe(true);
    expect(mayRead(actor("s", { other: ["member"] }, { other: ["district"] }), activity)).toBe(true);
    expect(mayRead(actor("j", { district: ["judge"] }, { district: [] }), activity)).toBe(true);
    expect(mayRead(actor("x", { elsewhere: ["admin"] }, { elsewhere: [] }), activity)).toBe(false);
    expect(mayRead(actor("p", {}, {}, true), activity)).toBe(true);
  });

  it("the organizer and admins of the unit or above manage it; reviewers and members do not", () => {
    expect(mayManage(actor("organizer", {}, {}), activity)).toBe(true);
    expect(mayManage(actor("a", { space: ["admin"] }), activity)).toBe(true);
    expect(mayManage(actor("a", { district: ["admin"] }), activity)).toBe(true);
    expect(mayManage(actor("r", { town: ["reviewer"] }), activity)).toBe(false);
    expect(mayManage(actor("m", { space: ["member"] }), activity)).toBe(false);
    expect(mayManage(actor("o", { other: ["admin"] }), activity)).toBe(false);
  });
});

describe("the sign-up list", () => {
  const signup = (accountId: string, status: Signup["status"], extra: Partial<Signup> = {}): Signup => ({
    activityId: "s1", accountId, name: accountId, status, signedUpAt: "", title: "", startsAt: "", endsAt: "", venue: "", unitName: "", ...extra,
  });

  it("lists confirmed by confirmation time, then the waitlist by ticket numbered from 1, then cancellations", () => {
    const ordered = orderSignups([
      signup("w9", "waitlisted", { ticket: 9 }),
      signup("c2", "confirmed", { confirmedAt: "2" }),
      signup("x", "cancelled", { cancelledAt: "1" }),
      signup("w4", "waitlisted", { ticket: 4 }),
      signup("c1", "confirmed", { confirmedAt: "1" }),
    ]);
    expect(ordered.map(({ signup: s, position }) => [s.accountId, position])).toEqual([["c1", undefined], ["c2", undefined], ["w4", 1], ["w9", 2], ["x", undefined]]);
  });

  it("shows the check-in token to its owner only, and a position only while waitlisted", () => {
    const confirmed = signup("c", "confirmed", { checkinToken: "t", ticket: 3 });
    expect(signupView(confirmed, undefined, true).checkinToken).toBe("t");
    expect(signupView(confirmed, undefined, false).checkinToken).toBeUndefined();
    expect(signupView(confirmed, 2, true)).toMatchObject({ position: undefined, ticket: undefined });
    expect(signupView(signup("w", "waitlisted", { ticket: 7 }), 2, true)).toMatchObject({ position: 2, ticket: 7 });
  });
});
