import { BatchWriteCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { ballotsTableName, db, tableName } from "@tongxin/core/db/client";
import { Keys } from "@tongxin/core/db/keys";
import { codeKey } from "@tongxin/core/elections/codes";
import { voterKey } from "@tongxin/core/elections/roll";
import { tally } from "@tongxin/core/elections/tally";
import { newId } from "@tongxin/core/ids";
import { createHash } from "node:crypto";
import { app } from "../packages/functions/src/app";
import { percentile, record, sample, section } from "./harness";

async function api(method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await app.request(`/api${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "content-type": typeof body === "string" ? "text/csv" : "application/json" }), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  }, { requestContext: { http: { sourceIp: `10.8.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` } } });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

async function inFlight<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  limit = Math.min(limit, tasks.length);
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  }));
  return results;
}

const PAPER = {
  title: "压测换届选举",
  mode: "online",
  positions: [
    { title: "会长", seats: 1, kind: "slate", candidates: [{ name: "王建国" }] },
    { title: "理事", seats: 2, kind: "competitive", candidates: [{ name: "甲" }, { name: "乙" }, { name: "丙" }] },
  ],
  motions: [{ title: "审议工作报告" }],
};
const choices = (i: number) => ({ positions: { p1: { marks: { p1c1: "for" } }, p2: { marks: i % 2 ? { p2c1: "for", p2c2: "for" } : { p2c3: "for" } } }, motions: { m1: "for" } });

/**
 * Votes per second through the HTTP API (in-process, by one-time code) against raw
 * TransactWriteItems of the same shape (gate check, receipt, code, ballot), same run; and
 * the time to tally 10,000 ballots.
 */
export async function benchVotes(adminToken: string, districtId: string): Promise<void> {
  const voters = Number(process.env.BENCH_VOTERS ?? 1000);
  const concurrency = 50;
  section(`Votes: ${voters} voters, ${concurrency} in flight, against DynamoDB Local`);
  const org = await api("POST", "/orgs", adminToken, { name: `压测分会${Date.now()}`, kind: "branch", parentId: districtId });
  const orgId = org.json.orgId as string;
  const scrutineers: string[] = [];
  for (let i = 0; i < 2; i += 1) {
    const added = await api("POST", `/orgs/${orgId}/members`, adminToken, { name: `监票${i}`, phone: `1550000${String(Date.now() % 10000).padStart(4, "0")}`.slice(0, 9) + String(i).padStart(2, "0"), roles: ["scrutineer"] });
    scrutineers.push(added.json.accountId);
  }
  const rows = ["姓名,手机", ...Array.from({ length: voters }, (_, i) => `选民${i},157${String(i).padStart(8, "0")}`)];
  const imported = await api("POST", `/orgs/${orgId}/members/import`, adminToken, "\uFEFF" + rows.join("\r\n"));
  if (imported.status !== 200) throw new Error(`import failed: ${JSON.stringify(imported.json)}`);
  const created = await api("POST", `/orgs/${orgId}/elections`, adminToken, PAPER);
  const electionId = created.json.election.electionId as string;
  await api("POST", `/elections/${electionId}/scrutineers`, adminToken, { accountIds: scrutineers });
  await api("POST", `/elections/${electionId}/roll`, adminToken);
  const codes = (await api("POST", `/elections/${electionId}/codes`, adminToken, { all: true })).json.items as Array<{ code: string }>;
  await api("POST", `/elections/${electionId}/open`, adminToken);

  // The same transaction shape written directly: a fresh roll and codes of synthetic voters.
  const rawElection = `raw-${newId()}`;
  const people = Array.from({ length: voters }, (_, i) => ({ accountId: `v${i}`, codeHash: createHash("sha256").update(`c${i}`).digest("hex") }));
  const setup = [
    ...Array.from({ length: 16 }, (_, s) => ({ ...Keys.electionGate(rawElection, s), status: "open" })),
    ...people.flatMap((p) => [{ ...voterKey(rawElection, p.accountId), accountId: p.accountId }, { ...codeKey(rawElection, p.codeHash), accountId: p.accountId }]),
  ];
  for (let i = 0; i < setup.length; i += 25) {
    await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: setup.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
  const rawCast = (p: (typeof people)[number], i: number) => async () => {
    const shard = Math.floor(Math.random() * 16);
    for (let attempt = 0; attempt < 40; attempt += 1) {
      try {
        await db().send(
          new TransactWriteCommand({
            TransactItems: [
              { ConditionCheck: { TableName: tableName(), Key: Keys.electionGate(rawElection, shard), ConditionExpression: "#s = :open", ExpressionAttributeNames: { "#s": "status" }, ExpressionAttributeValues: { ":open": "open" } } },
              { Update: { TableName: tableName(), Key: voterKey(rawElection, p.accountId), UpdateExpression: "SET voted = :y", ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(voted)", ExpressionAttributeValues: { ":y": true } } },
              { Update: { TableName: tableName(), Key: codeKey(rawElection, p.codeHash), UpdateExpression: "SET used = :y", ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(used)", ExpressionAttributeValues: { ":y": true } } },
              { Put: { TableName: ballotsTableName(), Item: { ...Keys.ballot(rawElection, shard, newId()), trackingCode: newId(), choices: choices(i) }, ConditionExpression: "attribute_not_exists(pk)" } },
            ],
          }),
        );
        return true;
      } catch {
        await new Promise((r) => setTimeout(r, Math.random() * 20));
      }
    }
    return false;
  };

  // HTTP and raw alternate in rounds, so the load of a shared machine drifting during the run
  // weighs on both sides alike (a round of each, ten times, times summed per side).
  const rounds = 10;
  let httpSeconds = 0;
  let rawSeconds = 0;
  let accepted = 0;
  let rawDone = 0;
  for (let round = 0; round < rounds; round += 1) {
    const from = Math.floor((voters * round) / rounds);
    const to = Math.floor((voters * (round + 1)) / rounds);
    const httpStarted = performance.now();
    const results = await inFlight(codes.slice(from, to).map((c, i) => () => api("POST", `/elections/${electionId}/ballots`, undefined, { code: c.code, choices: choices(from + i) })), concurrency);
    httpSeconds += (performance.now() - httpStarted) / 1000;
    accepted += results.filter((r) => r.status === 201).length;
    const rawStarted = performance.now();
    rawDone += (await inFlight(people.slice(from, to).map((p, i) => rawCast(p, from + i)), concurrency)).filter(Boolean).length;
    rawSeconds += (performance.now() - rawStarted) / 1000;
  }
  const httpRate = accepted / httpSeconds;
  const rawRate = rawDone / rawSeconds;
  record({ name: "votes per second through the HTTP API (by code)", value: httpRate, unit: "votes/s", note: `${accepted}/${voters} accepted in ${httpSeconds.toFixed(1)} s` });
  record({ name: "raw TransactWriteItems per second, same shape", value: rawRate, unit: "tx/s", note: `${rawDone}/${voters} in ${rawSeconds.toFixed(1)} s, alternating with the HTTP rounds` });
  record({ name: "HTTP votes vs raw transactions", value: httpRate / rawRate, unit: "×", note: "goal ≥ 0.7" });

  // Tally 10,000 ballots (pure): the count at close, after the ballots are read.
  const config = created.json.election.config;
  const ballots = Array.from({ length: 10_000 }, (_, i) => choices(i));
  const times = await sample(() => tally(config, ballots as never, { roll: 10_000, present: 10_000, issued: 10_000, receipts: 10_000 }), 20, 3);
  record({ name: "tally 10,000 ballots (pure count): median", value: percentile(times, 50), unit: "ms" });
}
