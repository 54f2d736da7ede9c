import { beforeAll, describe, expect, it } from "vitest";
import { call, demoOrgs, signIn } from "../support/api";
import { messagesAbout, streamConsumer } from "../support/messages";

/**
 * 活动取消 (#15): the organizer or an admin calls off an approved activity with a reason; sign-ups
 * close; every signed-up member is told once, from the stream; two cancellations at once make one.
 */
const LOGINS = { 张晓雯: "13800000003", 王海峰: "13800000002", 李红: "13800000001", 陈思远: "13800000004", 周敏: "13800000006" };
const tokens: Record<string, string> = {};
let stream: Awaited<ReturnType<typeof streamConsumer>>;

beforeAll(async () => {
  for (const [name, login] of Object.entries(LOGINS)) tokens[name] = await signIn(login);
  stream = await streamConsumer();
});

async function approve(who: string, instanceId: string) {
  const response = await call("POST", `/instances/${instanceId}/actions`, { token: tokens[who], body: { type: "approve" } });
  expect(response.status, response.text).toBe(200);
}

/** An approved proposal of 张晓雯's: its activity is open for sign-up. */
async function openActivity(title: string, capacity = 2): Promise<string> {
  const data = { title, theme: "sishi", startsAt: "2026-12-29T14:00", endsAt: "2026-12-29T16:00", venue: "新意城新空间活动室", capacity, needsFunds: "no", description: "取消测试" };
  const proposed = await call("POST", `/forms/${demoOrgs().activityForm}/submissions`, { token: tokens.张晓雯, body: { data } });
  expect(proposed.status, proposed.text).toBe(201);
  await approve("王海峰", proposed.json.instanceId);
  await approve("李红", proposed.json.instanceId);
  return proposed.json.submissionId as string;
}

async function signUp(who: string, activityId: string) {
  const response = await call("POST", `/activities/${activityId}/signups`, { token: tokens[who] });
  expect(response.status, response.text).toBe(201);
}

const cancel = (who: string, activityId: string, reason: string) => call("POST", `/activities/${activityId}/cancel`, { token: tokens[who], body: { reason } });

describe("cancelling an activity", () => {
  it("two cancellations at once: one lands, the other is told it is cancelled; each signed-up member gets one message, replays or not", async () => {
    const activityId = await openActivity("取消测试·并发");
    await signUp("陈思远", activityId);
    await signUp("周敏", activityId);
    const before = await stream.positions();
    await stream.drain();

    const answers = await Promise.all([cancel("张晓雯", activityId, "场地临时维修"), cancel("李红", activityId, "上级通知暂停"), cancel("张晓雯", activityId, "场地临时维修")]);
    expect(answers.map((answer) => answer.status).sort(), answers.map((a) => a.text).join("\n")).toEqual([200, 409, 409]);
    for (const refused of answers.filter((answer) => answer.status === 409)) expect(refused.json.code).toBe("activity.cancelled");
    const winner = answers.find((answer) => answer.status === 200)!;

    const shown = await call("GET", `/activities/${activityId}`, { token: tokens.陈思远 });
    expect(shown.json.activity).toMatchObject({ status: "cancelled", cancelReason: winner.json.cancelReason, cancelledByName: winner.json.cancelledByName });

    // Replaying the stream from before the cancellation sends nothing twice.
    await stream.drain();
    await stream.rewind(before);
    await stream.drain();
    for (const who of ["陈思远", "周敏"]) {
      const told = (await messagesAbout(tokens[who]!, `/activities/${activityId}`)).filter((m) => m.template === "activity.cancelled");
      expect(told, who).toHaveLength(1);
      expect(told[0]!.body).toContain("取消测试·并发");
    }
    // Nobody who did not sign up is told.
    expect((await messagesAbout(tokens.王海峰!, `/activities/${activityId}`)).filter((m) => m.template === "activity.cancelled")).toEqual([]);

    // Sign-ups are closed.
    const late = await call("POST", `/activities/${activityId}/signups`, { token: tokens.王海峰 });
    expect(late.status).toBe(409);
    expect(late.json.code).toBe("activity.cancelled");
  });

  it("needs a reason (422 naming it) and the right to manage it (403); a refused cancellation changes nothing", async () => {
    const activityId = await openActivity("取消测试·校验");
    const blank = await cancel("张晓雯", activityId, "   ");
    expect(blank.status).toBe(422);
    expect(blank.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(Object.keys(blank.json.errors)).toEqual(["reason"]);
    const member = await cancel("陈思远", activityId, "我不想去了");
    expect(member.status).toBe(403);
    const reviewer = await cancel("王海峰", activityId, "审核人取消");
    expect(reviewer.status).toBe(403);
    const shown = await call("GET", `/activities/${activityId}`, { token: tokens.张晓雯 });
    expect(shown.json.activity.status).toBe("open");
    expect(shown.json.activity.cancelReason).toBeUndefined();
  });
});
