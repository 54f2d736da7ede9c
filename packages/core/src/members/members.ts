import {
  DeleteCommand,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { accountCreationItems } from "../auth/accounts";
import { invitationItems } from "../auth/invitation";
import type { Role } from "../access/roles";
import { batchGetAll } from "../db/batch";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import type { Page } from "../db/paging";
import { queryAll, queryPage } from "../db/query";
import { cancellationReasons, isConditionFailure, type TransactItem } from "../db/transactions";
import { AppError } from "../errors";
import { newId, nowIso } from "../ids";
import { keyedHash } from "../privacy/keyed-hash";
import type { OrgKind } from "../orgs/kinds";
import type { Org } from "../orgs/orgs";
import type { MemberProfile, MemberUpdate, NewMember } from "./profile";
import { ID_NUMBER_TAKEN, idClaimDelete, idClaimPut, openIdNumber, sealIdNumber, type SealedIdNumber } from "./id-number";
import type { CheckedRoster, RosterPerson, RowError } from "./roster";


/** A person's membership of one org, with the profile the org keeps for them. */
export interface Member extends MemberProfile {
  orgId: string;
  accountId: string;
  joinedAt: string;
  updatedAt: string;
}

const MEMBER_FIELDS = ["orgId", "accountId", "name", "phone", "email", "unit", "title", "stratum", "roles", "joinedAt", "updatedAt"] as const;

/** The membership as the roll reads it: the 身份证号, if any, in its masked form (id-number.ts). */
function toMember(item: Record<string, unknown>): Member {
  const member = Object.fromEntries(MEMBER_FIELDS.filter((field) => item[field] !== undefined).map((field) => [field, item[field]])) as unknown as Member;
  return typeof item.idNumberMasked === "string" ? { ...member, idNumber: item.idNumberMasked } : member;
}

/**
 * The org's name, kind and place in the tree are copied onto the membership so "my orgs" and the
 * policy need one Query. The 身份证号 is never stored plain: `sealed` carries it.
 */
function membershipPut(org: Org, accountId: string, profile: MemberProfile, joinedAt: string, condition?: string, sealed?: SealedIdNumber): TransactItem {
  const { idNumber: _plain, ...rest } = profile;
  const member: Omit<Member, "idNumber"> = { ...rest, orgId: org.orgId, accountId, joinedAt, updatedAt: nowIso() };
  return {
    Put: {
      TableName: tableName(),
      Item: { ...Keys.membership(org.orgId, accountId), type: "membership", orgName: org.name, orgKind: org.kind, orgPath: org.path, ...member, ...sealed },
      ConditionExpression: condition,
    },
  };
}

/** The membership's writes: the item, and the claim of its 身份证号 in the org (last). */
async function membershipWrites(org: Org, accountId: string, profile: MemberProfile, joinedAt: string, condition?: string): Promise<TransactItem[]> {
  const sealed = profile.idNumber ? await sealIdNumber(org.orgId, accountId, profile.idNumber) : undefined;
  return [membershipPut(org, accountId, profile, joinedAt, condition, sealed), ...(sealed ? [idClaimPut(org.orgId, sealed.idNumberHash, accountId)] : [])];
}

const idNumberTaken = () => new AppError("validation.failed", ID_NUMBER_TAKEN, { fields: { idNumber: [ID_NUMBER_TAKEN] } });

async function accountIdForLogin(login: string): Promise<string | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.login(login) }));
  return Item?.accountId as string | undefined;
}

/** Whether an existing account still has no password (it was added somewhere and never accepted). */
async function withoutPassword(accountId: string): Promise<boolean> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.account(accountId), ProjectionExpression: "passwordHash" }));
  return Boolean(Item) && typeof Item?.passwordHash !== "string";
}

/**
 * Adds a person to an org. A phone number already known to the platform joins that
 * account; otherwise an account is created in the same transaction as the membership.
 * When two admins add the same new person at once, the loser's retry finds the winner's
 * account, so one person never gets two accounts. Whoever has no password yet is invited
 * (an SMS with a link to set one, auth/invitation.ts) in the same transaction.
 */
export async function addMember(org: Org, input: NewMember, attempt = 1): Promise<Member> {
  const { initialPassword: _never, ...profile } = input;
  const existingAccountId = await accountIdForLogin(profile.phone);
  const joinedAt = nowIso();
  const notMemberYet = "attribute_not_exists(pk)";
  let items: TransactItem[];
  let logins: string[] = [];
  let membership: TransactItem[];
  let invitation: TransactItem[] = [];
  if (existingAccountId) {
    membership = await membershipWrites(org, existingAccountId, profile, joinedAt, notMemberYet);
    // A retry after losing the race to create the account: the winner's write invited them.
    if (attempt === 1 && (await withoutPassword(existingAccountId))) invitation = await invitationItems({ accountId: existingAccountId, phone: profile.phone, orgName: org.name });
    items = [...invitation, ...membership];
  } else {
    const created = await accountCreationItems({ name: profile.name, phone: profile.phone, email: profile.email }, newId());
    logins = created.logins;
    membership = await membershipWrites(org, created.account.accountId, profile, joinedAt, notMemberYet);
    invitation = await invitationItems({ accountId: created.account.accountId, phone: profile.phone, orgName: org.name });
    items = [...invitation, ...created.items, ...membership];
  }
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    // The invitation's writes go first and are unconditional: read the reasons after them.
    const reasons = cancellationReasons(error)?.slice(invitation.length);
    if (!reasons) throw error;
    const membershipAt = reasons.length - membership.length;
    if (reasons[membershipAt] === "ConditionalCheckFailed") {
      throw new AppError("validation.failed", "此人已是本组织成员", { fields: { phone: ["此人已是本组织成员"] } });
    }
    if (membership.length > 1 && reasons.at(-1) === "ConditionalCheckFailed") throw idNumberTaken();
    // Item 0 is the account, then one claim per login, in `logins` order.
    const [phoneTaken, emailTaken] = logins.map((_, index) => reasons[index + 1] === "ConditionalCheckFailed");
    if (phoneTaken && attempt === 1) return addMember(org, input, 2);
    if (emailTaken) throw new AppError("account.login_taken", "该邮箱已被其他账号使用", { fields: { email: ["该邮箱已被其他账号使用"] } });
    throw error;
  }
  return toMember((membership[0] as { Put: { Item: Record<string, unknown> } }).Put.Item);
}

export async function getMember(orgId: string, accountId: string): Promise<Member | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: pick(Keys.membership(orgId, accountId)) }));
  return Item ? toMember(Item) : undefined;
}

function pick(key: { pk: string; sk: string }) {
  return { pk: key.pk, sk: key.sk };
}

/** The member with their 身份证号 in full (for 查看完整, which the caller logs). */
export async function getMemberInFull(orgId: string, accountId: string): Promise<Member | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: pick(Keys.membership(orgId, accountId)) }));
  if (!Item) return undefined;
  const member = toMember(Item);
  return typeof Item.idNumberSealed === "string" ? { ...member, idNumber: await openIdNumber(orgId, accountId, Item.idNumberSealed) } : member;
}

/** A new 身份证号 for a member: the sealed form replaces the old, the org's claim moves with it, or nothing changes. */
async function changeIdNumber(orgId: string, accountId: string, idNumber: string): Promise<void> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: pick(Keys.membership(orgId, accountId)), ConsistentRead: true }));
  if (!Item) throw new AppError("member.not_found", "成员不存在");
  const sealed = await sealIdNumber(orgId, accountId, idNumber);
  const previous = Item.idNumberHash as string | undefined;
  const items: TransactItem[] = [
    {
      Update: {
        TableName: tableName(),
        Key: pick(Keys.membership(orgId, accountId)),
        UpdateExpression: "SET idNumberSealed = :sealed, idNumberHash = :hash, idNumberMasked = :masked",
        ConditionExpression: previous ? "idNumberHash = :previous" : "attribute_exists(pk) AND attribute_not_exists(idNumberHash)",
        ExpressionAttributeValues: { ":sealed": sealed.idNumberSealed, ":hash": sealed.idNumberHash, ":masked": sealed.idNumberMasked, ...(previous ? { ":previous": previous } : {}) },
      },
    },
    idClaimPut(orgId, sealed.idNumberHash, accountId),
    ...(previous && previous !== sealed.idNumberHash ? [idClaimDelete(orgId, previous, accountId)] : []),
  ];
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons?.[1] === "ConditionalCheckFailed") throw idNumberTaken();
    if (reasons?.[0] === "ConditionalCheckFailed") throw new AppError("conflict.stale", "成员信息已在别处更新，请刷新后再保存");
    throw error;
  }
}

/** Changes a member's profile or roles; the phone (their login) stays. */
export async function updateMember(orgId: string, accountId: string, input: MemberUpdate): Promise<Member> {
  const { idNumber, ...update } = input;
  if (idNumber) await changeIdNumber(orgId, accountId, idNumber);
  const entries = Object.entries({ ...update, updatedAt: nowIso() }).filter(([, value]) => value !== undefined);
  const removed = (["unit", "title", "stratum"] as const).filter((field) => field in update && update[field] === undefined);
  const set = entries.map((_, index) => `#f${index} = :v${index}`).join(", ");
  const remove = removed.length > 0 ? ` REMOVE ${removed.map((_, index) => `#r${index}`).join(", ")}` : "";
  try {
    const { Attributes } = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: pick(Keys.membership(orgId, accountId)),
        UpdateExpression: `SET ${set}${remove}`,
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: {
          ...Object.fromEntries(entries.map(([field], index) => [`#f${index}`, field])),
          ...Object.fromEntries(removed.map((field, index) => [`#r${index}`, field])),
        },
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, value], index) => [`:v${index}`, value])),
        ReturnValues: "ALL_NEW",
      }),
    );
    return toMember(Attributes ?? {});
  } catch (error) {
    if (isConditionFailure(error)) throw new AppError("member.not_found", "成员不存在");
    throw error;
  }
}

export async function removeMember(orgId: string, accountId: string): Promise<void> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: pick(Keys.membership(orgId, accountId)), ConsistentRead: true, ProjectionExpression: "idNumberHash" }));
  const hash = Item?.idNumberHash as string | undefined;
  try {
    if (hash) {
      // The membership and its 身份证号 claim go together.
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            { Delete: { TableName: tableName(), Key: pick(Keys.membership(orgId, accountId)), ConditionExpression: "attribute_exists(pk)" } },
            idClaimDelete(orgId, hash, accountId),
          ],
        }),
      );
    } else {
      await db().send(
        new DeleteCommand({ TableName: tableName(), Key: pick(Keys.membership(orgId, accountId)), ConditionExpression: "attribute_exists(pk)" }),
      );
    }
  } catch (error) {
    if (isConditionFailure(error) || cancellationReasons(error)?.[0] === "ConditionalCheckFailed") throw new AppError("member.not_found", "成员不存在");
    throw error;
  }
}

/** One page of an org's members. */
export async function listMembers(orgId: string, options: { cursor?: string; limit?: number } = {}): Promise<Page<Member>> {
  const key = Keys.membersOf(orgId);
  const page = await queryPage(
    { KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)", ExpressionAttributeValues: { ":pk": key.pk, ":prefix": key.skPrefix } },
    options,
  );
  return { items: page.items.map(toMember), cursor: page.cursor };
}

export interface Membership {
  orgId: string;
  orgName: string;
  orgKind: OrgKind;
  /** The org's ancestors, root first. */
  orgPath: string[];
  roles: Role[];
}

/** Every org an account belongs to, with the roles held there. */
export async function membershipsOf(accountId: string): Promise<Membership[]> {
  const key = Keys.membershipsOf(accountId);
  const items = await queryAll({
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :prefix)",
    ExpressionAttributeValues: { ":pk": key.gsi1pk, ":prefix": key.gsi1skPrefix },
    ProjectionExpression: "orgId, orgName, orgKind, orgPath, #roles",
    ExpressionAttributeNames: { "#roles": "roles" },
  });
  return items.map((item) => ({ ...(item as unknown as Membership), orgPath: (item.orgPath as string[] | undefined) ?? [] }));
}

export interface ImportResult {
  created: number;
  updated: number;
}

/**
 * Adds or updates every person of a validated roll. People are written in transactions of
 * whole persons (account, login claims and membership together); the writes are upserts,
 * so re-running an interrupted import completes it without duplicates.
 */
export async function importMembers(org: Org, profiles: MemberProfile[]): Promise<ImportResult> {
  const accountByPhone = await lookUpLogins(profiles.map((profile) => profile.phone));
  const existing = await existingMemberIds(org.orgId, [...accountByPhone.values()]);
  const previousHashes = new Map(
    (await batchGetAll([...existing.keys()].map((id) => pick(Keys.membership(org.orgId, id))), "accountId, idNumberHash"))
      .filter((item) => typeof item.idNumberHash === "string")
      .map((item) => [item.accountId as string, item.idNumberHash as string]),
  );
  const joinedAt = nowIso();
  const groups: TransactItem[][] = [];
  for (const profile of profiles) {
    const accountId = accountByPhone.get(profile.phone);
    if (accountId) {
      const writes = await membershipWrites(org, accountId, profile, existing.get(accountId) ?? joinedAt);
      // A member whose roll row brings a new 身份证号 gives up the old one's claim.
      const previous = previousHashes.get(accountId);
      const next = (writes[0] as { Put: { Item: Record<string, unknown> } }).Put.Item.idNumberHash;
      if (previous && next && previous !== next) writes.push(idClaimDelete(org.orgId, previous, accountId));
      groups.push(writes);
      continue;
    }
    const account = await accountCreationItems({ name: profile.name, phone: profile.phone }, newId());
    const invitation = await invitationItems({ accountId: account.account.accountId, phone: profile.phone, orgName: org.name });
    groups.push([...account.items, ...(await membershipWrites(org, account.account.accountId, profile, joinedAt)), ...invitation]);
  }
  for (const batch of chunkGroups(groups, 100)) {
    try {
      await db().send(new TransactWriteCommand({ TransactItems: batch }));
    } catch (error) {
      // A 身份证号 claimed by someone else between the check (idNumberConflicts) and the write.
      if (cancellationReasons(error)?.some((reason) => reason === "ConditionalCheckFailed")) throw idNumberTaken();
      throw error;
    }
  }
  const updated = [...accountByPhone.values()].filter((accountId) => existing.has(accountId)).length;
  return { created: profiles.length - updated, updated };
}

/** One row of an import preview: who it is and which line of the file. */
export interface PreviewRow {
  row: number;
  name: string;
  phone: string;
}

/** What an import would do, shown before anything is written. */
export interface ImportPreview {
  /** People not yet members of the org (an account is created, or an existing one joins). */
  add: PreviewRow[];
  /** Rows whose phone is already a member of the org: their profile is updated. */
  update: Array<PreviewRow & { accountId: string }>;
  /** Rows that stop the import, with line and reason. */
  errors: RowError[];
}

/** Sorts a checked roll into additions and updates by looking each phone up; writes nothing. */
export async function previewImport(orgId: string, roster: CheckedRoster): Promise<ImportPreview> {
  const accountByPhone = await lookUpLogins(roster.people.map((person) => person.profile.phone));
  const existing = await existingMemberIds(orgId, [...accountByPhone.values()]);
  const preview: ImportPreview = { add: [], update: [], errors: roster.errors };
  for (const { row, profile } of roster.people) {
    const accountId = accountByPhone.get(profile.phone);
    const view = { row, name: profile.name, phone: profile.phone };
    if (accountId && existing.has(accountId)) preview.update.push({ ...view, accountId });
    else preview.add.push(view);
  }
  return preview;
}

/**
 * Rows of a roll whose 身份证号 is already claimed in the org by an account other than the row's
 * phone's (matched by keyed hash, never by decrypting the roll): they stop the import.
 */
export async function idNumberConflicts(orgId: string, people: RosterPerson[]): Promise<RowError[]> {
  const withId = people.filter((person) => person.profile.idNumber);
  if (withId.length === 0) return [];
  const accountByPhone = await lookUpLogins(withId.map((person) => person.profile.phone));
  const hashes = await Promise.all(withId.map((person) => keyedHash("idcard", person.profile.idNumber!)));
  const claims = await batchGetAll(hashes.map((hash) => Keys.memberIdNumberClaim(orgId, hash)));
  const holder = new Map(claims.map((claim) => [String(claim.sk).slice("IDNO#".length), claim.accountId as string]));
  return withId.flatMap((person, index) => {
    const owner = holder.get(hashes[index]!);
    return owner && owner !== accountByPhone.get(person.profile.phone) ? [{ row: person.row, column: "身份证号", message: ID_NUMBER_TAKEN }] : [];
  });
}

async function lookUpLogins(logins: string[]): Promise<Map<string, string>> {
  const items = await batchGetAll(logins.map((login) => Keys.login(login)));
  return new Map(items.map((item) => [item.login as string, item.accountId as string]));
}

/** accountId → joinedAt for those of `accountIds` who are already members. */
async function existingMemberIds(orgId: string, accountIds: string[]): Promise<Map<string, string>> {
  const items = await batchGetAll(accountIds.map((id) => pick(Keys.membership(orgId, id))), "accountId, joinedAt");
  return new Map(items.map((item) => [item.accountId as string, item.joinedAt as string]));
}

function chunkGroups<T>(groups: T[][], size: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  for (const group of groups) {
    if (current.length + group.length > size) {
      chunks.push(current);
      current = [];
    }
    current.push(...group);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
