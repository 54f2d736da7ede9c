import { configureDynamoClient } from "@tongxin/core/db/client";

/**
 * A DynamoDB client middleware for the bench: counts the commands sent (a Scan stops the bench),
 * the sequential depth — how many times the client went from idle to busy, so calls that overlap
 * count once — and the capacity DynamoDB reports (every command asks for ReturnConsumedCapacity).
 * Requests are measured one at a time (`meter.reset()` before each).
 */
export interface Meter {
  calls: Map<string, number>;
  depth: number;
  readUnits: number;
  writeUnits: number;
  /** The calls in order, each with the round trip it ran in: `1:BatchGetItem 2:Query 2:GetItem`. */
  trace: string[];
}

const meter: Meter = { calls: new Map(), depth: 0, readUnits: 0, writeUnits: 0, trace: [] };
let inFlight = 0;

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/** Read and write units of one response: DynamoDB gives TOTAL as CapacityUnits, split by kind of command. */
function addCapacity(command: string, consumed: Capacity | Capacity[] | undefined): void {
  for (const entry of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
    const read = entry.ReadCapacityUnits ?? 0;
    const write = entry.WriteCapacityUnits ?? 0;
    if (read || write) {
      meter.readUnits += read;
      meter.writeUnits += write;
    } else if (WRITES.has(command)) meter.writeUnits += entry.CapacityUnits ?? 0;
    else meter.readUnits += entry.CapacityUnits ?? 0;
  }
}

export const WRITES = new Set(["PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"]);

configureDynamoClient((client) => {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? "unknown").replace(/Command$/, "");
      if (name === "Scan") throw new Error("A Scan was sent on a request path: the bench refuses to continue");
      meter.calls.set(name, (meter.calls.get(name) ?? 0) + 1);
      const input = args.input as { ReturnConsumedCapacity?: string };
      if (!input.ReturnConsumedCapacity) input.ReturnConsumedCapacity = "TOTAL";
      if (inFlight === 0) meter.depth += 1;
      meter.trace.push(`${meter.depth}:${name}`);
      inFlight += 1;
      try {
        const result = await next(args);
        addCapacity(name, (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity);
        return result;
      } finally {
        inFlight -= 1;
      }
    },
    { step: "initialize", name: "benchMeter" },
  );
});

export function resetMeter(): void {
  meter.calls.clear();
  meter.depth = 0;
  meter.readUnits = 0;
  meter.writeUnits = 0;
  meter.trace = [];
}

export function readMeter(): Meter {
  return { ...meter, calls: new Map(meter.calls), trace: [...meter.trace] };
}
