import { describe, expect, it } from "vitest";
import type { ChangeRecord } from "@tongxin/core/messages/events";
import { shownTime } from "@tongxin/core/messages/events";
import { beijingDay, overdueMessages } from "@tongxin/core/messages/reminders";
import { dayBeforeAt, schedulesOf } from "@tongxin/core/messages/schedule";
import { smsCodeOf } from "@tongxin/core/messages/templates";

const activity = { type: "activity", activityId: "x1", title: "读书会", startsAt: "2026-12-20T14:00", endsAt: "2026-12-20T16:00", venue: "活动室", status: "open", organizerId: "o1", confirmed: 0 };
const insert = (newImage: Record<string, unknown>): ChangeRecord => ({ eventName: "INSERT", sequence: "1", newImage });
const modify = (oldImage: Record<string, unknown>, newImage: Record<string, unknown>): ChangeRecord => ({ eventName: "MODIFY", sequence: "2", oldImage, newImage });

describe("what the stream schedules", () => {
  it("a new activity: the reminder at 09:00 Beijing the day before, the summary a week after it ends", () => {
    expect(schedulesOf(insert(activity))).toEqual([
      { set: { kind: "activity.tomorrow", subjectId: "x1", dueAt: "2026-12-19T01:00:00.000Z", basis: "2026-12-20T14:00" } },
      { set: { kind: "activity.summary_overdue", subjectId: "x1", dueAt: "2026-12-27T08:00:00.000Z", basis: "2026-12-20T16:00" } },
    ]);
  });

  it("a sign-up changing the counters schedules nothing; a new start time moves the reminder only", () => {
    expect(schedulesOf(modify(activity, { ...activity, confirmed: 1 }))).toEqual([]);
    expect(schedulesOf(modify(activity, { ...activity, startsAt: "2026-12-21T09:30" }))).toEqual([{ set: { kind: "activity.tomorrow", subjectId: "x1", dueAt: "2026-12-20T01:00:00.000Z", basis: "2026-12-21T09:30" } }]);
  });

  it("a filed summary cancels its reminder; a cancelled activity cancels both", () => {
    expect(schedulesOf(modify(activity, { ...activity, summary: { attendance: 3 } }))).toEqual([{ cancel: { kind: "activity.summary_overdue", subjectId: "x1" } }]);
    expect(schedulesOf(modify(activity, { ...activity, status: "cancelled" }))).toEqual([
      { cancel: { kind: "activity.tomorrow", subjectId: "x1" } },
      { cancel: { kind: "activity.summary_overdue", subjectId: "x1" } },
    ]);
  });

  it("a campaign entering its 公示 schedules the end notice; publishing cancels it; other items schedule nothing", () => {
    const campaign = { type: "campaign", campaignId: "c1", status: "judging" };
    const notice = { ...campaign, status: "notice", noticeEndsAt: "2026-12-10T02:00:00.000Z" };
    expect(schedulesOf(modify(campaign, notice))).toEqual([{ set: { kind: "campaign.notice_ended", subjectId: "c1", dueAt: "2026-12-10T02:00:00.000Z", basis: "2026-12-10T02:00:00.000Z" } }]);
    expect(schedulesOf(modify(notice, { ...notice, status: "published" }))).toEqual([{ cancel: { kind: "campaign.notice_ended", subjectId: "c1" } }]);
    expect(schedulesOf(insert({ type: "ballot", activityId: "x1" }))).toEqual([]);
  });

  it("the day before crosses month and year ends", () => {
    expect(dayBeforeAt("2027-01-01T08:00")).toBe("2026-12-31T01:00:00.000Z");
    expect(dayBeforeAt("2026-03-01T08:00")).toBe("2026-02-28T01:00:00.000Z");
  });

  it("activity times are shown as written (Beijing), instants converted to Beijing", () => {
    expect(shownTime("2026-12-20T14:00")).toBe("2026-12-20 14:00");
    expect(shownTime("2026-12-20T06:00:00.000Z")).toBe("2026-12-20 14:00");
  });
});

describe("overdue reminders and the digest (pure)", () => {
  const task = (instanceId: string, accountId: string, dueAt: string) => ({ type: "task", instanceId, accountId, title: `事项${instanceId}`, stepName: "审核", dueAt });
  const now = new Date("2026-12-10T02:30:00.000Z"); // 10:30 Beijing, 2026-12-10
  const tasks = [
    task("i1", "a", "2026-12-10T01:00:00.000Z"), // due 09:00 today
    task("i2", "a", "2026-12-08T01:00:00.000Z"),
    task("i3", "a", "2026-12-09T01:00:00.000Z"),
    task("i4", "b", "2026-12-01T01:00:00.000Z"),
    task("i5", "a", "2026-12-07T01:00:00.000Z"),
    task("i6", "a", "2026-12-06T01:00:00.000Z"),
  ];

  it("a task due today is reminded on its own; older ones go into one digest per person", () => {
    const events = overdueMessages(tasks, now);
    expect(events.map((e) => [e.template, e.recipients[0]])).toEqual([
      ["approval.overdue", "a"],
      ["approval.digest", "a"],
      ["approval.digest", "b"],
    ]);
    const digest = events.find((e) => e.template === "approval.digest" && e.recipients[0] === "a")!;
    expect(digest.eventId).toBe("digest#a#2026-12-10");
    expect(digest.params).toEqual({ count: "4", titles: "「事项i2」、「事项i3」、「事项i5」等" });
  });

  it("no digest before 09:00 Beijing; the same task keeps one reminder id whenever the job runs", () => {
    const early = new Date("2026-12-10T00:30:00.000Z"); // 08:30 Beijing
    expect(overdueMessages(tasks.slice(1), early).map((e) => e.template)).toEqual([]);
    const [a] = overdueMessages([tasks[0]!], new Date("2026-12-10T05:00:00.000Z"));
    const [b] = overdueMessages([tasks[0]!], new Date("2026-12-10T15:00:00.000Z"));
    expect(a!.eventId).toBe(b!.eventId);
    expect(beijingDay("2026-12-10T16:30:00.000Z")).toBe("2026-12-11");
  });
});

describe("registered template codes per stage", () => {
  it("SMS_TEMPLATES overrides a template's code; anything else keeps the default", () => {
    expect(smsCodeOf("auth.sms_code", JSON.stringify({ "auth.sms_code": "SMS_465000001" }))).toBe("SMS_465000001");
    expect(smsCodeOf("approval.task", JSON.stringify({ "auth.sms_code": "SMS_465000001" }))).toBe("SMS_TX_0001");
    expect(smsCodeOf("approval.task", "not json")).toBe("SMS_TX_0001");
    expect(smsCodeOf("approval.task", "")).toBe("SMS_TX_0001");
  });
});
