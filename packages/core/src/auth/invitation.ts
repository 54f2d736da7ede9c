import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { cancellationReasons, type TransactItem } from "../db/transactions";
import { AppError } from "../errors";
import { newId } from "../ids";
import { MessageKeys } from "../messages/keys";
import { seal } from "../messages/sealed";
import type { Account } from "./accounts";
import { newPasswordItem, requireStrongPassword } from "./password-change";
import { startSession } from "./sessions";

/**
 * Invitations (邀请): a person added to a roll gets an SMS with a link that lets them choose
 * their own password — no admin ever chooses or sees it. The link carries a token that is good
 * for one thing (setting the first password of that account), once, for 7 days. Only its
 * SHA-256 is stored (`INVITE#<account>`, one live invitation per account: a new one replaces
 * the old). The SMS leaves through the stream (an `outgoing` item, parameters sealed), never
 * from the request.
 */
export const INVITATION_LIFETIME_SECONDS = 7 * 86_400;

export const invitationKey = (accountId: string) => ({ pk: `INVITE#${accountId}`, sk: "INVITE" });

const digest = (secret: string) => createHash("sha256").update(secret).digest("base64url");

/** The token's two parts: the account it is for, and the secret whose digest is stored. */
function parseToken(token: string): { accountId: string; secret: string } | undefined {
  const match = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return match ? { accountId: match[1]!, secret: match[2]! } : undefined;
}

/** The path of the page that opens an invitation; the token is in the fragment, so no server log holds it. */
export const invitationPath = (token: string) => `/invite#${token}`;

/**
 * The writes that invite an account: the invitation (digest only) and the SMS request, for the
 * transaction that adds the person to the roll.
 */
export async function invitationItems(input: { accountId: string; phone: string; orgName: string; now?: number }): Promise<TransactItem[]> {
  const seconds = Math.floor((input.now ?? Date.now()) / 1000);
  const secret = randomBytes(32).toString("base64url");
  const token = `${input.accountId}.${secret}`;
  const outgoingId = newId();
  const validUntil = seconds + INVITATION_LIFETIME_SECONDS;
  return [
    { Put: { TableName: tableName(), Item: { ...invitationKey(input.accountId), type: "invitation", accountId: input.accountId, digest: digest(secret), outgoingId, validUntil, expiresAt: validUntil } } },
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...MessageKeys.outgoing(outgoingId),
          type: "outgoing",
          outgoingId,
          template: "member.invited",
          to: input.phone,
          sealed: await seal({ org: input.orgName, link: invitationPath(token), accountId: input.accountId }),
          expiresAt: seconds + 86_400,
        },
      },
    },
  ];
}

function invalid(): never {
  throw new AppError("auth.invitation_invalid", "邀请链接无效、已使用或已过期，请用短信验证码登录或联系管理员重新邀请", { fields: { token: ["邀请链接无效、已使用或已过期"] } });
}

/** The invitation a token opens, still valid, and its account; otherwise 401 naming `token`. */
async function openInvitation(token: string, now: number): Promise<{ account: Account; stored: string }> {
  const parsed = parseToken(token.trim());
  if (!parsed) invalid();
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: invitationKey(parsed.accountId), ConsistentRead: true }));
  const given = Buffer.from(digest(parsed.secret));
  const stored = typeof Item?.digest === "string" ? Item.digest : "";
  if (!Item || stored.length !== given.length || !timingSafeEqual(Buffer.from(stored), given) || Number(Item.validUntil) <= Math.floor(now / 1000)) invalid();
  const { Item: account } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.account(parsed.accountId), ConsistentRead: true }));
  if (!account) invalid();
  return { account: account as Account, stored };
}

/** Who an invitation is for (the page greets them by name; nothing else is told). */
export async function invitationInfo(token: string, now = Date.now()): Promise<{ name: string }> {
  const { account } = await openInvitation(token, now);
  return { name: account.name };
}

/**
 * Accepts an invitation: the person's own password (under the strength rule) is set, the
 * invitation is used up and a session starts, all in one transaction conditional on the
 * invitation still being there: of two uses at once, one wins and the other is told the link
 * is used.
 */
export async function acceptInvitation(input: { token: string; password: string; now?: number }) {
  const now = input.now ?? Date.now();
  const { account, stored } = await openInvitation(input.token, now);
  requireStrongPassword(input.password, account, "password");
  const { item, epoch } = await newPasswordItem(account, input.password);
  const used: TransactItem = {
    Delete: { TableName: tableName(), Key: invitationKey(account.accountId), ConditionExpression: "digest = :digest", ExpressionAttributeValues: { ":digest": stored } },
  };
  try {
    return await startSession({ ...account, sessionEpoch: epoch }, [used, item], now);
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons?.[1] === "ConditionalCheckFailed" || reasons?.[2] === "ConditionalCheckFailed") invalid();
    throw error;
  }
}
