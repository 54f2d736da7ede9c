import { AsyncLocalStorage } from "node:async_hooks";
import { PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { cancellationReasons, type TransactItem } from "./transactions";

/**
 * A write that must land in the same transaction as the object it belongs to: the first write of
 * the request that carries `marker` (an attribute of the item, its key or an update value holding
 * it) takes `item` into its transaction. Used by Idempotency-Key claims (idempotency/claims.ts):
 * the claim and the object it names are stored together or not at all, whichever core function
 * creates the object and however it writes it (one Put, one Update, or a transaction).
 */
export interface JoinedWrite {
  /** The id the object's write carries (the object id the claim derived). */
  marker: string;
  /** The write that joins it; put last in the transaction, so the object's own items keep their places. */
  item: TransactItem;
  /** The error when only the joined write failed (its own condition): another request won the race. */
  refusal: () => Error;
}

interface RequestWrites {
  pending?: JoinedWrite;
}

const requests = new AsyncLocalStorage<RequestWrites>();

/** Runs one request with its own pending joined write (the API's middleware wraps every request in it). */
export function withJoinedWrites<T>(run: () => Promise<T>): Promise<T> {
  return requests.run({}, run);
}

/** Sets the write that joins the request's next write carrying `write.marker`. */
export function joinNextWrite(write: JoinedWrite): void {
  const store = requests.getStore();
  if (!store) throw new Error("joinNextWrite outside withJoinedWrites: the request has no scope for the joined write");
  store.pending = write;
}

/** The joined write no write of the request took (undefined once one did), and forgets it. */
export function takeUnjoinedWrite(): JoinedWrite | undefined {
  const store = requests.getStore();
  const pending = store?.pending;
  if (store) store.pending = undefined;
  return pending;
}

const holds = (values: Record<string, unknown> | undefined, marker: string) =>
  Object.values(values ?? {}).some((value) => typeof value === "string" && value.includes(marker));

/** Whether a transaction item writes the object the marker names. */
function carries(item: TransactItem, marker: string): boolean {
  if (item.Put) return holds(item.Put.Item, marker);
  if (item.Update) return holds(item.Update.Key, marker) || holds(item.Update.ExpressionAttributeValues, marker);
  return false;
}

/** The error a single Put or Update throws when its condition fails, as core code tests for it (`isConditionFailure`). */
function conditionFailed(): Error {
  return Object.assign(new Error("The conditional request failed"), { name: "ConditionalCheckFailedException" });
}

type Send = (command: unknown) => Promise<unknown>;

/**
 * Sends a command, joining the request's pending write to it when it writes the marked object:
 * a transaction gets the joined item last; a single Put or Update becomes a two-item transaction
 * and fails as the single write would. When the joined item was refused, throws its `refusal`;
 * when only the object's own writes failed, the pending write stays for the request's next try.
 */
async function sendJoining(command: unknown, send: Send): Promise<unknown> {
  const store = requests.getStore();
  const pending = store?.pending;
  if (!store || !pending) return send(command);
  let items: TransactItem[] | undefined;
  let single = false;
  if (command instanceof TransactWriteCommand) {
    items = command.input.TransactItems ?? [];
    if (!items.some((item) => carries(item, pending.marker))) return send(command);
  } else if (command instanceof PutCommand && holds(command.input.Item, pending.marker)) {
    const { TableName, Item, ConditionExpression, ExpressionAttributeNames, ExpressionAttributeValues } = command.input;
    items = [{ Put: { TableName, Item, ConditionExpression, ExpressionAttributeNames, ExpressionAttributeValues } }];
    single = true;
  } else if (command instanceof UpdateCommand && (holds(command.input.Key, pending.marker) || holds(command.input.ExpressionAttributeValues, pending.marker))) {
    const { TableName, Key, UpdateExpression, ConditionExpression, ExpressionAttributeNames, ExpressionAttributeValues } = command.input;
    items = [{ Update: { TableName, Key, UpdateExpression: UpdateExpression!, ConditionExpression, ExpressionAttributeNames, ExpressionAttributeValues } }];
    single = true;
  } else {
    return send(command);
  }
  store.pending = undefined;
  try {
    const output = await send(new TransactWriteCommand({ ...(single ? {} : (command as TransactWriteCommand).input), TransactItems: [...items, pending.item] }));
    return single ? {} : output;
  } catch (error) {
    const reasons = cancellationReasons(error);
    store.pending = pending;
    if (!reasons) throw error;
    // The joined write refused (its condition, or a concurrent transaction on it): another
    // request holds it. Nothing of this one was written.
    if (reasons.at(-1) !== "None") {
      store.pending = undefined;
      throw pending.refusal();
    }
    if (single && reasons[0] === "ConditionalCheckFailed") throw conditionFailed();
    throw error;
  }
}

/** Makes a document client join pending writes (db/client.ts applies it to the shared client). */
export function joiningWrites(client: DynamoDBDocumentClient): DynamoDBDocumentClient {
  const send = client.send.bind(client) as Send;
  (client as unknown as { send: Send }).send = (command) => sendJoining(command, send);
  return client;
}
