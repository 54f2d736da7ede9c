import { randomInt, timingSafeEqual } from "node:crypto";
import { TransactWriteCommand, GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Actor } from "../access/policy";
import { requireCodeShape, scopedHmac, sendScopedCode, useScopedCode, type CodeScope } from "../auth/scoped-code";
import { requireMobile } from "../auth/sms-code";
import { db, tableName } from "../db/client";
import { queryAll } from "../db/query";
import { cancellationReasons, type TransactItem } from "../db/transactions";
import { AppError, fieldErrorsFromIssues } from "../errors";
import { newId } from "../ids";
import { eligibleEntries } from "./entries";
import { entryText } from "./entry-form";
import { judgeContent, type BlindName } from "./blind";
import { namesToMask } from "./judging";
import {
  maskPhone,
  matchesSource,
  phonePrefix,
  PublicVoteInputSchema,
  voteDay,
  voteWindow,
  VoidInputSchema,
  type PublicVoteConfig,
  type VoteRecord,
} from "./public-vote";
import { changeCampaign, expectStatus, type StoredCampaign } from "./store";

/**
 * The public vote stage's storage. A voter proves a phone with an SMS code (the code leaves
 * through the stream as an `outgoing` item, like sign-in codes) and gets a pass for the rest of
 * the Beijing day. Casting is one transaction: the phone's and the client address's daily
 * counters (each conditional on staying within its limit), one vote item per entry (conditional:
 * one vote per entry per phone per day) and one increment per entry on a randomly chosen
 * counter shard — so limits are exact under concurrency and the shards' sum always equals the
 * stored votes. Voiding a source marks its votes voided and takes them off the shards in the
 * same transactions, audited in the campaign's log, before the ranking is confirmed.
 */

export const COUNTER_SHARDS = 16;
export const VOTE_SHARDS = 16;

const keys = {
  code: (campaignId: string, phone: string) => ({ pk: `VOTECODE#${campaignId}#${phone}`, sk: "CODE" }),
  vote: (campaignId: string, shard: number, day: string, entryId: string, phoneHash: string) => ({ pk: `PVOTES#${campaignId}#${shard}`, sk: `VOTE#${day}#${entryId}#${phoneHash}` }),
  votesShard: (campaignId: string, shard: number) => `PVOTES#${campaignId}#${shard}`,
  counter: (campaignId: string, shard: number, entryId: string) => ({ pk: `PVCOUNT#${campaignId}#${shard}`, sk: `ENTRY#${entryId}` }),
  counterShard: (campaignId: string, shard: number) => `PVCOUNT#${campaignId}#${shard}`,
  phoneLimit: (campaignId: string, phoneHash: string, day: string) => ({ pk: `PVLIMIT#${campaignId}#P#${phoneHash}#${day}`, sk: "LIMIT" }),
  addressLimit: (campaignId: string, client: string, day: string) => ({ pk: `PVLIMIT#${campaignId}#A#${client}#${day}`, sk: "LIMIT" }),
};

const hmac = scopedHmac;

const voteCodeScope = (campaignId: string, phone: string): CodeScope => ({ family: "votecode", key: keys.code(campaignId, phone), type: "vote_code", purpose: "public-vote-code", scopeId: campaignId });

/** The phone as stored with a vote: an HMAC per campaign, never the number. */
export async function phoneHashOf(campaignId: string, phone: string): Promise<string> {
  return (await hmac("public-vote-phone", campaignId, phone)).slice(0, 22);
}

function validationFailed(issues: Parameters<typeof fieldErrorsFromIssues>[0]): never {
  const fields = fieldErrorsFromIssues(issues);
  const [path, messages] = Object.entries(fields)[0]!;
  throw new AppError("validation.failed", `${path}：${messages[0]}`, { fields });
}

/** The office sets (or changes) the public vote stage, before the ranking is confirmed; audited. */
export async function configurePublicVote(campaignId: string, actor: Actor, raw: unknown): Promise<StoredCampaign> {
  const parsed = PublicVoteInputSchema.safeParse(raw);
  if (!parsed.success) validationFailed(parsed.error.issues);
  const config = parsed.data;
  return changeCampaign(campaignId, (campaign) => {
    expectStatus(campaign, ["collecting", "judging"], "设置网络投票");
    return { changes: { publicVote: config }, event: { action: "public_vote_set", actorId: actor.accountId, publicVote: config } };
  });
}

export function requireVoteStage(campaign: StoredCampaign): PublicVoteConfig {
  if (!campaign.publicVote) throw new AppError("campaign.not_found", "该评选没有网络投票");
  return campaign.publicVote;
}

function expectOpen(config: PublicVoteConfig, now: Date): void {
  const state = voteWindow(config, now);
  if (state === "open") return;
  const words = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
  throw new AppError("campaign.vote_closed", state === "before" ? `网络投票将于 ${words(config.opensAt)} 开始` : `网络投票已于 ${words(config.closesAt)} 截止`, { details: { opensAt: config.opensAt, closesAt: config.closesAt } });
}

/** Sends a voting code to any mobile number (throttled per phone and per client address). */
export async function requestVoteCode(campaign: StoredCampaign, rawPhone: string, client: string, now = new Date()): Promise<{ retryAfter: number }> {
  const config = requireVoteStage(campaign);
  const phone = requireMobile(rawPhone);
  expectOpen(config, now);
  return sendScopedCode(voteCodeScope(campaign.campaignId, phone), phone, client, now);
}


export interface VoterPass {
  /** Bearer for casting votes until `expiresAt` (the end of the Beijing day, or the window's close). */
  pass: string;
  expiresAt: string;
  phone: string;
  /** Picks left today for this phone. */
  remaining: number;
}

/** Uses a voting code (one try counted first, single use) and issues the day's voter pass. */
export async function verifyVoter(campaign: StoredCampaign, rawPhone: string, code: string, now = new Date()): Promise<VoterPass> {
  const config = requireVoteStage(campaign);
  const phone = requireMobile(rawPhone);
  requireCodeShape(code);
  expectOpen(config, now);
  await useScopedCode(voteCodeScope(campaign.campaignId, phone), phone, code, now);
  const day = voteDay(now);
  const endOfDay = Date.parse(`${day}T00:00:00+08:00`) + 86_400_000;
  const expiresAt = Math.min(endOfDay, Date.parse(config.closesAt));
  const body = Buffer.from(JSON.stringify({ c: campaign.campaignId, p: phone, d: day, e: expiresAt })).toString("base64url");
  const pass = `${body}.${await hmac("public-vote-pass", body)}`;
  return { pass, expiresAt: new Date(expiresAt).toISOString(), phone: maskPhone(phone), remaining: await remainingToday(campaign, config, phone, day) };
}

async function remainingToday(campaign: StoredCampaign, config: PublicVoteConfig, phone: string, day: string): Promise<number> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: keys.phoneLimit(campaign.campaignId, await phoneHashOf(campaign.campaignId, phone), day), ConsistentRead: true }));
  return Math.max(0, config.picksPerDay - Number(Item?.n ?? 0));
}

function unverified(): never {
  throw new AppError("campaign.voter_unverified", "请先用短信验证码验证手机号", { fields: { pass: ["请先用短信验证码验证手机号"] } });
}

/** The phone a pass proves, if it is genuine, for this campaign and still valid. */
async function phoneOfPass(campaignId: string, pass: string, now: Date): Promise<{ phone: string; day: string }> {
  const [body = "", signature = ""] = pass.split(".");
  const expected = Buffer.from(await hmac("public-vote-pass", body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) unverified();
  let claims: { c?: string; p?: string; d?: string; e?: number };
  try {
    claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as typeof claims;
  } catch {
    unverified();
  }
  if (claims.c !== campaignId || typeof claims.p !== "string" || typeof claims.d !== "string" || typeof claims.e !== "number" || claims.e <= now.getTime()) unverified();
  return { phone: claims.p, day: claims.d };
}

/** Eligible entry ids per campaign; they cannot change once judging has started, so they are kept a minute. */
const eligibleCache = new Map<string, { at: number; ids: Set<string> }>();

async function eligibleIds(campaign: StoredCampaign): Promise<Set<string>> {
  const cached = eligibleCache.get(campaign.campaignId);
  if (cached && campaign.status !== "collecting" && Date.now() - cached.at < 60_000) return cached.ids;
  const ids = new Set((await eligibleEntries(campaign)).map((e) => e.submissionId));
  eligibleCache.set(campaign.campaignId, { at: Date.now(), ids });
  return ids;
}

/**
 * The entries the public page shows: title and summary only, and in blind mode with the unit's,
 * its ancestors' and the people's names masked as the judges see them (judges read this page too).
 */
export async function votableEntries(campaign: StoredCampaign): Promise<Array<{ entryId: string; title: string; summary: string }>> {
  const entries = await eligibleEntries(campaign);
  const names = campaign.blind ? await namesToMask(campaign, entries) : new Map<string, BlindName[]>();
  return entries.map((e) => {
    const text = entryText(e.data);
    const shown = judgeContent({ title: text.title, summary: text.summary }, { blind: campaign.blind, names: names.get(e.submissionId) ?? [] });
    return { entryId: e.submissionId, title: shown.title, summary: shown.summary };
  });
}

const ATTEMPTS = 12;
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 15 * 2 ** Math.min(attempt, 5)));

/** Casts a voter's picks: all or nothing, within the phone's and the address's daily limits. */
export async function castVotes(campaign: StoredCampaign, input: { pass: string; entryIds: string[]; client: string; now?: Date }): Promise<{ accepted: number; remaining: number }> {
  const config = requireVoteStage(campaign);
  const now = input.now ?? new Date();
  const { phone, day } = await phoneOfPass(campaign.campaignId, input.pass, now);
  expectOpen(config, now);
  if (day !== voteDay(now)) unverified();
  const fields: Record<string, string[]> = {};
  if (input.entryIds.length === 0) fields.entryIds = ["请至少选择一个案例"];
  if (input.entryIds.length > config.picksPerDay) fields.entryIds = [`每天最多投${config.picksPerDay}票`];
  const eligible = await eligibleIds(campaign);
  const seen = new Set<string>();
  input.entryIds.forEach((entryId, i) => {
    if (!eligible.has(entryId)) fields[`entryIds.${i}`] = ["不是本次评选的参评案例"];
    else if (seen.has(entryId)) fields[`entryIds.${i}`] = ["同一案例不能重复投票"];
    seen.add(entryId);
  });
  if (Object.keys(fields).length > 0) throw new AppError("validation.failed", `投票有误：${Object.values(fields)[0]![0]}`, { fields });
  const k = input.entryIds.length;
  const phoneHash = await phoneHashOf(campaign.campaignId, phone);
  const seconds = Math.floor(now.getTime() / 1000);
  const ttl = seconds + 3 * 86_400;
  const limit = (key: { pk: string; sk: string }, max: number): TransactItem => ({
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression: "ADD n :k SET #type = :type, expiresAt = :ttl",
      ConditionExpression: "attribute_not_exists(n) OR n <= :room",
      ExpressionAttributeNames: { "#type": "type" },
      ExpressionAttributeValues: { ":k": k, ":room": max - k, ":type": "vote_limit", ":ttl": ttl },
    },
  });
  const voteShard = parseInt(phoneHash.slice(0, 4).replace(/[^0-9a-zA-Z]/g, "0"), 36) % VOTE_SHARDS;
  const at = now.toISOString();
  for (let attempt = 0; ; attempt++) {
    const items: TransactItem[] = [
      limit(keys.phoneLimit(campaign.campaignId, phoneHash, day), config.picksPerDay),
      limit(keys.addressLimit(campaign.campaignId, input.client, day), config.perAddressPerDay),
      ...input.entryIds.map(
        (entryId): TransactItem => ({
          Put: {
            TableName: tableName(),
            Item: { ...keys.vote(campaign.campaignId, voteShard, day, entryId, phoneHash), type: "public_vote", campaignId: campaign.campaignId, entryId, day, at, phoneHash, phonePrefix: phonePrefix(phone), phoneMasked: maskPhone(phone), client: input.client },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        }),
      ),
      ...input.entryIds.map(
        (entryId): TransactItem => ({
          Update: { TableName: tableName(), Key: keys.counter(campaign.campaignId, randomInt(0, COUNTER_SHARDS), entryId), UpdateExpression: "ADD votes :one SET entryId = :entry", ExpressionAttributeValues: { ":one": 1, ":entry": entryId } },
        }),
      ),
    ];
    try {
      await db().send(new TransactWriteCommand({ TransactItems: items }));
      return { accepted: k, remaining: await remainingToday(campaign, config, phone, day) };
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      if (reasons[0] === "ConditionalCheckFailed") {
        const left = await remainingToday(campaign, config, phone, day);
        if (left > 0) throw new AppError("campaign.vote_limit", `该手机号今天只剩${left}票，请少选几项`, { details: { limit: "phone", remaining: left } });
        throw new AppError("campaign.vote_limit", `该手机号今天的${config.picksPerDay}票已投完，请明天再来`, { retryAfter: 3600, details: { limit: "phone", picksPerDay: config.picksPerDay, remaining: 0 } });
      }
      if (reasons[1] === "ConditionalCheckFailed") {
        throw new AppError("campaign.vote_limit", "当前网络今天的投票次数已达上限，请明天再来", { retryAfter: 3600, details: { limit: "address" } });
      }
      const duplicate = reasons.slice(2, 2 + k).findIndex((reason) => reason === "ConditionalCheckFailed");
      if (duplicate >= 0) throw new AppError("campaign.vote_duplicate", "今天已为该案例投过票", { fields: { [`entryIds.${duplicate}`]: ["今天已为该案例投过票"] } });
      if (reasons.includes("TransactionConflict") && attempt < ATTEMPTS) {
        await backoff(attempt);
        continue;
      }
      throw new AppError("service.unavailable", "投票人数较多，请稍后再试", { retryAfter: 2 });
    }
  }
}

/** Every stored vote (valid and voided): one Query per vote shard, in parallel. */
export async function storedVotes(campaignId: string): Promise<Array<VoteRecord & { sk: string; pk: string }>> {
  const shards = await Promise.all(
    Array.from({ length: VOTE_SHARDS }, (_, shard) =>
      queryAll({ KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)", ExpressionAttributeValues: { ":pk": keys.votesShard(campaignId, shard), ":prefix": "VOTE#" }, ConsistentRead: true }),
    ),
  );
  return shards.flat().map((item) => ({
    pk: String(item.pk),
    sk: String(item.sk),
    entryId: String(item.entryId),
    at: String(item.at),
    phoneHash: String(item.phoneHash),
    phonePrefix: String(item.phonePrefix),
    client: String(item.client),
    voided: item.voidedAt !== undefined,
  }));
}

/** Valid votes per entry: the sum over the counter shards (one Query per shard, in parallel). */
export async function voteCounts(campaignId: string): Promise<Map<string, number>> {
  const shards = await Promise.all(
    Array.from({ length: COUNTER_SHARDS }, (_, shard) =>
      queryAll({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": keys.counterShard(campaignId, shard) }, ConsistentRead: true }),
    ),
  );
  const counts = new Map<string, number>();
  for (const item of shards.flat()) counts.set(String(item.entryId), (counts.get(String(item.entryId)) ?? 0) + Number(item.votes ?? 0));
  return counts;
}

/**
 * Voids the valid votes of a source (address, phone prefix, or one phone's hash) before the
 * ranking is confirmed: each vote marked voided and taken off a counter shard in the same
 * transaction (a vote voided twice at once counts once: the mark is conditional), then one
 * audited campaign change recording the source, the reason and how many votes.
 */
export async function voidSource(campaignId: string, actor: Actor, raw: unknown, current: StoredCampaign): Promise<{ voided: number; campaign: StoredCampaign }> {
  const parsed = VoidInputSchema.safeParse(raw);
  if (!parsed.success) validationFailed(parsed.error.issues);
  const input = parsed.data;
  requireVoteStage(current);
  expectStatus(current, ["collecting", "judging"], "作废投票");
  const votes = (await storedVotes(campaignId)).filter((vote) => !vote.voided && matchesSource(vote, input.source));
  if (votes.length === 0) throw new AppError("validation.failed", "该来源没有有效投票", { fields: { "source.value": ["该来源没有有效投票"] } });
  const at = new Date().toISOString();
  const voidId = newId();
  let voided = 0;
  for (let start = 0; start < votes.length; start += 40) {
    const chunk = votes.slice(start, start + 40);
    const perEntry = new Map<string, number>();
    for (const vote of chunk) perEntry.set(vote.entryId, (perEntry.get(vote.entryId) ?? 0) + 1);
    const shard = randomInt(0, COUNTER_SHARDS);
    const items: TransactItem[] = [
      ...chunk.map(
        (vote): TransactItem => ({
          Update: { TableName: tableName(), Key: { pk: vote.pk, sk: vote.sk }, UpdateExpression: "SET voidedAt = :at, voidId = :void", ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(voidedAt)", ExpressionAttributeValues: { ":at": at, ":void": voidId } },
        }),
      ),
      ...[...perEntry.entries()].map(
        ([entryId, n]): TransactItem => ({ Update: { TableName: tableName(), Key: keys.counter(campaignId, shard, entryId), UpdateExpression: "ADD votes :minus SET entryId = :entry", ExpressionAttributeValues: { ":minus": -n, ":entry": entryId } } }),
      ),
    ];
    for (let attempt = 0; ; attempt++) {
      try {
        await db().send(new TransactWriteCommand({ TransactItems: items }));
        voided += chunk.length;
        break;
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (reasons?.includes("TransactionConflict") && attempt < ATTEMPTS) {
          await backoff(attempt);
          continue;
        }
        if (reasons?.includes("ConditionalCheckFailed")) throw new AppError("conflict.stale", "部分投票已被他人作废，请刷新后重试");
        throw error;
      }
    }
  }
  const campaign = await changeCampaign(campaignId, (fresh) => {
    expectStatus(fresh, ["collecting", "judging"], "作废投票");
    return { changes: {}, event: { action: "public_votes_voided", actorId: actor.accountId, source: input.source, reason: input.reason, votes: voided, voidId } };
  });
  return { voided, campaign };
}
