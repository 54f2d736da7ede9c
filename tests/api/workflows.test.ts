import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db, tableName } from "@tongxin/core/db/client";
import { Keys } from "@tongxin/core/db/keys";
import { call, demoOrgs, signIn } from "../support/api";

const proposal = {
  title: "学四史·接力播",
  theme: "sishi",
  startsAt: "2026-12-12T14:00",
  endsAt: "2026-12-12T16:00",
  venue: "新意城新空间活动室",
  capacity: 30,
  needsFunds: "yes",
  budget: [{ item: "场地布置", amount: 80000 }],
  description: "讲述、行走、荐书、创意、奋斗",
};

async function propose(token: string, data: Record<string, unknown> = proposal) {
  const response = await call("POST", `/forms/${demoOrgs().activityForm}/submissions`, { token, body: { data } });
  expect(response.status).toBe(201);
  return response.json as { submissionId: string; instanceId: string; status: string; revision: number };
}

async function inboxIds(token: string): Promise<string[]> {
  const response = await call("GET", "/inbox?limit=100", { token });
  return response.json.items.map((task: { instanceId: string }) => task.instanceId);
}

describe("an activity proposal goes up the chain", () => {
  let organizer: string;
  let town: string;
  let district: string;

  beforeAll(async () => {
    organizer = await signIn("13800000003");
    town = await signIn("13800000002");
    district = await signIn("13800000001");
  });

  it("skips the organizer's own step, is returned by the 街镇, resubmitted, and approved by the 街镇 and the 区", async () => {
    const submitted = await propose(organizer);
    expect(submitted.status).toBe("in_review");
    const id = submitted.instanceId;

    const view = await call("GET", `/instances/${id}`, { token: organizer });
    expect(view.json.instance.state.step.name).toBe("街镇统战干部审核");
    expect(view.json.timeline[0].event.events.map((e: { type: string }) => e.type)).toEqual(["started", "step_skipped", "step_started"]);
    expect(view.json.actions).toContain("withdraw");
    expect(await inboxIds(town)).toContain(id);
    expect(await inboxIds(district)).not.toContain(id);

    const returned = await call("POST", `/instances/${id}/actions`, { token: town, body: { type: "return", to: "submitter", comment: "请补充安全预案" } });
    expect(returned.status).toBe(200);
    expect(returned.json.instance.state.status).toBe("returned");
    expect(await inboxIds(town)).not.toContain(id);
    expect((await call("GET", `/submissions/${submitted.submissionId}`, { token: organizer })).json.status).toBe("returned");

    const resubmitted = await call("PUT", `/submissions/${submitted.submissionId}`, {
      token: organizer,
      body: { data: { ...proposal, safetyNotes: "安排两名安全员，准备急救箱" }, draft: false, revision: submitted.revision },
    });
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.json.status).toBe("in_review");
    expect(await inboxIds(town)).toContain(id);

    expect((await call("POST", `/instances/${id}/actions`, { token: town, body: { type: "approve", comment: "同意" } })).status).toBe(200);
    expect(await inboxIds(district)).toContain(id);
    const approved = await call("POST", `/instances/${id}/actions`, { token: district, body: { type: "approve" } });
    expect(approved.json.instance.state.status).toBe("approved");
    expect(approved.json.audit).toEqual({ valid: true, length: 5 });

    const submission = await call("GET", `/submissions/${submitted.submissionId}`, { token: organizer });
    expect(submission.json).toMatchObject({ status: "approved", data: { safetyNotes: "安排两名安全员，准备急救箱" } });
    const mine = await call("GET", "/me/instances", { token: organizer });
    expect(mine.json.items.find((i: { instanceId: string }) => i.instanceId === id).state.status).toBe("approved");
  });

  it("a rejection needs a reason, and ends the proposal", async () => {
    const { instanceId } = await propose(organizer);
    const noReason = await call("POST", `/instances/${instanceId}/actions`, { token: town, body: { type: "reject" } });
    expect(noReason.status).toBe(422);
    expect(noReason.json.errors.comment).toBeDefined();
    const rejected = await call("POST", `/instances/${instanceId}/actions`, { token: town, body: { type: "reject", comment: "与其他活动时间冲突" } });
    expect(rejected.json.instance.state.status).toBe("rejected");
    expect((await call("POST", `/instances/${instanceId}/actions`, { token: town, body: { type: "approve" } })).status).toBe(409);
  });

  it("a reviewer who acts on a page the organizer has since changed (withdrawn) is told 409 workflow.conflict and shown the approval as it now is", async () => {
    const { instanceId } = await propose(organizer);
    const seen = await call("GET", `/instances/${instanceId}`, { token: town });
    const version = seen.json.instance.state.version as number;
    expect((await call("POST", `/instances/${instanceId}/actions`, { token: organizer, body: { type: "withdraw", version } })).status).toBe(200);
    const late = await call("POST", `/instances/${instanceId}/actions`, { token: town, body: { type: "approve", version } });
    expect(late.status).toBe(409);
    expect(late.json.code).toBe("workflow.conflict");
    expect(late.json.current.instance.state.status).toBe("withdrawn");
    expect(late.json.current.actions).toEqual(["comment"]);
    expect((await call("GET", `/instances/${instanceId}`, { token: organizer })).json.instance.state.status).toBe("withdrawn");
  });

  it("the organizer withdraws before anyone acts, but not after", async () => {
    const first = await propose(organizer);
    const withdrawn = await call("POST", `/instances/${first.instanceId}/actions`, { token: organizer, body: { type: "withdraw" } });
    expect(withdrawn.json.instance.state.status).toBe("withdrawn");
    expect(await inboxIds(town)).not.toContain(first.instanceId);

    const second = await propose(organizer);
    await call("POST", `/instances/${second.instanceId}/actions`, { token: town, body: { type: "approve" } });
    const late = await call("POST", `/instances/${second.instanceId}/actions`, { token: organizer, body: { type: "withdraw" } });
    expect(late.status).toBe(409);
  });

  it("a reviewer transfers the task, adds a signer and copies someone in; each sees it where they should", async () => {
    const { instanceId } = await propose(organizer);
    const chen = (await call("GET", "/me", { token: await signIn("13800000004") })).json.account.accountId;
    const wu = (await call("GET", "/me", { token: await signIn("13800000007") })).json.account.accountId;
    const zhao = await signIn("13800000005");
    const zhaoId = (await call("GET", "/me", { token: zhao })).json.account.accountId;

    await call("POST", `/instances/${instanceId}/actions`, { token: town, body: { type: "cc", people: [chen] } });
    const chenToken = await signIn("13800000004");
    expect((await call("GET", `/instances/${instanceId}`, { token: chenToken })).json.actions).toEqual(["comment"]);

    const transferred = await call("POST", `/instances/${instanceId}/actions`, { token: town, body: { type: "transfer", to: zhaoId, comment: "请赵秘书长代为审核" } });
    expect(transferred.status).toBe(200);
    expect(await inboxIds(town)).not.toContain(instanceId);
    expect(await inboxIds(zhao)).toContain(instanceId);

    await call("POST", `/instances/${instanceId}/actions`, { token: zhao, body: { type: "add_signer", signer: wu } });
    await call("POST", `/instances/${instanceId}/actions`, { token: zhao, body: { type: "approve" } });
    const wuToken = await signIn("13800000007");
    const view = await call("GET", `/instances/${instanceId}`, { token: wuToken });
    expect(view.json.instance.state.step.name).toBe("街镇统战干部审核");
    expect(view.json.pending).toEqual([wu]);
    await call("POST", `/instances/${instanceId}/actions`, { token: wuToken, body: { type: "approve" } });
    expect(await inboxIds(district)).toContain(instanceId);
  });

  it("someone outside the chain cannot see the proposal, and someone not assigned cannot approve it", async () => {
    const { instanceId } = await propose(organizer);
    const outsider = await signIn("13800000006");
    expect((await call("GET", `/instances/${instanceId}`, { token: outsider })).status).toBe(404);
    expect((await call("POST", `/instances/${instanceId}/actions`, { token: outsider, body: { type: "approve" } })).status).toBe(404);
    expect((await call("POST", `/instances/${instanceId}/actions`, { token: district, body: { type: "approve" } })).status).toBe(403);
    expect((await call("GET", `/instances/${instanceId}`)).status).toBe(401);
  });

  it("the inbox lists tasks soonest due first, with counts for the badge", async () => {
    await propose(organizer);
    const page = await call("GET", "/inbox?limit=100", { token: town });
    const dues = page.json.items.map((task: { dueAt: string }) => task.dueAt);
    expect(dues).toEqual([...dues].sort());
    const counts = await call("GET", "/inbox/count", { token: town });
    expect(counts.json.open).toBeGreaterThanOrEqual(page.json.items.length > 0 ? 1 : 0);
    expect(counts.json.overdue).toBe(0);
  });
});

describe("races", () => {
  let admin: string;
  let orgId: string;
  let formId: string;
  let people: string[];

  beforeAll(async () => {
    admin = await signIn("13800000001");
    orgId = demoOrgs().district!;
    const tokens = [await signIn("13800000002"), await signIn("13800000007")];
    people = await Promise.all(tokens.map(async (token) => (await call("GET", "/me", { token })).json.account.accountId as string));
    const adminId = (await call("GET", "/me", { token: admin })).json.account.accountId as string;
    const chain = await call("POST", `/orgs/${orgId}/workflows`, {
      token: admin,
      body: { name: "或签测试", steps: [{ name: "双人或签", approvers: { kind: "people", accountIds: people }, mode: "any" }, { name: "区审批", approvers: { kind: "people", accountIds: [adminId] }, mode: "any" }] },
    });
    expect(chain.status).toBe(201);
    formId = (await call("POST", `/orgs/${orgId}/forms`, { token: admin, body: { definition: { title: "或签测试表", fields: [{ key: "title", type: "text", label: "事项", required: true }] }, publish: true } })).json.form.formId;
    expect((await call("PUT", `/orgs/${orgId}/forms/${formId}/workflow`, { token: admin, body: { workflowId: chain.json.workflowId } })).status).toBe(204);
  });

  async function submit(token: string) {
    return (await call("POST", `/forms/${formId}/submissions`, { token, body: { data: { title: "并发审批" } } })).json.instanceId as string;
  }

  it("two reviewers approving a 或签 step at the same instant make exactly one transition; the loser gets 409 with the current state", async () => {
    const organizer = await signIn("13800000003");
    for (let round = 0; round < 5; round += 1) {
      const id = await submit(organizer);
      const [a, b] = await Promise.all([
        call("POST", `/instances/${id}/actions`, { token: await signIn("13800000002"), body: { type: "approve" } }),
        call("POST", `/instances/${id}/actions`, { token: await signIn("13800000007"), body: { type: "approve" } }),
      ]);
      const statuses = [a.status, b.status].sort();
      expect(statuses).toEqual([200, 409]);
      const loser = a.status === 409 ? a : b;
      expect(["workflow.conflict", "workflow.invalid_action", "workflow.not_assignee"]).toContain(loser.json.code);
      const audit = await call("GET", `/instances/${id}/audit`, { token: admin });
      expect(audit.json.verdict.valid).toBe(true);
      expect(audit.json.entries.filter((e: { event: { action: string } }) => e.event.action === "approve")).toHaveLength(1);
      expect(audit.json.entries).toHaveLength(2);
    }
  });

  it("a withdrawal racing an approval: exactly one of them happens", async () => {
    const organizer = await signIn("13800000003");
    for (let round = 0; round < 5; round += 1) {
      const id = await submit(organizer);
      const [withdraw, approve] = await Promise.all([
        call("POST", `/instances/${id}/actions`, { token: organizer, body: { type: "withdraw" } }),
        call("POST", `/instances/${id}/actions`, { token: await signIn("13800000002"), body: { type: "approve" } }),
      ]);
      expect([withdraw.status, approve.status].sort()).toEqual([200, 409]);
      const view = await call("GET", `/instances/${id}`, { token: admin });
      expect(view.json.instance.state.status).toBe(withdraw.status === 200 ? "withdrawn" : "in_review");
      expect(view.json.timeline).toHaveLength(2);
    }
  });
});

describe("the audit log", () => {
  it("detects an entry changed behind the system's back, naming the first broken link", async () => {
    const organizer = await signIn("13800000003");
    const town = await signIn("13800000002");
    const { instanceId } = await propose(organizer);
    await call("POST", `/instances/${instanceId}/actions`, { token: town, body: { type: "comment", comment: "收到" } });
    await call("POST", `/instances/${instanceId}/actions`, { token: town, body: { type: "approve" } });
    expect((await call("GET", `/instances/${instanceId}/audit`, { token: organizer })).json.verdict).toEqual({ valid: true, length: 3 });

    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: Keys.auditEntry(instanceId, 2),
        UpdateExpression: "SET #event.#comment = :forged",
        ExpressionAttributeNames: { "#event": "event", "#comment": "comment" },
        ExpressionAttributeValues: { ":forged": "同意（伪造）" },
      }),
    );
    const verdict = (await call("GET", `/instances/${instanceId}/audit`, { token: organizer })).json.verdict;
    expect(verdict).toMatchObject({ valid: false, brokenAt: 2 });

    const cli = spawnSync("npx", ["tsx", "scripts/verify-audit.ts", instanceId], { cwd: resolve(import.meta.dirname, "../.."), env: process.env, encoding: "utf8" });
    expect(cli.status).toBe(1);
    expect(cli.stdout).toContain(`${instanceId}: 第 2 条起断裂`);
  });
});
