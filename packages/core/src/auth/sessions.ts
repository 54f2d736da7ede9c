import { DeleteCommand, GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { TransactItem } from "../db/transactions";
import { jwtVerify, SignJWT } from "jose";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { newId } from "../ids";
import { sessionSecret } from "./secret";

export const SESSION_TTL_SECONDS = 12 * 60 * 60;

/** Who is making a request, as recorded when they signed in. */
export interface SessionPrincipal {
  sessionId: string;
  accountId: string;
  name: string;
  platformAdmin: boolean;
}

interface SessionItem extends SessionPrincipal {
  expiresAt: number;
}

/**
 * Starts a session and returns its signed token. The session item lets logout revoke a
 * token before it expires; DynamoDB's TTL removes it afterwards.
 */
export async function startSession(
  account: { accountId: string; name: string; platformAdmin?: boolean },
  alongside: TransactItem[] = [],
) {
  const sessionId = newId();
  const expiresAt = Math.floor(Date.now() / 1000) + SESSION_TTL_SECONDS;
  const item: SessionItem = {
    sessionId,
    accountId: account.accountId,
    name: account.name,
    platformAdmin: Boolean(account.platformAdmin),
    expiresAt,
  };
  await db().send(
    new TransactWriteCommand({
      TransactItems: [{ Put: { TableName: tableName(), Item: { ...Keys.session(sessionId), type: "session", ...item } } }, ...alongside],
    }),
  );
  const token = await new SignJWT({ sid: sessionId })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(account.accountId)
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(await sessionSecret());
  return { token, expiresAt, principal: item as SessionPrincipal };
}

/** The live session a token stands for, or undefined for a forged, expired or revoked token. */
export async function resolveSession(token: string): Promise<SessionPrincipal | undefined> {
  let sessionId: string;
  try {
    const { payload } = await jwtVerify(token, await sessionSecret(), { algorithms: ["HS256"] });
    if (typeof payload.sid !== "string") return undefined;
    sessionId = payload.sid;
  } catch {
    return undefined;
  }
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.session(sessionId) }));
  const item = Item as SessionItem | undefined;
  if (!item || item.expiresAt * 1000 <= Date.now()) return undefined;
  return { sessionId: item.sessionId, accountId: item.accountId, name: item.name, platformAdmin: item.platformAdmin };
}

export async function endSession(sessionId: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: Keys.session(sessionId) }));
}
