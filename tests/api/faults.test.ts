import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configureDynamoClient } from "@tongxin/core/db/client";
import { queryAll } from "@tongxin/core/db/query";
import { Keys } from "@tongxin/core/db/keys";
import { pendingApprovers } from "@tongxin/core/workflows/machine";
import { getInstance } from "@tongxin/core/workflows/instances";
import { call, demoOrgs, signIn, uniquePhone } from "../support/api";

/**
 * DynamoDB misbehaving under a concurrent workload: throttling and contention before a
 * write lands, timeouts and dropped connections after it has. Every request must end in a
 * success, a 503 with Retry-After or a 409/422 — never a 500 — and after clients retry
 * (with the same Idempotency-Key), every invariant holds.
 */
const WRITES = new Set(["PutItemCommand", "UpdateItemCommand", "DeleteItemCommand", "TransactWriteItemsCommand", "BatchWriteItemCommand"]);
let faultRate = 0;
let injected = 0;

function fault(kind: number): Error {
  const errors = [
    Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException", $retryable: { throttling: true } }),
    Object.assign(new Error("Transaction cancelled"), { name: "TransactionCanceledException", CancellationReasons: [{ Code: "TransactionConflict" }, { Code: "None" }] }),
    Object.assign(new Error("socket hang up"), { name: "Error", code: "ECONNRESET" }),
    Object.assign(new Error("Request timed out"), { name: "TimeoutError" }),
  ];
  return errors[kind % errors.length]!;
}

configureDynamoClient((client) => {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const write = WRITES.has(String(context.commandName));
      if (faultRate > 0 && Math.random() < (write ? faultRate : faultRate / 3)) {
        injected += 1;
        throw fault(Math.floor(Math.random() * 2)); // before: nothing was written
      }
      const result = await next(args);
      if (faultRate > 0 && write && Math.random() < faultRate) {
        injected += 1;
        throw fault(2 + Math.floor(Math.random() * 2)); // after: the write landed, the reply was lost
      }
      return result;
    },
    { step: "initialize", name: "injectFaults" },
  );
});

const statuses: number[] = [];

/** A client that retries 503s with the same request (a request makes ~12 DynamoDB calls, so at these fault rates a success can take many tries). */
async function withRetries(send: () => Promise<Awaited<ReturnType<typeof call>>>, attempts = 60) {
  for (let attempt = 1; ; attempt += 1) {
    const response = await send();
    statuses.push(response.status);
    if (response.status >= 500) {
      expect(response.status, response.text).toBe(503);
      expect(response.headers.get("retry-after")).toBeTruthy();
      expect(response.headers.get("content-type")).toMatch(/problem\+json/);
      if (attempt < attempts) continue;
    }
    return response;
  }
}

const proposal = { title: "容错测试活动", theme: "volunteer", startsAt: "2026-12-20T09:00", endsAt: "2026-12-20T11:00", venue: "新意城", capacity: 20, needsFunds: "no", description: "容错" };

describe("with DynamoDB failing at random under concurrent load", () => {
  let organizer: string;
  let town: string;
  let admin: string;

  beforeAll(async () => {
    [organizer, town, admin] = [await signIn("13800000003"), await signIn("13800000002"), await signIn("13800000001")];
    faultRate = 0.2;
  });

  afterAll(() => {
    faultRate = 0;
  });

  it("every submission, approval and new member lands exactly once, and no request ever gets a 500", async () => {
    const keys = Array.from({ length: 24 }, (_, i) => `fault-${Date.now()}-${i}`);
    const submitted = await Promise.all(
      keys.map((key) =>
        withRetries(() => call("POST", `/forms/${demoOrgs().activityForm}/submissions`, { token: organizer, body: { data: proposal }, headers: { "idempotency-key": key } })),
      ),
    );
    for (const response of submitted) expect(response.status, response.text).toBe(201);
    const instanceIds = submitted.map((response) => response.json.instanceId as string);
    expect(new Set(submitted.map((response) => response.json.submissionId)).size).toBe(keys.length);

    const approvals = await Promise.all(
      instanceIds.map((id) => withRetries(() => call("POST", `/instances/${id}/actions`, { token: town, body: { type: "approve" } }))),
    );
    for (const response of approvals) expect([200, 409]).toContain(response.status);

    const orgId = demoOrgs().xinyicheng;
    const phones = Array.from({ length: 12 }, () => uniquePhone());
    const added = await Promise.all(
      phones.map((phone) => withRetries(() => call("POST", `/orgs/${orgId}/members`, { token: admin, body: { name: "容错成员", phone } }))),
    );
    for (const response of added) expect([201, 422]).toContain(response.status);

    faultRate = 0;
    expect(injected).toBeGreaterThan(10);
    expect(statuses).not.toContain(500);

    // One submission per key: the organizer's list holds each id once.
    const mine = await call("GET", `/me/submissions?formId=${demoOrgs().activityForm}`, { token: organizer });
    for (const response of submitted) {
      expect(mine.json.items.filter((s: { submissionId: string }) => s.submissionId === response.json.submissionId)).toHaveLength(1);
    }
    // Each approval happened once: the instance is at the district step, its audit chain is whole
    // and as long as its version, and exactly the pending approvers hold tasks.
    for (const id of instanceIds) {
      const instance = (await getInstance(id))!;
      expect(instance.state.step.name).toBe("区委统战部审批");
      const audit = await call("GET", `/instances/${id}/audit`, { token: admin });
      expect(audit.json.verdict).toEqual({ valid: true, length: instance.state.version });
      expect(audit.json.entries.filter((e: { event: { action: string } }) => e.event.action === "approve")).toHaveLength(1);
      const tasks = await queryAll({ KeyConditionExpression: "pk = :pk AND begins_with(sk, :t)", ExpressionAttributeValues: { ":pk": Keys.instance(id).pk, ":t": "TASK#" } });
      expect(tasks.map((task) => task.accountId).sort()).toEqual(pendingApprovers(instance.state).sort());
    }
    // Each new member exists once, with one account.
    const members = await call("GET", `/orgs/${orgId}/members?limit=200`, { token: admin });
    for (const phone of phones) expect(members.json.items.filter((m: { phone: string }) => m.phone === phone)).toHaveLength(1);
  }, 120_000);
});
