import { BatchGetCommand, DeleteCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { TransactItem } from "../db/transactions";
import { jwtVerify, SignJWT } from "jose";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { newId } from "../ids";
import { sessionSecret } from "./secret";

/** Absolute lifetime: a session ends 12 hours after sign-in, however busy. */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;
/** Idle timeout: a session unused for 30 minutes ends (each use slides it on). */
export const SESSION_IDLE_SECONDS = 30 * 60;
/** The idle deadline is written again only when it is this much older than a fresh one: one write per 5 minutes of use, not one per request. */
export const SESSION_SLIDE_AFTER_SECONDS = 5 * 60;

/** Who is making a request, as recorded when they signed in. */
export interface SessionPrincipal {
  sessionId: string;
  accountId: string;
  name: string;
  platformAdmin: boolean;
  /** The account's 长辈版 choice (display/preferences.ts), read with the account on every request; absent until chosen. */
  elderMode?: boolean;
}

interface SessionItem extends SessionPrincipal {
  /** Epoch seconds: the absolute end (DynamoDB's TTL removes the item afterwards). */
  expiresAt: number;
  /** Epoch seconds: the end if unused; moved on as the session is used. */
  idleUntil: number;
  /** The account's session epoch at sign-in: 退出所有设备 and 修改密码 raise the account's, ending this session. */
  epoch: number;
}

/** A session as a request found it: who, and when its cookie should now expire if it slid on. */
export interface ResolvedSession {
  principal: SessionPrincipal;
  /** Set when this request moved the idle deadline: seconds the cookie may now live. */
  slid?: { cookieMaxAge: number };
}

const seconds = (now: number) => Math.floor(now / 1000);

/** How long a session cookie may live from `now`: the idle timeout, cut at the absolute end. */
export function cookieMaxAge(session: { idleUntil: number; expiresAt: number }, now = Date.now()): number {
  return Math.max(0, Math.min(session.idleUntil, session.expiresAt) - seconds(now));
}

/**
 * Starts a session and returns its signed token. The session item lets logout revoke a token
 * before it expires and holds its idle deadline; DynamoDB's TTL removes it afterwards. The
 * token carries the account's session epoch (`sep`), as does the item.
 */
export async function startSession(
  account: { accountId: string; name: string; platformAdmin?: boolean; sessionEpoch?: number },
  alongside: TransactItem[] = [],
  now = Date.now(),
) {
  const sessionId = newId();
  const expiresAt = seconds(now) + SESSION_TTL_SECONDS;
  const epoch = account.sessionEpoch ?? 0;
  const item: SessionItem = {
    sessionId,
    accountId: account.accountId,
    name: account.name,
    platformAdmin: Boolean(account.platformAdmin),
    expiresAt,
    idleUntil: Math.min(expiresAt, seconds(now) + SESSION_IDLE_SECONDS),
    epoch,
  };
  await db().send(
    new TransactWriteCommand({
      TransactItems: [{ Put: { TableName: tableName(), Item: { ...Keys.session(sessionId), type: "session", ...item } } }, ...alongside],
    }),
  );
  const token = await new SignJWT({ sid: sessionId, sep: epoch })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(account.accountId)
    .setIssuedAt(seconds(now))
    .setExpirationTime(expiresAt)
    .sign(await sessionSecret());
  const principal: SessionPrincipal = { sessionId, accountId: item.accountId, name: item.name, platformAdmin: item.platformAdmin };
  return { token, expiresAt, cookieMaxAge: cookieMaxAge(item, now), principal };
}

/** What a session token says once its signature and expiry are checked (no I/O): the account it names is known before the session is read. */
export interface SessionClaims {
  sessionId: string;
  accountId: string;
  epoch: number;
}

/** The claims of a genuine, unexpired token, or undefined. Only `resolveSession` says whether the session still lives. */
export async function verifySessionToken(token: string, now = Date.now()): Promise<SessionClaims | undefined> {
  try {
    const { payload } = await jwtVerify(token, await sessionSecret(), { algorithms: ["HS256"], currentDate: new Date(now) });
    if (typeof payload.sid !== "string" || typeof payload.sub !== "string") return undefined;
    return { sessionId: payload.sid, accountId: payload.sub, epoch: typeof payload.sep === "number" ? payload.sep : 0 };
  } catch {
    return undefined;
  }
}

/**
 * The live session a token stands for, or undefined for a forged, expired, idle, revoked or
 * superseded token (the account's epoch moved on). Reads the session and its account in one
 * strongly consistent BatchGetItem, so 退出所有设备 takes effect on the very next request.
 * Given verified `claims`, a caller may start reads keyed by the account id alongside (GET /me).
 */
export async function resolveSession(token: string | SessionClaims, now = Date.now()): Promise<ResolvedSession | undefined> {
  const claims = typeof token === "string" ? await verifySessionToken(token, now) : token;
  if (!claims) return undefined;
  const { sessionId, accountId, epoch: tokenEpoch } = claims;
  const sessionKey = Keys.session(sessionId);
  const accountKey = Keys.account(accountId);
  const { Responses } = await db().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: [sessionKey, accountKey], ConsistentRead: true } } }));
  const found = Responses?.[tableName()] ?? [];
  const item = found.find((row) => row.pk === sessionKey.pk) as SessionItem | undefined;
  const account = found.find((row) => row.pk === accountKey.pk) as { sessionEpoch?: number; elderMode?: boolean } | undefined;
  const at = seconds(now);
  if (!item || !account || item.accountId !== accountId || item.expiresAt <= at) return undefined;
  const idleUntil = item.idleUntil ?? item.expiresAt;
  if (idleUntil <= at) return undefined;
  const epoch = item.epoch ?? 0;
  if (epoch !== tokenEpoch || epoch !== (account.sessionEpoch ?? 0)) return undefined;
  const principal: SessionPrincipal = { sessionId: item.sessionId, accountId: item.accountId, name: item.name, platformAdmin: item.platformAdmin };
  if (typeof account.elderMode === "boolean") principal.elderMode = account.elderMode;
  const fresh = Math.min(item.expiresAt, at + SESSION_IDLE_SECONDS);
  if (fresh - idleUntil < SESSION_SLIDE_AFTER_SECONDS) return { principal };
  await slide(sessionId, fresh);
  return { principal, slid: { cookieMaxAge: cookieMaxAge({ idleUntil: fresh, expiresAt: item.expiresAt }, now) } };
}

/** Moves the idle deadline on, never back (two requests at once may both try). */
async function slide(sessionId: string, idleUntil: number): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: Keys.session(sessionId),
        UpdateExpression: "SET idleUntil = :until",
        ConditionExpression: "attribute_exists(pk) AND (attribute_not_exists(idleUntil) OR idleUntil < :until)",
        ExpressionAttributeValues: { ":until": idleUntil },
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== "ConditionalCheckFailedException") throw error;
  }
}

export async function endSession(sessionId: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: Keys.session(sessionId) }));
}

/** 退出所有设备: raises the account's session epoch, so every session it has (this one too) ends at once. */
export async function endAllSessions(accountId: string): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: Keys.account(accountId),
      UpdateExpression: "ADD sessionEpoch :one",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeValues: { ":one": 1 },
    }),
  );
}
