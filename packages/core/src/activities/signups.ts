import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { queryAll } from "../db/query";
import { AppError } from "../errors";
import { newId } from "../ids";
import type { TransactItem } from "../db/transactions";
import { requireActivity } from "./activities";
import { orderSignups, pickFields, SIGNUP_FIELDS, signupView, type Activity, type Signup, type SignupView } from "./model";
import { names } from "./expressions";
import { Contention, withRetries } from "./retry";
import { hasEnded } from "./time";

/**
 * Sign-ups with a capacity that is never exceeded:
 * - a place is taken by a transaction that increments `confirmed` only while it is below
 *   `capacity` and puts the sign-up only if the person has none (or a cancelled one);
 * - when full, a waitlist ticket comes from an atomic counter, and the waitlist entry is
 *   written with `waitlisted + 1` only while the activity is still full;
 * - a confirmed person's cancellation and the promotion of the waitlist's head (read by a
 *   consistent Query) are one transaction, conditional on the head still waiting; with
 *   nobody waiting, the place is freed only if `waitlisted = 0` still holds.
 * Whoever loses a race reads again and retries.
 */
type Person = { accountId: string; name: string };

const table = () => tableName();

export async function getSignup(activityId: string, accountId: string): Promise<Signup | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: table(), Key: Keys.signup(activityId, accountId), ConsistentRead: true }));
  return Item ? pickFields<Signup>(Item, SIGNUP_FIELDS) : undefined;
}

function assertOpen(activity: Activity, now: Date): void {
  if (activity.status === "cancelled") throw new AppError("activity.cancelled", "活动已取消，不能再报名");
  if (activity.status !== "open") throw new AppError("activity.closed", "活动已结束并已提交总结，不能再报名或取消");
  if (hasEnded(activity, now)) throw new AppError("activity.closed", "活动已结束，不能再报名或取消");
}

/** 1 + how many people wait ahead of this ticket (a consistent count). */
export async function waitlistPosition(activityId: string, ticket: number): Promise<number> {
  const key = Keys.waitlistOf(activityId);
  let ahead = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        ExpressionAttributeValues: { ":pk": key.pk, ":from": key.skPrefix, ":to": Keys.waitlistEntry(activityId, ticket - 1).sk },
        ConsistentRead: true,
        Select: "COUNT",
        ExclusiveStartKey: start,
      }),
    );
    ahead += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return ahead + 1;
}

async function viewOf(signup: Signup, own: boolean): Promise<SignupView> {
  const position = signup.status === "waitlisted" && signup.ticket ? await waitlistPosition(signup.activityId, signup.ticket) : undefined;
  return signupView(signup, position, own);
}

function signupItem(activity: Activity, person: Person, fields: Partial<Signup> & Pick<Signup, "status">, requestId: string | undefined, now: string) {
  const signup: Signup = {
    activityId: activity.activityId,
    accountId: person.accountId,
    name: person.name,
    signedUpAt: now,
    requestId,
    title: activity.title,
    startsAt: activity.startsAt,
    endsAt: activity.endsAt,
    venue: activity.venue,
    unitName: activity.unitName,
    ...fields,
  };
  return {
    Put: {
      TableName: table(),
      Item: { ...Keys.signup(activity.activityId, person.accountId), ...Keys.signupOfAccount(person.accountId, activity.startsAt, activity.activityId), type: "signup", ...signup },
      // One sign-up per person; a cancelled one may be replaced by a new sign-up.
      ConditionExpression: "attribute_not_exists(pk) OR #status = :cancelled",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":cancelled": "cancelled" },
    },
  } satisfies TransactItem;
}

function tokenPut(activityId: string, accountId: string, token: string): TransactItem {
  return {
    Put: { TableName: table(), Item: { ...Keys.checkinToken(activityId, token), type: "checkinToken", activityId, accountId }, ConditionExpression: "attribute_not_exists(pk)" },
  };
}

async function reserveTicket(activityId: string): Promise<number> {
  const { Attributes } = await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: Keys.activity(activityId),
      UpdateExpression: "ADD #waitSeq :one",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeNames: names("waitSeq"),
      ExpressionAttributeValues: { ":one": 1 },
      ReturnValues: "UPDATED_NEW",
    }),
  );
  return Number(Attributes?.waitSeq);
}

export interface SignupOutcome {
  signup: SignupView;
  /** The request was a retry of the one that made this sign-up (same Idempotency-Key). */
  replayed: boolean;
}

/**
 * Signs a person up: confirmed while places remain, else on the waitlist with a position.
 * A second sign-up is refused (409 with the existing one), unless it is a retry of the
 * request that made it (`requestId`), which gets the sign-up back.
 */
export async function signUp(activityId: string, person: Person, requestId?: string): Promise<SignupOutcome> {
  let ticket: number | undefined;
  return withRetries(async () => {
    const now = new Date();
    const activity = await requireActivity(activityId, true);
    const existing = await getSignup(activityId, person.accountId);
    if (existing && existing.status !== "cancelled") {
      if (requestId && existing.requestId === requestId) return { signup: await viewOf(existing, true), replayed: true };
      throw new AppError("signup.exists", "您已报名该活动", { details: { signup: await viewOf(existing, true) } });
    }
    assertOpen(activity, now);
    const at = now.toISOString();

    if (activity.confirmed < activity.capacity) {
      const token = newId();
      const put = signupItem(activity, person, { status: "confirmed", confirmedAt: at, checkinToken: token }, requestId, at);
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: table(),
                Key: Keys.activity(activityId),
                UpdateExpression: "SET #confirmed = #confirmed + :one",
                ConditionExpression: "#status = :open AND #confirmed < #capacity",
                ExpressionAttributeNames: names("status", "confirmed", "capacity"),
                ExpressionAttributeValues: { ":one": 1, ":open": "open" },
              },
            },
            put,
            tokenPut(activityId, person.accountId, token),
          ],
        }),
      );
      return { signup: signupView(put.Put.Item as unknown as Signup, undefined, true), replayed: false };
    }

    // Full: take a ticket once (kept across retries), then join the waitlist while still full.
    ticket ??= await reserveTicket(activityId);
    const put = signupItem(activity, person, { status: "waitlisted", ticket }, requestId, at);
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table(),
              Key: Keys.activity(activityId),
              UpdateExpression: "SET #waitlisted = #waitlisted + :one",
              ConditionExpression: "#status = :open AND #confirmed >= #capacity",
              ExpressionAttributeNames: names("status", "waitlisted", "confirmed", "capacity"),
              ExpressionAttributeValues: { ":one": 1, ":open": "open" },
            },
          },
          put,
          {
            Put: {
              TableName: table(),
              Item: { ...Keys.waitlistEntry(activityId, ticket), type: "waitlistEntry", activityId, accountId: person.accountId, ticket },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        ],
      }),
    );
    return { signup: signupView(put.Put.Item as unknown as Signup, await waitlistPosition(activityId, ticket), true), replayed: false };
  });
}

export interface CancelOutcome {
  signup: SignupView;
  /** Who took the freed place, if anyone was waiting. */
  promoted?: { accountId: string; name: string };
}

/** The waitlist's head: the smallest ticket still waiting (consistent). */
async function waitlistHead(activityId: string): Promise<{ accountId: string; ticket: number } | undefined> {
  const key = Keys.waitlistOf(activityId);
  const { Items } = await db().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": key.pk, ":prefix": key.skPrefix },
      ConsistentRead: true,
      Limit: 1,
    }),
  );
  const head = Items?.[0];
  return head ? { accountId: head.accountId as string, ticket: Number(head.ticket) } : undefined;
}

function cancelUpdate(signup: Signup, at: string): TransactItem {
  return {
    Update: {
      TableName: table(),
      Key: Keys.signup(signup.activityId, signup.accountId),
      UpdateExpression: "SET #status = :cancelled, #cancelledAt = :at REMOVE #checkinToken",
      ConditionExpression: "#status = :was AND attribute_not_exists(#checkedInAt)",
      ExpressionAttributeNames: names("status", "cancelledAt", "checkinToken", "checkedInAt"),
      ExpressionAttributeValues: { ":cancelled": "cancelled", ":at": at, ":was": signup.status },
    },
  };
}

/**
 * Cancels a person's sign-up. A waitlisted person just leaves the queue; a confirmed one's
 * place goes to the head of the waitlist in the same transaction, or is freed if nobody waits.
 */
export async function cancelSignup(activityId: string, accountId: string): Promise<CancelOutcome> {
  return withRetries(async () => {
    const now = new Date();
    const at = now.toISOString();
    const [activity, signup] = await Promise.all([requireActivity(activityId, true), getSignup(activityId, accountId)]);
    if (!signup || signup.status === "cancelled") throw new AppError("signup.not_found", "您尚未报名该活动");
    assertOpen(activity, now);
    if (signup.checkedInAt) throw new AppError("signup.checked_in", "已签到，不能取消报名");
    const cancelled = { ...signup, status: "cancelled" as const, cancelledAt: at, checkinToken: undefined };

    if (signup.status === "waitlisted") {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            cancelUpdate(signup, at),
            { Delete: { TableName: table(), Key: Keys.waitlistEntry(activityId, signup.ticket!), ConditionExpression: "attribute_exists(pk)" } },
            { Update: { TableName: table(), Key: Keys.activity(activityId), UpdateExpression: "SET #waitlisted = #waitlisted - :one", ExpressionAttributeNames: names("waitlisted"), ExpressionAttributeValues: { ":one": 1 } } },
          ],
        }),
      );
      return { signup: signupView(cancelled, undefined, true) };
    }

    const mine: TransactItem[] = [cancelUpdate(signup, at), ...(signup.checkinToken ? [{ Delete: { TableName: table(), Key: Keys.checkinToken(activityId, signup.checkinToken) } }] : [])];
    const head = await waitlistHead(activityId);
    if (!head) {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            ...mine,
            {
              Update: {
                TableName: table(),
                Key: Keys.activity(activityId),
                UpdateExpression: "SET #confirmed = #confirmed - :one",
                // Someone joined the waitlist since the head was read: promote them instead.
                ConditionExpression: "#waitlisted = :zero AND #status = :open",
                ExpressionAttributeNames: names("confirmed", "waitlisted", "status"),
                ExpressionAttributeValues: { ":one": 1, ":zero": 0, ":open": "open" },
              },
            },
          ],
        }),
      );
      return { signup: signupView(cancelled, undefined, true) };
    }

    const headSignup = await getSignup(activityId, head.accountId);
    if (!headSignup || headSignup.status !== "waitlisted" || headSignup.ticket !== head.ticket) throw new Contention("waitlist head moved");
    const token = newId();
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          ...mine,
          {
            Update: {
              TableName: table(),
              Key: Keys.signup(activityId, head.accountId),
              UpdateExpression: "SET #status = :confirmed, #confirmedAt = :at, #checkinToken = :token",
              ConditionExpression: "#status = :waitlisted AND #ticket = :ticket",
              ExpressionAttributeNames: names("status", "confirmedAt", "checkinToken", "ticket"),
              ExpressionAttributeValues: { ":confirmed": "confirmed", ":waitlisted": "waitlisted", ":at": at, ":token": token, ":ticket": head.ticket },
            },
          },
          { Delete: { TableName: table(), Key: Keys.waitlistEntry(activityId, head.ticket), ConditionExpression: "attribute_exists(pk)" } },
          tokenPut(activityId, head.accountId, token),
          {
            Update: {
              TableName: table(),
              Key: Keys.activity(activityId),
              UpdateExpression: "SET #waitlisted = #waitlisted - :one",
              ConditionExpression: "#status = :open",
              ExpressionAttributeNames: names("waitlisted", "status"),
              ExpressionAttributeValues: { ":one": 1, ":open": "open" },
            },
          },
        ],
      }),
    );
    return { signup: signupView(cancelled, undefined, true), promoted: { accountId: head.accountId, name: headSignup.name } };
  });
}

/** A person's own sign-up with their current waitlist position, if they have one. */
export async function mySignup(activityId: string, accountId: string): Promise<SignupView | undefined> {
  const signup = await getSignup(activityId, accountId);
  return signup ? viewOf(signup, true) : undefined;
}

/** Every sign-up of an activity (one Query on its partition), in list order with positions. */
export async function listSignups(activityId: string): Promise<SignupView[]> {
  const key = Keys.signupsOf(activityId);
  const items = await queryAll({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
    ExpressionAttributeValues: { ":pk": key.pk, ":prefix": key.skPrefix },
    ConsistentRead: true,
  });
  return orderSignups(items.map((item) => pickFields<Signup>(item, SIGNUP_FIELDS))).map(({ signup, position }) => signupView(signup, position, false));
}

/** A person's sign-ups (all statuses), soonest activity first: one Query on gsi1. */
export async function signupsOfAccount(accountId: string): Promise<Array<SignupView & Pick<Signup, "title" | "startsAt" | "endsAt" | "venue" | "unitName">>> {
  const key = Keys.signupsOfAccount(accountId);
  const items = await queryAll({
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :prefix)",
    ExpressionAttributeValues: { ":pk": key.gsi1pk, ":prefix": key.gsi1skPrefix },
  });
  return items.map((item) => {
    const signup = pickFields<Signup>(item, SIGNUP_FIELDS);
    return { ...signupView(signup, undefined, true), title: signup.title, startsAt: signup.startsAt, endsAt: signup.endsAt, venue: signup.venue, unitName: signup.unitName };
  });
}
