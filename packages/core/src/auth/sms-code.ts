import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import { DeleteCommand, GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { cancellationReasons, isConditionFailure, type TransactItem } from "../db/transactions";
import { AppError } from "../errors";
import { newId } from "../ids";
import { MessageKeys } from "../messages/keys";
import { seal } from "../messages/sealed";
import { sessionSecret } from "./secret";
import { MOBILE_PATTERN, normalizeLogin } from "./login-id";

/**
 * SMS verification codes (短信验证码): 6 digits, stored only as an HMAC, single use, 5 minutes,
 * 5 tries. Sending is throttled per phone (one per 60 s, ten per day) and per client address
 * (thirty per hour), each an atomic conditional write in the same transaction as the code, so
 * parallel requests cannot share one allowance. The SMS itself leaves through the stream
 * (an `outgoing` item), never from the request.
 */
export type CodePurpose = "login" | "reset";

export const CODE_LIFETIME_SECONDS = 5 * 60;
export const CODE_MAX_TRIES = 5;
export const PHONE_INTERVAL_SECONDS = 60;
export const PHONE_DAILY_LIMIT = 10;
export const CLIENT_HOURLY_LIMIT = 30;

const codeKey = (phone: string, purpose: CodePurpose) => ({ pk: `SMSCODE#${phone}`, sk: `CODE#${purpose}` });

/** A new 6-digit code. */
export const newSmsCode = () => String(randomInt(0, 1_000_000)).padStart(6, "0");

/** The normalized mobile number, or a 422 naming `phone`. */
export function requireMobile(raw: string): string {
  const phone = normalizeLogin(raw);
  if (!MOBILE_PATTERN.test(phone)) throw new AppError("validation.failed", "请输入正确的手机号", { fields: { phone: ["请输入正确的手机号"] } });
  return phone;
}

/**
 * The three sending allowances of a code family (`smscode` for sign-in and reset, `votecode` for a
 * public vote), to go first in the transaction that stores the code: one per phone per 60 s, ten
 * per phone per Beijing day, thirty per client address per hour. `codeRefused` reads which one held.
 */
export function codeSendingThrottles(family: string, phone: string, client: string, now: number): TransactItem[] {
  const seconds = Math.floor(now / 1000);
  const day = new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
  const hour = new Date(now).toISOString().slice(0, 13);
  const counter = (pk: string, max: number, ttl: number): TransactItem => ({
    Update: {
      TableName: tableName(),
      Key: { pk, sk: "THROTTLE" },
      UpdateExpression: "ADD sent :one SET #type = :type, expiresAt = :ttl",
      ConditionExpression: "attribute_not_exists(sent) OR sent < :max",
      ExpressionAttributeNames: { "#type": "type" },
      ExpressionAttributeValues: { ":one": 1, ":max": max, ":type": "throttle", ":ttl": ttl },
    },
  });
  return [
    {
      Put: {
        TableName: tableName(),
        Item: { pk: `THROTTLE#${family}#${phone}`, sk: "THROTTLE", type: "throttle", lastAt: seconds, expiresAt: seconds + PHONE_INTERVAL_SECONDS * 2 },
        ConditionExpression: "attribute_not_exists(pk) OR lastAt <= :minuteAgo",
        ExpressionAttributeValues: { ":minuteAgo": seconds - PHONE_INTERVAL_SECONDS },
      },
    },
    counter(`THROTTLE#${family}#${phone}#${day}`, PHONE_DAILY_LIMIT, seconds + 2 * 86_400),
    counter(`THROTTLE#${family}-client#${client}#${hour}`, CLIENT_HOURLY_LIMIT, seconds + 2 * 3600),
  ];
}

/** The transaction's failure as the allowance that held (429 with Retry-After), or the error itself. */
export function codeRefused(error: unknown): never {
  const reasons = cancellationReasons(error);
  if (!reasons?.includes("ConditionalCheckFailed")) throw error;
  if (reasons[0] === "ConditionalCheckFailed") throw new AppError("auth.throttled", "验证码发送过于频繁，请60秒后再试", { retryAfter: PHONE_INTERVAL_SECONDS });
  if (reasons[1] === "ConditionalCheckFailed") throw new AppError("auth.throttled", "该手机号今日获取验证码次数已达上限，请明天再试", { retryAfter: 3600 });
  throw new AppError("auth.throttled", "当前网络获取验证码过于频繁，请稍后再试", { retryAfter: 600 });
}

async function codeHash(phone: string, purpose: CodePurpose, code: string): Promise<string> {
  return createHmac("sha256", await sessionSecret()).update(`sms-code\u0000${purpose}\u0000${phone}\u0000${code}`).digest("base64url");
}

/**
 * Issues a code for a phone number. Answers the same whether or not an account has that
 * number (nothing to enumerate); only an account's number gets an SMS.
 */
export async function requestSmsCode(input: { phone: string; purpose: CodePurpose; client: string; now?: number }): Promise<{ retryAfter: number }> {
  const phone = requireMobile(input.phone);
  const now = input.now ?? Date.now();
  const seconds = Math.floor(now / 1000);
  const { Item: login } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.login(phone) }));
  const throttles = codeSendingThrottles("smscode", phone, input.client, now);
  const issued = [];
  if (login) {
    const code = newSmsCode();
    const outgoingId = newId();
    issued.push(
      {
        Put: {
          TableName: tableName(),
          Item: { ...codeKey(phone, input.purpose), type: "sms_code", hash: await codeHash(phone, input.purpose, code), accountId: login.accountId, tries: 0, validUntil: seconds + CODE_LIFETIME_SECONDS, expiresAt: seconds + CODE_LIFETIME_SECONDS },
        },
      },
      {
        Put: {
          TableName: tableName(),
          Item: { ...MessageKeys.outgoing(outgoingId), type: "outgoing", outgoingId, template: "auth.sms_code", to: phone, sealed: await seal({ code, accountId: String(login.accountId) }), expiresAt: seconds + 600 },
        },
      },
    );
  }
  try {
    await db().send(new TransactWriteCommand({ TransactItems: [...throttles, ...issued] }));
  } catch (error) {
    codeRefused(error);
  }
  return { retryAfter: PHONE_INTERVAL_SECONDS };
}

function wrongCode(): never {
  throw new AppError("auth.code_invalid", "验证码错误或已过期", { fields: { code: ["验证码错误或已过期"] } });
}

/**
 * Uses a code: counts the try first (at most 5 per code, atomically), then compares, then
 * deletes the code on the hash it matched, so of two uses at once only one succeeds.
 * @returns the account the code was issued to.
 */
export async function consumeSmsCode(input: { phone: string; purpose: CodePurpose; code: string; now?: number }): Promise<string> {
  const phone = requireMobile(input.phone);
  if (!/^\d{6}$/.test(input.code)) wrongCode();
  const seconds = Math.floor((input.now ?? Date.now()) / 1000);
  let item: Record<string, unknown> | undefined;
  try {
    item = (
      await db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: codeKey(phone, input.purpose),
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
  const given = Buffer.from(await codeHash(phone, input.purpose, input.code));
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) wrongCode();
  try {
    await db().send(new DeleteCommand({ TableName: tableName(), Key: codeKey(phone, input.purpose), ConditionExpression: "#hash = :hash", ExpressionAttributeNames: { "#hash": "hash" }, ExpressionAttributeValues: { ":hash": item!.hash } }));
  } catch (error) {
    if (isConditionFailure(error)) wrongCode();
    throw error;
  }
  return String(item!.accountId);
}
