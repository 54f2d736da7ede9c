/**
 * The Idempotency-Key claim and the object it names are stored in one transaction
 * (core/idempotency/claims.ts, core/db/joined-write.ts), against DynamoDB Local: a claim is never
 * stored without its object, so a retry is marked a replay only when the first try wrote.
 */
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { db, tableName } from "@tongxin/core/db/client";
import { withJoinedWrites } from "@tongxin/core/db/joined-write";
import { cancellationReasons, isConditionFailure } from "@tongxin/core/db/transactions";
import { AppError } from "@tongxin/core/errors";
import { claimKey } from "@tongxin/core/idempotency/claims";
import { fingerprintOf, recordIdOf } from "@tongxin/core/idempotency/fingerprint";
import { Keys } from "@tongxin/core/db/keys";

const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let n = 0;
const scope = () => ({ accountId: `claims-${run}`, method: "POST", path: `/api/things/${run}-${(n += 1)}` });
const body = { name: "一件东西" };

const thingKey = (id: string) => ({ pk: `THING#${id}`, sk: "THING" });
const putThing = (id: string) =>
  new PutCommand({ TableName: tableName(), Item: { ...thingKey(id), type: "thing", thingId: id }, ConditionExpression: "attribute_not_exists(pk)" });
const thing = async (id: string) => (await db().send(new GetCommand({ TableName: tableName(), Key: thingKey(id), ConsistentRead: true }))).Item;
const claimOf = async (s: ReturnType<typeof scope>, key: string) =>
  (await db().send(new GetCommand({ TableName: tableName(), Key: Keys.idempotencyKey(recordIdOf(s, key)), ConsistentRead: true }))).Item;

describe("an Idempotency-Key claim is stored in the transaction of the object it names", () => {
  it("a single Put of the object becomes one transaction with the claim; the retry gets the same id, marked a retry", async () => {
    const s = scope();
    const first = await withJoinedWrites(async () => {
      const claim = await claimKey(s, "k", fingerprintOf(body));
      expect(await claimOf(s, "k"), "nothing stored before the object's write").toBeUndefined();
      await db().send(putThing(claim.objectId));
      return claim;
    });
    expect(first.retry).toBe(false);
    expect(await thing(first.objectId)).toBeDefined();
    expect(await claimOf(s, "k")).toMatchObject({ fingerprint: fingerprintOf(body) });
    const retry = await withJoinedWrites(() => claimKey(s, "k", fingerprintOf(body)));
    expect(retry).toEqual({ objectId: first.objectId, retry: true });
  });

  it("a transaction and an Update carrying the id take the claim too; writes that do not carry it do not", async () => {
    const s = scope();
    const other = `other-${run}-${n}`;
    const objectId = await withJoinedWrites(async () => {
      const { objectId } = await claimKey(s, "k", fingerprintOf(body));
      await db().send(putThing(other));
      expect(await claimOf(s, "k"), "a write of another object").toBeUndefined();
      await db().send(new TransactWriteCommand({ TransactItems: [{ Put: putThing(objectId).input as never }] }));
      return objectId;
    });
    expect(await claimOf(s, "k")).toBeDefined();
    expect(await thing(objectId)).toBeDefined();
    const s2 = scope();
    await withJoinedWrites(async () => {
      const { objectId: id } = await claimKey(s2, "k", fingerprintOf(body));
      await db().send(new UpdateCommand({ TableName: tableName(), Key: thingKey(other), UpdateExpression: "SET lastRequest = :id", ExpressionAttributeValues: { ":id": id } }));
    });
    expect(await claimOf(s2, "k")).toBeDefined();
  });

  it("a first try whose write fails stores no claim: the key stays free and the next try is not a retry", async () => {
    const s = scope();
    const taken = `taken-${run}`;
    await db().send(putThing(taken));
    await withJoinedWrites(async () => {
      const claim = await claimKey(s, "k", fingerprintOf(body));
      // The object's write fails on its own condition, as a single Put would.
      const failed = await db()
        .send(new PutCommand({ TableName: tableName(), Item: { ...thingKey(taken), type: "thing", by: claim.objectId }, ConditionExpression: "attribute_not_exists(pk)" }))
        .catch((error: unknown) => error);
      expect(isConditionFailure(failed)).toBe(true);
    });
    expect(await claimOf(s, "k")).toBeUndefined();
    const next = await withJoinedWrites(async () => {
      const claim = await claimKey(s, "k", fingerprintOf(body));
      await db().send(putThing(claim.objectId));
      return claim;
    });
    expect(next.retry).toBe(false);
    expect(await thing(next.objectId)).toBeDefined();
  });

  it("of two first tries racing with one key, one stores claim and object; the other is refused with idempotency.in_progress and stores nothing", async () => {
    const raced = await withJoinedWrites(async () => {
      // Both read "no claim" before either wrote; the winner's write lands first.
      const loser = scope();
      const claim = await claimKey(loser, "k", fingerprintOf(body));
      await withJoinedWrites(async () => {
        const winner = await claimKey(loser, "k", fingerprintOf(body));
        await db().send(putThing(winner.objectId));
      });
      return db()
        .send(putThing(claim.objectId))
        .then(() => ({ claim, error: undefined }))
        .catch((error: unknown) => ({ claim, error }));
    });
    expect(raced.error).toBeInstanceOf(AppError);
    expect((raced.error as AppError).code).toBe("idempotency.in_progress");
    expect(await thing(raced.claim.objectId), "the loser's object").toBeUndefined();
    expect(cancellationReasons(raced.error)).toBeUndefined();
  });
});
