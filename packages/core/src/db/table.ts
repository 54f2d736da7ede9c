/**
 * The one DynamoDB table: its key schema and indexes, defined once and used by the
 * SST stack (`stacks/Storage.ts`) and by the local bootstrap alike.
 *
 * Items carry generic key attributes (`pk`/`sk`, `gsi1pk`/`gsi1sk`, ...); what each
 * pattern puts in them is decided by the key builders in `keys.ts`.
 */
export const TABLE_KEYS = { partitionKey: "pk", sortKey: "sk" } as const;

/** Global secondary indexes, each with string partition and sort keys, projecting all attributes. */
export const TABLE_INDEXES = {
  /** Inverted relations: an account's memberships, an org's children, items by owner. */
  gsi1: { partitionKey: "gsi1pk", sortKey: "gsi1sk" },
  /** Work queues sorted by time: inbox by assignee and due date, submissions by form and date. */
  gsi2: { partitionKey: "gsi2pk", sortKey: "gsi2sk" },
  /** Calendars and listings by org and date. */
  gsi3: { partitionKey: "gsi3pk", sortKey: "gsi3sk" },
} as const;

export type IndexName = keyof typeof TABLE_INDEXES;

/** Epoch-seconds attribute after which DynamoDB deletes the item (sessions, throttles, idempotency records). */
export const TTL_ATTRIBUTE = "expiresAt";

/** Every key attribute the table or an index uses; all are strings. */
export const KEY_ATTRIBUTES: string[] = [
  TABLE_KEYS.partitionKey,
  TABLE_KEYS.sortKey,
  ...Object.values(TABLE_INDEXES).flatMap((index) => [index.partitionKey, index.sortKey]),
];

/**
 * The ballot box (票箱): a second table holding only cast ballots, keyed by the election's shard
 * and the ballot's random tracking code. It has NO stream, no index and no TTL, so nothing orders
 * or timestamps a ballot next to the voter's receipt, which stays in the main table (whose stream
 * a message consumer reads). The cast writes both in one TransactWriteItems (transactions span tables).
 */
export const BALLOTS_TABLE_KEYS = { partitionKey: "pk", sortKey: "sk" } as const;

/** The ballot table's name beside a main table's name, when not given by the environment (`BALLOTS_TABLE_NAME`). */
export const ballotsTableNameFor = (mainTableName: string) => `${mainTableName}-ballots`;
