import { Keys } from "../db/keys";
import { tableName } from "../db/client";
import type { TransactItem } from "../db/transactions";
import { open, seal } from "../privacy/envelope";
import { keyedHash } from "../privacy/keyed-hash";
import { maskIdCard } from "../privacy/mask";

/**
 * A member's 身份证号 as the membership item keeps it: sealed (bound to the membership), a
 * keyed hash for "one number per member of an org", and the masked form the roll shows (so
 * listing never decrypts). The claim item `IDNO#<hash>` in the org's partition names the one
 * account the number belongs to there.
 */
export interface SealedIdNumber {
  idNumberSealed: string;
  idNumberHash: string;
  idNumberMasked: string;
}

const context = (orgId: string, accountId: string) => `member:${orgId}:${accountId}`;

export async function sealIdNumber(orgId: string, accountId: string, idNumber: string): Promise<SealedIdNumber> {
  return {
    idNumberSealed: await seal(idNumber, context(orgId, accountId)),
    idNumberHash: await keyedHash("idcard", idNumber),
    idNumberMasked: maskIdCard(idNumber),
  };
}

export function openIdNumber(orgId: string, accountId: string, sealed: string): Promise<string> {
  return open(sealed, context(orgId, accountId));
}

/** Claims the number for the account in the org; fails if another account of the org holds it. */
export function idClaimPut(orgId: string, idHash: string, accountId: string): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...Keys.memberIdNumberClaim(orgId, idHash), type: "id_number_claim", orgId, accountId },
      ConditionExpression: "attribute_not_exists(pk) OR accountId = :me",
      ExpressionAttributeValues: { ":me": accountId },
    },
  };
}

export function idClaimDelete(orgId: string, idHash: string, accountId: string): TransactItem {
  return {
    Delete: {
      TableName: tableName(),
      Key: Keys.memberIdNumberClaim(orgId, idHash),
      ConditionExpression: "attribute_not_exists(pk) OR accountId = :me",
      ExpressionAttributeValues: { ":me": accountId },
    },
  };
}

export const ID_NUMBER_TAKEN = "该身份证号已登记在本组织的其他成员名下";
