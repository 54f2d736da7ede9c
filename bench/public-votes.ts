import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "@tongxin/core/db/client";
import { outboxFor } from "@tongxin/core/messages/channels/outbox";
import { drainStream } from "@tongxin/core/messages/stream-poller";
import { newId } from "@tongxin/core/ids";
import { app } from "../packages/functions/src/app";
import { record, section } from "./harness";

async function api(method: string, path: string, options: { token?: string; body?: unknown; client?: string } = {}) {
  const client = options.client ?? `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
  const response = await app.request(`/api${path}`, {
    method,
    headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...(options.body === undefined ? {} : { "content-type": "application/json" }) },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  }, { requestContext: { http: { sourceIp: client } } });
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

/**
 * Public votes (网络投票) per second through the HTTP API (in-process, each voter with a pass
 * proved by an SMS code read from the local outbox, as the tests do) against raw
 * TransactWriteItems of the same shape (phone limit, address limit, vote, counter shard),
 * alternating in rounds in the same run. Votes go to the demo campaign, moved to judging first.
 */
export async function benchPublicVotes(officeToken: string, campaignId: string): Promise<void> {
  const voters = Number(process.env.BENCH_PUBLIC_VOTERS ?? 500);
  const concurrency = 50;
  section(`Public votes: ${voters} voters, ${concurrency} in flight, against DynamoDB Local`);
  // As a real vote runs: submissions closed, 形式审查 done, judging started (the demo campaign is still collecting).
  const listed = await api("GET", `/campaigns/${campaignId}/entries?limit=200`, { token: officeToken });
  for (const entry of listed.json.items as Array<{ entryId: string; status: string }>) {
    if (entry.status !== "in_review") continue;
    const { instanceId } = (await api("GET", `/campaigns/${campaignId}/entries/${entry.entryId}`, { token: officeToken })).json as { instanceId?: string };
    const acted = await api("POST", `/instances/${instanceId}/actions`, { token: officeToken, body: { type: "approve", comment: "材料齐全" } });
    if (acted.status !== 200) throw new Error(`形式审查 failed: ${JSON.stringify(acted.json)}`);
  }
  const closed = await api("PUT", `/campaigns/${campaignId}/window`, { token: officeToken, body: { submissionsCloseAt: new Date(Date.now() - 1000).toISOString() } });
  if (closed.status !== 200) throw new Error(`closing the window failed: ${JSON.stringify(closed.json)}`);
  const judging = await api("POST", `/campaigns/${campaignId}/judging`, { token: officeToken });
  if (judging.status !== 200) throw new Error(`starting judging failed: ${JSON.stringify(judging.json)}`);
  const now = Date.now();
  const configured = await api("PUT", `/campaigns/${campaignId}/public-vote`, {
    token: officeToken,
    body: { opensAt: new Date(now - 60_000).toISOString(), closesAt: new Date(now + 6 * 3_600_000).toISOString(), picksPerDay: 1, perAddressPerDay: 10_000, showCounts: true, weight: 0.3 },
  });
  if (configured.status !== 200) throw new Error(`public vote setup failed: ${JSON.stringify(configured.json)}`);
  const page = await api("GET", `/public/campaigns/${campaignId}/vote`);
  const entryId = page.json.entries[0]?.entryId as string | undefined;
  if (!entryId) throw new Error("the demo campaign has no votable entry");

  // Passes: a code per phone by SMS (through the stream to the local outbox), then verified.
  const consumer = `bench-publicvotes-${now}`;
  await drainStream({ consumer, handle: false });
  const phones = Array.from({ length: voters }, (_, i) => `136${String(now % 10_000).padStart(4, "0")}${String(i).padStart(4, "0")}`);
  await inFlight(phones.map((phone, i) => async () => {
    const sent = await api("POST", `/public/campaigns/${campaignId}/vote/code`, { body: { phone }, client: `10.7.${Math.floor(i / 250)}.${i % 250}` });
    if (sent.status !== 202) throw new Error(`code for ${phone} refused: ${JSON.stringify(sent.json)}`);
  }), 10);
  await drainStream({ consumer });
  const passes = await inFlight(phones.map((phone) => async () => {
    const code = (await outboxFor(phone)).filter((e) => e.template === "auth.sms_code").at(-1)?.params.code;
    const verified = await api("POST", `/public/campaigns/${campaignId}/vote/voter`, { body: { phone, code } });
    if (verified.status !== 200) throw new Error(`pass for ${phone} refused: ${JSON.stringify(verified.json)}`);
    return verified.json.pass as string;
  }), 10);

  // The same transaction written directly, under a campaign id of its own.
  const raw = `raw-${newId()}`;
  const day = new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
  const ttl = Math.floor(now / 1000) + 3 * 86_400;
  const limit = (pk: string, max: number) => ({
    Update: {
      TableName: tableName(),
      Key: { pk, sk: "LIMIT" },
      UpdateExpression: "ADD n :k SET #type = :type, expiresAt = :ttl",
      ConditionExpression: "attribute_not_exists(n) OR n <= :room",
      ExpressionAttributeNames: { "#type": "type" },
      ExpressionAttributeValues: { ":k": 1, ":room": max - 1, ":type": "vote_limit", ":ttl": ttl },
    },
  });
  const rawCast = (i: number) => async () => {
    const phoneHash = `h${i}-${newId()}`;
    const client = `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const shard = i % 16;
    for (let attempt = 0; attempt < 13; attempt += 1) {
      try {
        await db().send(new TransactWriteCommand({
          TransactItems: [
            limit(`PVLIMIT#${raw}#P#${phoneHash}#${day}`, 1),
            limit(`PVLIMIT#${raw}#A#${client}#${day}`, 10_000),
            { Put: { TableName: tableName(), Item: { pk: `PVOTES#${raw}#${shard}`, sk: `VOTE#${day}#${entryId}#${phoneHash}`, type: "public_vote", campaignId: raw, entryId, day, at: new Date().toISOString(), phoneHash, phonePrefix: "136", phoneMasked: "136****0000", client }, ConditionExpression: "attribute_not_exists(pk)" } },
            { Update: { TableName: tableName(), Key: { pk: `PVCOUNT#${raw}#${Math.floor(Math.random() * 16)}`, sk: `ENTRY#${entryId}` }, UpdateExpression: "ADD votes :one SET entryId = :entry", ExpressionAttributeValues: { ":one": 1, ":entry": entryId } } },
          ],
        }));
        return true;
      } catch {
        await new Promise((r) => setTimeout(r, Math.random() * 15 * 2 ** Math.min(attempt, 5)));
      }
    }
    return false;
  };

  // HTTP and raw alternate in rounds so a shared machine's drifting load weighs on both alike.
  const rounds = 10;
  let httpSeconds = 0;
  let rawSeconds = 0;
  let accepted = 0;
  let rawDone = 0;
  for (let round = 0; round < rounds; round += 1) {
    const from = Math.floor((voters * round) / rounds);
    const to = Math.floor((voters * (round + 1)) / rounds);
    const httpStarted = performance.now();
    const results = await inFlight(passes.slice(from, to).map((pass) => () => api("POST", `/public/campaigns/${campaignId}/votes`, { body: { pass, entryIds: [entryId] } })), concurrency);
    httpSeconds += (performance.now() - httpStarted) / 1000;
    accepted += results.filter((r) => r.status === 201).length;
    const rawStarted = performance.now();
    rawDone += (await inFlight(Array.from({ length: to - from }, (_, i) => rawCast(from + i)), concurrency)).filter(Boolean).length;
    rawSeconds += (performance.now() - rawStarted) / 1000;
  }
  const counted = (await api("GET", `/campaigns/${campaignId}/public-vote`, { token: officeToken })).json.entries.find((e: { entryId: string }) => e.entryId === entryId)?.votes;
  const httpRate = accepted / httpSeconds;
  const rawRate = rawDone / rawSeconds;
  record({ name: "public votes per second through the HTTP API (SMS pass)", value: httpRate, unit: "votes/s", note: `${accepted}/${voters} accepted in ${httpSeconds.toFixed(1)} s; counter reads ${counted}` });
  record({ name: "raw TransactWriteItems per second, same shape", value: rawRate, unit: "tx/s", note: `${rawDone}/${voters} in ${rawSeconds.toFixed(1)} s, alternating with the HTTP rounds` });
  record({ name: "HTTP public votes vs raw transactions", value: httpRate / rawRate, unit: "×", note: "goal ≥ 0.7" });
}
