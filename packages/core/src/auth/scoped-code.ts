import { createHmac, timingSafeEqual } from "node:crypto";
import { DeleteCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import type { PrimaryKey } from "../db/keys";
import { isConditionFailure, type TransactItem } from "../db/transactions";
import { AppError } from "../errors";
import { newId } from "../ids";
import { MessageKeys } from "../messages/keys";
import { seal } from "../messages/sealed";
import { sessionSecret } from "./secret";
import { CODE_LIFETIME_SECONDS, CODE_MAX_TRIES, codeRefused, codeSendingThrottles, newSmsCode, PHONE_INTERVAL_SECONDS } from "./sms-code";

/**
 * An SMS code that proves a phone for one public scope without an account — a campaign's public
 * vote, a form's public link. Sent through the shared throttles (sms-code.ts) with the code kept
 * only as an HMAC under the scope's key and the SMS leaving through the stream as an `outgoing`
 * item; used once, each try counted before the comparison.
 */
export interface CodeScope {
  /** Throttle family (codeSendingThrottles). */
  family: string;
  /** Where the code's hash is kept. */
  key: PrimaryKey;
  /** The stored item's type. */
  type: string;
  /** HMAC purpose, bound with the scope id and the phone. */
  purpose: string;
  scopeId: string;
}

/** An HMAC under the session secret over NUL-joined parts (codes, phone hashes and passes of public scopes). */
export async function scopedHmac(purpose: string, ...parts: string[]): Promise<string> {
  return createHmac("sha256", await sessionSecret()).update([purpose, ...parts].join("\u0000")).digest("base64url");
}

export function wrongCode(): never {
  throw new AppError("auth.code_invalid", "验证码错误或已过期", { fields: { code: ["验证码错误或已过期"] } });
}

/** A code is six digits; anything else is refused before a try is counted. */
export function requireCodeShape(code: string): void {
  if (!/^\d{6}$/.test(code)) wrongCode();
}

/** Sends a code to `phone` for the scope, in one transaction with its throttles. */
export async function sendScopedCode(scope: CodeScope, phone: string, client: string, now: Date): Promise<{ retryAfter: number }> {
  const seconds = Math.floor(now.getTime() / 1000);
  const code = newSmsCode();
  const outgoingId = newId();
  const items: TransactItem[] = [
    ...codeSendingThrottles(scope.family, phone, client, now.getTime()),
    {
      Put: {
        TableName: tableName(),
        Item: { ...scope.key, type: scope.type, hash: await scopedHmac(scope.purpose, scope.scopeId, phone, code), tries: 0, validUntil: seconds + CODE_LIFETIME_SECONDS, expiresAt: seconds + CODE_LIFETIME_SECONDS },
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: { ...MessageKeys.outgoing(outgoingId), type: "outgoing", outgoingId, template: "auth.sms_code", to: phone, sealed: await seal({ code, accountId: "" }), expiresAt: seconds + 600 },
      },
    },
  ];
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    codeRefused(error);
  }
  return { retryAfter: PHONE_INTERVAL_SECONDS };
}

/** Uses the scope's code for `phone` (the try counted first, single use); `auth.code_invalid` otherwise. */
export async function useScopedCode(scope: CodeScope, phone: string, code: string, now: Date): Promise<void> {
  const seconds = Math.floor(now.getTime() / 1000);
  let item: Record<string, unknown> | undefined;
  try {
    item = (
      await db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: scope.key,
          UpdateExpression: "ADD tries :one",
          ConditionExpression: "attribute_exists(pk) AND tries < :max AND validUntil > :now",
          ExpressionAttributeValues: { ":one": 1, ":max": CODE_MAX_TRIES, ":now": seconds },
          ReturnValues: "ALL_NEW",
        }),
      )
    ).Attributes;
  } catch (error) {
    if (isConditionFailure(error)) wrongCode();
    throw error;
  }
  const expected = Buffer.from(String(item?.hash ?? ""));
  const given = Buffer.from(await scopedHmac(scope.purpose, scope.scopeId, phone, code));
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) wrongCode();
  try {
    await db().send(new DeleteCommand({ TableName: tableName(), Key: scope.key, ConditionExpression: "#hash = :hash", ExpressionAttributeNames: { "#hash": "hash" }, ExpressionAttributeValues: { ":hash": item!.hash } }));
  } catch (error) {
    if (isConditionFailure(error)) wrongCode();
    throw error;
  }
}
