import { record, section } from "./harness";
import { perRequest } from "./requests";

/**
 * The monthly bill of a realistic district year, from what the requests section measured per
 * request: DynamoDB capacity as DynamoDB reported it (ReturnConsumedCapacity; on-demand bills
 * one request unit per capacity unit, transactions already counted double), Lambda GB-seconds at
 * 1 GB arm64 from the in-process request durations, API Gateway requests and S3.
 *
 * PRICES: AWS public on-demand list prices, US East (N. Virginia), as published on the AWS pricing
 * pages in 2025 (DynamoDB after the November 2024 on-demand reduction). Table dated 2026-12-08; not
 * re-checked against the live pages this session. The AWS China regions (Ningxia, Beijing; sold by
 * 西云数据/光环新网 in ¥) publish their own, different ¥ prices: the ¥ column here is the US$ figure
 * at the exchange rate below, not the China-region price list.
 */
export const PRICES = {
  date: "2026-12-08",
  region: "us-east-1",
  usdToCny: 7.1,
  dynamo: { perMillionWriteUnits: 0.625, perMillionReadUnits: 0.125, storagePerGbMonth: 0.25 },
  lambda: { perGbSecondArm: 0.0000133334, perMillionRequests: 0.2, memoryGb: 1 },
  apiGateway: { perMillionHttpRequests: 1.0 },
  s3: { storagePerGbMonth: 0.023, perThousandPuts: 0.005, perThousandGets: 0.0004 },
} as const;

/**
 * A district's year (59 新空间, 220 activities, 4,700 sign-ups, one 10,000-voter election, one
 * 24-entry campaign, 200 reviewers using 待办 every working day), as requests the bench measured.
 * Reviewers: 250 working days, 5 page loads a day (each GET /me, the badge, the inbox), one sign-in.
 */
const YEAR: Array<{ request: string; perYear: number; why: string }> = [
  { request: "login", perYear: 200 * 250 + 59 * 50, why: "reviewers daily, organizers weekly" },
  { request: "me", perYear: 200 * 250 * 5 + 59 * 50 * 3, why: "every page load" },
  { request: "inbox badge", perYear: 200 * 250 * 5, why: "badge on every page load" },
  { request: "inbox", perYear: 200 * 250 * 5, why: "待办 opened" },
  { request: "form submit (with approval chain)", perYear: 220 + 24, why: "220 proposals, 24 case entries" },
  { request: "approve", perYear: 220 + 24, why: "街镇 approval, 形式审查" },
  { request: "approve, last step (opens the activity)", perYear: 220, why: "district approval" },
  { request: "activity sign-up", perYear: 4_700, why: "sign-ups" },
  { request: "ballot paper, by voting code", perYear: 10_000, why: "each voter opens the paper" },
  { request: "cast ballot, by voting code", perYear: 10_000, why: "each voter casts" },
  { request: "campaign ranking", perYear: 24 * 5 + 100, why: "panel and office reads" },
];

/** Stored data and uploads (activity photos and summaries, case materials): estimates, stated. */
const STORAGE = { dynamoGb: 2, s3Gb: 220 * 5 * 2 / 1024 + 24 * 20 / 1024, s3PutsPerYear: 220 * 6 + 24 * 10, s3GetsPerYear: 220 * 6 * 40 + 24 * 10 * 20 };

export function benchCost(): void {
  section(`Monthly cost of a district year (on-demand, ${PRICES.region} list prices of ${PRICES.date}; ¥ at ${PRICES.usdToCny}/US$)`);
  let reads = 0;
  let writes = 0;
  let gbSeconds = 0;
  let requests = 0;
  for (const { request, perYear, why } of YEAR) {
    const measured = perRequest.get(request);
    if (!measured) throw new Error(`cost: the requests section measured no "${request}"`);
    reads += measured.readUnits * perYear;
    writes += measured.writeUnits * perYear;
    gbSeconds += (Math.max(measured.ms, 1) / 1000) * PRICES.lambda.memoryGb * perYear;
    requests += perYear;
    record({ name: `capacity per year: ${request}`, value: Math.round((measured.readUnits + measured.writeUnits) * perYear), unit: "units", note: `${perYear} × (${measured.readUnits} RCU + ${measured.writeUnits} WCU) — ${why}` });
  }
  const month = (perYear: number) => perYear / 12;
  const dynamo = month((reads / 1e6) * PRICES.dynamo.perMillionReadUnits + (writes / 1e6) * PRICES.dynamo.perMillionWriteUnits) + STORAGE.dynamoGb * PRICES.dynamo.storagePerGbMonth;
  const lambda = month(gbSeconds * PRICES.lambda.perGbSecondArm + (requests / 1e6) * PRICES.lambda.perMillionRequests);
  const api = month((requests / 1e6) * PRICES.apiGateway.perMillionHttpRequests);
  const s3 = STORAGE.s3Gb * PRICES.s3.storagePerGbMonth + month((STORAGE.s3PutsPerYear / 1000) * PRICES.s3.perThousandPuts + (STORAGE.s3GetsPerYear / 1000) * PRICES.s3.perThousandGets);
  const line = (name: string, usd: number, note: string) => record({ name: `monthly cost: ${name}`, value: Math.round(usd * 100) / 100, unit: "US$", note: `¥${(usd * PRICES.usdToCny).toFixed(2)}; ${note}` });
  line("DynamoDB", dynamo, `${Math.round(month(reads))} RCU + ${Math.round(month(writes))} WCU a month, ${STORAGE.dynamoGb} GB stored`);
  line("Lambda (1 GB arm64)", lambda, `${Math.round(month(gbSeconds))} GB-s a month from in-process durations (cold starts not included)`);
  line("API Gateway (HTTP API)", api, `${Math.round(month(requests))} requests a month`);
  line("S3", s3, `${STORAGE.s3Gb.toFixed(1)} GB of uploads (estimate)`);
  const total = dynamo + lambda + api + s3;
  line("total", total, "averaged over the year (the election month carries most of the votes)");
}
