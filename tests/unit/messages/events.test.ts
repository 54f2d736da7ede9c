import { marshall } from "@aws-sdk/util-dynamodb";
import { describe, expect, it } from "vitest";
import { toChangeRecord } from "@tongxin/core/messages/consumer";
import { beijingTime, eventsOf, type ChangeRecord } from "@tongxin/core/messages/events";
import { deliveryIdOf } from "@tongxin/core/messages/keys";
import { maskAddress } from "@tongxin/core/messages/mask";
import { render, smsParams, TEMPLATES } from "@tongxin/core/messages/templates";

const task = { type: "task", instanceId: "i1", accountId: "a1", title: "读书会", stepName: "街镇审核", submitterName: "张晓雯", dueAt: "2026-05-01T02:00:00.000Z", assignedAt: "2026-04-28T00:00:00.000Z" };
const insert = (newImage: Record<string, unknown>): ChangeRecord => ({ eventName: "INSERT", sequence: "1", newImage });
const modify = (oldImage: Record<string, unknown>, newImage: Record<string, unknown>): ChangeRecord => ({ eventName: "MODIFY", sequence: "2", oldImage, newImage });

describe("which stream records become which messages", () => {
  it("a new task tells its assignee, with the step, submitter and due time in Beijing time", () => {
    const [event, ...more] = eventsOf(insert({ ...task, origin: "start" }));
    expect(more).toEqual([]);
    expect(event).toMatchObject({ template: "approval.task", recipients: ["a1"], link: "/instances/i1", params: { step: "街镇审核", submitter: "张晓雯", due: "2026-05-01 10:00" } });
  });

  it("a task given by 转交 or 加签 says so, in one message", () => {
    expect(eventsOf(insert({ ...task, origin: "transfer" })).map((e) => e.template)).toEqual(["approval.transferred"]);
    expect(eventsOf(insert({ ...task, origin: "add_signer" })).map((e) => e.template)).toEqual(["approval.signer_added"]);
  });

  it("a task removed (approved, moved on) tells nobody", () => {
    expect(eventsOf({ eventName: "REMOVE", sequence: "3", oldImage: task })).toEqual([]);
  });

  it("an instance tells its submitter when it is returned, approved or rejected, and not on other changes", () => {
    const instance = (status: string, version: number) => ({ type: "instance", instanceId: "i1", submitterId: "s1", subject: { title: "读书会" }, state: { status, version } });
    expect(eventsOf(modify(instance("in_review", 1), instance("returned", 2)))).toMatchObject([{ template: "approval.returned", recipients: ["s1"], eventId: "instance#i1#2" }]);
    expect(eventsOf(modify(instance("in_review", 3), instance("approved", 4)))).toMatchObject([{ template: "approval.approved" }]);
    expect(eventsOf(modify(instance("in_review", 3), instance("rejected", 4)))).toMatchObject([{ template: "approval.rejected" }]);
    expect(eventsOf(modify(instance("in_review", 3), instance("in_review", 4)))).toEqual([]);
    expect(eventsOf(modify(instance("in_review", 3), instance("withdrawn", 4)))).toEqual([]);
  });

  it("a sign-up tells the member when confirmed, and says 'promoted' when it came from the waitlist", () => {
    const signup = { type: "signup", activityId: "x1", accountId: "m1", title: "读书会", startsAt: "2026-05-01T06:00:00.000Z", venue: "活动室", confirmedAt: "t" };
    expect(eventsOf(insert({ ...signup, status: "confirmed" })).map((e) => e.template)).toEqual(["signup.confirmed"]);
    expect(eventsOf(insert({ ...signup, status: "waitlisted" }))).toEqual([]);
    expect(eventsOf(modify({ ...signup, status: "waitlisted" }, { ...signup, status: "confirmed" })).map((e) => e.template)).toEqual(["signup.promoted"]);
    expect(eventsOf(modify({ ...signup, status: "confirmed" }, { ...signup, status: "confirmed", checkedInAt: "t" }))).toEqual([]);
  });

  it("an election that opens or publishes reaches the org's members, never through its roll", () => {
    const election = (status: string) => ({ type: "election", electionId: "e1", orgId: "o1", title: "换届选举", status });
    expect(eventsOf(modify(election("roll_frozen"), election("open")))).toMatchObject([{ template: "election.opened", audience: { orgMembers: "o1" }, link: "/elections/e1/vote" }]);
    expect(eventsOf(modify(election("certified"), election("published")))).toMatchObject([{ template: "election.published" }]);
    expect(eventsOf(modify(election("open"), election("closed")))).toEqual([]);
  });

  it("an online election's opening gives each member the way to their own ballot: sign in, then vote — no token, nothing about any ballot", () => {
    const online = (status: string) => ({ type: "election", electionId: "e1", orgId: "o1", title: "换届选举", status, config: { mode: "online" } });
    const [event, ...more] = eventsOf(modify(online("roll_frozen"), online("open")));
    expect(more).toEqual([]);
    expect(event).toMatchObject({ template: "election.vote_online", audience: { orgMembers: "o1" }, recipients: [], link: "/elections/e1/vote", params: { title: "换届选举", link: "/login?by=sms&next=%2Felections%2Fe1%2Fvote" } });
    expect(Object.keys(event!.params).sort()).toEqual(["link", "title"]);
    expect(render("election.vote_online", { title: "换届选举", link: "https://tongxin.example/login?by=sms&next=%2Felections%2Fe1%2Fvote" }).body).toBe(
      "「换届选举」已开始网上投票，请打开 https://tongxin.example/login?by=sms&next=%2Felections%2Fe1%2Fvote 登录后投出您的选票。",
    );
  });

  it("a judge is told once per campaign however many entries they get", () => {
    const score = (entryId: string) => eventsOf(insert({ type: "campaign_score", campaignId: "c1", entryId, judgeId: "j1" }))[0]!.eventId;
    expect(score("e1")).toBe(score("e2"));
  });

  it("a judge's score before any mark (an empty map, which the Streams client hands over as `{}`) is read, not a failure that holds up the stream", () => {
    const raw = { eventName: "INSERT", dynamodb: { SequenceNumber: "7", NewImage: { ...marshall({ type: "campaign_score", campaignId: "c1", entryId: "e1", judgeId: "j1" }), scores: {}, marks: { L: [{}] } } } };
    const change = toChangeRecord(raw as never);
    expect(change?.newImage).toMatchObject({ type: "campaign_score", scores: {}, marks: [{}] });
    expect(eventsOf(change!)).toHaveLength(1);
  });

  it("ballots, voter marks, voting codes and anything else off the allow-list produce nothing and are never read", () => {
    for (const type of ["ballot", "voter", "voting_code", "election_cast_key", "session", "throttle", "message", undefined]) {
      expect(eventsOf(insert({ type, accountId: "a1", trackingCode: "x" }))).toEqual([]);
      const raw = { eventName: "INSERT", dynamodb: { SequenceNumber: "1", NewImage: marshall({ ...(type ? { type } : {}), accountId: "a1" }) } };
      expect(toChangeRecord(raw as never)).toBeUndefined();
    }
  });
});

describe("templates, ids and masks", () => {
  it("every template renders Chinese text from exactly the parameters its SMS registration names", () => {
    for (const [code, template] of Object.entries(TEMPLATES)) {
      const params = Object.fromEntries(template.params.map((name) => [name, `«${name}»`]));
      const { title, body } = render(code as keyof typeof TEMPLATES, params);
      expect(title + body, code).not.toContain("undefined");
      for (const name of template.params) expect(title + body, `${code} uses ${name}`).toContain(`«${name}»`);
      expect(Object.keys(smsParams(code as keyof typeof TEMPLATES, { ...params, extra: "x" }))).toEqual([...template.params]);
    }
  });

  it("the same event, person and channel always give the same id; any difference gives another", () => {
    expect(deliveryIdOf("e", "a", "inapp")).toBe(deliveryIdOf("e", "a", "inapp"));
    expect(new Set([deliveryIdOf("e", "a", "inapp"), deliveryIdOf("e", "a", "sms"), deliveryIdOf("e", "b", "inapp"), deliveryIdOf("f", "a", "inapp")]).size).toBe(4);
  });

  it("records keep phone numbers and addresses masked", () => {
    expect(maskAddress("13800000001")).toBe("138****0001");
    expect(maskAddress("zhang@example.com")).toBe("z***@example.com");
    expect(beijingTime("2026-12-31T16:30:00.000Z")).toBe("2027-01-01 00:30");
  });
});
