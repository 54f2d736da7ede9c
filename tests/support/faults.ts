import { expect } from "vitest";
import { startSession } from "@tongxin/core/auth/sessions";
import { ballotsTableName, configureDynamoClient, tableName } from "@tongxin/core/db/client";
import { queryAll } from "@tongxin/core/db/query";
import { call, uniquePhone } from "./api";

/**
 * A fault-injecting DynamoDB client middleware for the fault-tolerance tests: throttling and
 * contention before a write lands, timeouts and dropped connections after it has. Importing
 * this module installs it; it injects nothing until `setFaultRate` is called.
 */
const WRITES = new Set(["PutItemCommand", "UpdateItemCommand", "DeleteItemCommand", "TransactWriteItemsCommand", "BatchWriteItemCommand"]);
let faultRate = 0;
let injected = 0;

export function setFaultRate(rate: number): void {
  faultRate = rate;
}

/** How many faults have been injected so far. */
export const injectedFaults = () => injected;

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

export type Reply = Awaited<ReturnType<typeof call>>;
/** Every status a request sent through `withRetries` got, retries included. */
export const statuses: number[] = [];

/** A client that retries 503s with the same request (a request makes ~12 DynamoDB calls, so at these fault rates a success can take many tries). */
export async function withRetries(send: () => Promise<Reply>, attempts = 60): Promise<Reply & { unavailable: number }> {
  for (let attempt = 1, unavailable = 0; ; attempt += 1) {
    const response = await send();
    statuses.push(response.status);
    if (response.status >= 500) {
      expect(response.status, response.text).toBe(503);
      expect(response.headers.get("retry-after")).toBeTruthy();
      expect(response.headers.get("content-type")).toMatch(/problem\+json/);
      unavailable += 1;
      if (attempt < attempts) continue;
    }
    return { ...response, unavailable };
  }
}

/** Every item in a partition (consistent); ballot partitions are in the ballots table. */
export const partition = (pk: string) =>
  queryAll({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": pk }, ConsistentRead: true }, pk.startsWith("BALLOTS#") ? ballotsTableName() : tableName());
export const shards = async (prefix: string) => (await Promise.all(Array.from({ length: 16 }, (_, s) => partition(`${prefix}#${s}`)))).flat();


/** Members imported into `orgId` with sessions started directly (the faults are about the workload, not sign-in). */
export async function crowd(admin: string, orgId: string, count: number, prefix: string): Promise<Array<{ accountId: string; name: string; token: string }>> {
  const rows = Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(3, "0")},${uniquePhone()}`);
  const imported = await call("POST", `/orgs/${orgId}/members/import`, { token: admin, body: ["姓名,手机", ...rows].join("\n"), headers: { "content-type": "text/csv" } });
  expect(imported.status, imported.text).toBe(200);
  const members = (await call("GET", `/orgs/${orgId}/members?limit=200`, { token: admin })).json.items.filter((m: { name: string }) => m.name.startsWith(prefix)) as Array<{ accountId: string; name: string }>;
  expect(members).toHaveLength(count);
  return Promise.all(members.map(async (m) => ({ accountId: m.accountId, name: m.name, token: (await startSession({ accountId: m.accountId, name: m.name })).token })));
}

