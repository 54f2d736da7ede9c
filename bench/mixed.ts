import { startSession } from "@tongxin/core/auth/sessions";
import { DEMO_PASSWORD } from "@tongxin/core/seed/demo";
import { resolve } from "node:path";
import { Agent, setGlobalDispatcher } from "undici";
import { startServer } from "../packages/functions/src/local";
import { expectedTally, publishedTally } from "../tests/support/tally";
import { percentile, record, section } from "./harness";

/**
 * Mixed load: many concurrent clients for a fixed time against the real local server
 * (HTTP on loopback): browse the calendar, read the inbox, submit proposals, approve,
 * sign up, and vote in an open election with a large frozen roll (each vote is a new voter
 * from the roll, who opens the ballot paper with their code and casts once). Requests per
 * second, latency percentiles and answers by status over every HTTP request; after the run
 * the election is closed and the ballots counted must equal the votes accepted.
 */
const PAPER = {
  title: "压测混合负载选举",
  mode: "online",
  positions: [
    { title: "会长", seats: 1, kind: "slate", candidates: [{ name: "王建国" }] },
    { title: "理事", seats: 2, kind: "competitive", candidates: [{ name: "甲" }, { name: "乙" }, { name: "丙" }] },
  ],
  motions: [{ title: "审议工作报告" }],
};
const PAIRS = [["p2c1", "p2c2"], ["p2c2", "p2c3"], ["p2c3"]];
const ballotFor = (i: number) => ({
  positions: { p1: { marks: { p1c1: i % 9 === 0 ? "against" : "for" } }, p2: { marks: Object.fromEntries(PAIRS[i % 3]!.map((id) => [id, "for"])) } },
  motions: { m1: i % 5 === 0 ? "against" : "for" } as Record<string, string>,
});

export async function benchMixed(orgs: Record<string, string>, options: { clients: number; seconds: number; roll?: number }): Promise<void> {
  const rollSize = options.roll ?? 10_000;
  section(`Mixed load: ${options.clients} concurrent clients for ${options.seconds} s against the local server (election roll: ${rollSize})`);
  setGlobalDispatcher(new Agent({ connections: options.clients, keepAliveTimeout: 10_000 }));
  const server = await startServer({ port: 0, webRoot: resolve(import.meta.dirname, "../web/dist") });
  const url = server.url;
  // Every HTTP request made during the run is timed and counted by status (0: no answer).
  let measuring = false;
  const latencies: number[] = [];
  const byStatus = new Map<number, number>();
  const timed = async (input: string, init: RequestInit): Promise<Response> => {
    const started = performance.now();
    let status = 0;
    try {
      const response = await fetch(input, init);
      const body = await response.arrayBuffer();
      status = response.status;
      return new Response(body.byteLength > 0 ? body : null, { status: response.status, headers: response.headers });
    } finally {
      if (measuring) {
        latencies.push(performance.now() - started);
        byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      }
    }
  };
  const post = (path: string, token: string | undefined, body?: unknown, key?: string) =>
    timed(`${url}/api${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...(key ? { "idempotency-key": key } : {}) },
      body: JSON.stringify(body ?? {}),
    });
  const get = (path: string, token: string) => timed(`${url}/api${path}`, { headers: { authorization: `Bearer ${token}` } });
  const signIn = async (login: string) => ((await (await post("/auth/login", undefined, { login, password: DEMO_PASSWORD, delivery: "token" })).json()) as { token: string }).token;
  const people = { organizer: await signIn("13800000003"), town: await signIn("13800000002"), member: await signIn("13800000004"), district: await signIn("13800000001") };
  const month = "2026-12";
  const proposal = { title: "压测活动", theme: "science", startsAt: "2026-12-15T09:00", endsAt: "2026-12-15T11:00", venue: "新意城", capacity: 5000, needsFunds: "no", description: "压测" };
  const setupStarted = performance.now();

  // A popular activity, open for sign-up (proposed, approved by the town, then the district),
  // with fewer places than people: the first sign-ups are confirmed, the rest waitlisted.
  const popular = (await (await post(`/forms/${orgs.activityForm}/submissions`, people.organizer, { data: { ...proposal, title: "压测热门活动", capacity: 100 } })).json()) as { submissionId: string; instanceId: string };
  for (const approver of [people.town, people.district]) {
    const approved = await post(`/instances/${popular.instanceId}/actions`, approver, { type: "approve" });
    if (approved.status !== 200) throw new Error(`approval failed: ${approved.status} ${await approved.text()}`);
  }
  // Its would-be participants: members of a new 新空间 under 新意城 (imported; sessions started
  // directly, since signing in thousands is not what this load is about). Each signs up once.
  const space = (await (await post("/orgs", people.district, { name: `压测报名空间${Date.now()}`, kind: "new_space", parentId: orgs.xinyicheng })).json()) as { orgId: string };
  const JOINERS = 2000;
  const joinStamp = String(Date.now() % 1e3).padStart(3, "0");
  const joinRows = ["姓名,手机", ...Array.from({ length: JOINERS }, (_, k) => `报名者${k},16${joinStamp}${String(k).padStart(6, "0")}`)];
  const joinImport = await timed(`${url}/api/orgs/${space.orgId}/members/import`, { method: "POST", headers: { authorization: `Bearer ${people.district}`, "content-type": "text/csv" }, body: joinRows.join("\r\n") });
  if (joinImport.status !== 200) throw new Error(`import failed: ${joinImport.status} ${await joinImport.text()}`);
  const joinerAccounts: Array<{ accountId: string; name: string }> = [];
  for (let cursor: string | undefined, first = true; first || cursor; first = false) {
    const page = (await (await get(`/orgs/${space.orgId}/members?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, people.district)).json()) as { items: Array<{ accountId: string; name: string }>; cursor?: string };
    joinerAccounts.push(...page.items);
    cursor = page.cursor;
  }
  const joiners: string[] = [];
  for (let i = 0; i < joinerAccounts.length; i += 50) {
    joiners.push(...(await Promise.all(joinerAccounts.slice(i, i + 50).map(async (account) => (await startSession(account)).token))));
  }
  let nextJoiner = 0;

  // The election: a branch whose members (imported 5,000 at a time) are frozen as the roll, each with a voting code.
  const branch = await (await post("/orgs", people.district, { name: `压测选举分会${Date.now()}`, kind: "branch", parentId: orgs.district })).json();
  const scrutineers: string[] = [];
  for (let i = 0; i < 2; i += 1) {
    const added = await post(`/orgs/${branch.orgId}/members`, people.district, { name: `压测监票${i}`, phone: `165${String(Date.now() % 1e6).padStart(6, "0")}${String(i).padStart(2, "0")}`, roles: ["scrutineer"] });
    scrutineers.push(((await added.json()) as { accountId: string }).accountId);
  }
  const stamp = String(Date.now() % 1e3).padStart(3, "0");
  for (let from = 0; from < rollSize; from += 5000) {
    const rows = ["姓名,手机", ...Array.from({ length: Math.min(5000, rollSize - from) }, (_, k) => `选民${from + k},19${stamp}${String(from + k).padStart(6, "0")}`)];
    const imported = await timed(`${url}/api/orgs/${branch.orgId}/members/import`, { method: "POST", headers: { authorization: `Bearer ${people.district}`, "content-type": "text/csv" }, body: rows.join("\r\n") });
    if (imported.status !== 200) throw new Error(`roll import failed: ${imported.status} ${await imported.text()}`);
  }
  const election = (await (await post(`/orgs/${branch.orgId}/elections`, people.district, PAPER)).json()) as { election: { electionId: string } };
  const electionId = election.election.electionId;
  await post(`/elections/${electionId}/scrutineers`, people.district, { accountIds: scrutineers });
  const frozen = (await (await post(`/elections/${electionId}/roll`, people.district)).json()) as { election: { rollSize: number } };
  const codes = ((await (await post(`/elections/${electionId}/codes`, people.district, { all: true })).json()) as { items: Array<{ code: string }> }).items;
  const opened = await post(`/elections/${electionId}/open`, people.district);
  if (opened.status !== 200 || codes.length !== rollSize) throw new Error(`election setup failed: open ${opened.status}, ${codes.length} codes for ${rollSize}`);
  console.log(`    setup: an activity with 100 places and ${joiners.length} members to sign up; roll of ${frozen.election.rollSize} frozen, ${codes.length} codes issued, election open (${((performance.now() - setupStarted) / 1000).toFixed(1)} s)`);
  let nextVoter = 0;
  const accepted: number[] = [];
  const refused = new Map<number, number>();

  let counter = 0;
  const operations: Array<[string, () => Promise<Response>]> = [
    ["district calendar", () => get(`/orgs/${orgs.district}/calendar?month=${month}`, people.member)],
    ["space calendar", () => get(`/orgs/${orgs.xinyicheng}/calendar?month=${month}`, people.member)],
    ["inbox", () => get("/inbox?limit=20", people.town)],
    ["submit proposal", () => post(`/forms/${orgs.activityForm}/submissions`, people.organizer, { data: proposal }, `mixed-${counter++}-${Math.random()}`)],
    ["approve", async () => {
      // The town approves first; the district's approval opens the activity (in the calendar from then on).
      const approver = Math.random() < 0.5 ? people.town : people.district;
      const inbox = (await (await get("/inbox?limit=5", approver)).json()) as { items: Array<{ instanceId: string }> };
      const target = inbox.items[Math.floor(Math.random() * inbox.items.length)];
      return target ? post(`/instances/${target.instanceId}/actions`, approver, { type: "approve" }) : get("/inbox/count", approver);
    }],
    ["sign up", async () => {
      // Someone finds the activity in the calendar and signs up (each person once).
      const calendar = await get(`/orgs/${orgs.xinyicheng}/calendar?month=${month}`, people.member);
      const who = joiners[nextJoiner++];
      return who ? post(`/activities/${popular.submissionId}/signups`, who, {}, `mixed-signup-${nextJoiner}`) : calendar;
    }],
    ["vote", async () => {
      // A voter not yet seen: the ballot page reads the paper with the code, then casts once
      // (a 503 is retried with the same Idempotency-Key, as the page does).
      const i = nextVoter++;
      const code = codes[i]?.code;
      if (!code) return get(`/elections/${electionId}/turnout`, people.district);
      const paper = await post(`/elections/${electionId}/paper`, undefined, { code });
      if (paper.status !== 200) return paper;
      let cast = await post(`/elections/${electionId}/ballots`, undefined, { code, choices: ballotFor(i) }, `mixed-vote-${i}`);
      for (let retry = 0; retry < 3 && cast.status === 503; retry += 1) {
        await new Promise((resolve) => setTimeout(resolve, 1000 * Number(cast.headers.get("retry-after") ?? 1)));
        cast = await post(`/elections/${electionId}/ballots`, undefined, { code, choices: ballotFor(i) }, `mixed-vote-${i}`);
      }
      if (cast.status === 200 || cast.status === 201) accepted.push(i);
      else refused.set(cast.status, (refused.get(cast.status) ?? 0) + 1);
      return cast;
    }],
  ];
  const perOperation = new Map<string, Map<number, number>>();

  const deadline = performance.now() + options.seconds * 1000;
  let operationsDone = 0;
  const operationTimes = new Map<string, number[]>();
  const client = async () => {
    while (performance.now() < deadline) {
      const [name, operation] = operations[Math.floor(Math.random() * operations.length)]!;
      let status = 0;
      const started = performance.now();
      try {
        status = (await operation()).status;
      } catch {
        status = 0;
      }
      operationsDone += 1;
      const times = operationTimes.get(name) ?? [];
      times.push(performance.now() - started);
      operationTimes.set(name, times);
      const counts = perOperation.get(name) ?? new Map<number, number>();
      counts.set(status, (counts.get(status) ?? 0) + 1);
      perOperation.set(name, counts);
    }
  };
  measuring = true;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(Array.from({ length: options.clients }, client));
  const cpu = process.cpuUsage(cpuBefore);
  const elapsed = (performance.now() - started) / 1000;
  measuring = false;

  latencies.sort((a, b) => a - b);
  record({ name: "requests per second", value: latencies.length / elapsed, unit: "req/s", note: `${latencies.length} HTTP requests (${operationsDone} operations) in ${elapsed.toFixed(1)} s` });
  record({ name: "latency p50", value: percentile(latencies, 50), unit: "ms" });
  record({ name: "latency p95", value: percentile(latencies, 95), unit: "ms" });
  record({ name: "latency p99", value: percentile(latencies, 99), unit: "ms" });
  // CPU time of this Node process (user + system) over the run: it hosts the server *and* the load
  // clients (DynamoDB Local is a separate JVM, not counted), so this is an upper bound for the server.
  const cpuMs = (cpu.user + cpu.system) / 1000;
  record({ name: "server CPU per HTTP request (process CPU ÷ requests)", value: cpuMs / latencies.length, unit: "ms CPU", note: `${(cpuMs / 1000).toFixed(1)} s CPU in ${elapsed.toFixed(1)} s (${((cpuMs / 1000 / elapsed) * 100).toFixed(0)}% of one core); process also runs the load clients` });
  record({ name: "server CPU per operation (process CPU ÷ operations)", value: cpuMs / operationsDone, unit: "ms CPU", note: `${operationsDone} operations` });
  const statuses = [...byStatus.entries()].sort((a, b) => a[0] - b[0]);
  const errors = statuses.filter(([status]) => status === 0 || status >= 500).reduce((sum, [, n]) => sum + n, 0);
  record({ name: "server errors (5xx or failed connections)", value: errors, unit: "responses", note: statuses.map(([status, n]) => `${status || "failed"}: ${n}`).join(", ") });
  for (const [name, counts] of perOperation) {
    const times = operationTimes.get(name)!.sort((a, b) => a - b);
    const answers = [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([status, n]) => `${status || "failed"}×${n}`).join(" ");
    console.log(`    ${name.padEnd(18)} p50 ${percentile(times, 50).toFixed(0).padStart(6)} ms, p95 ${percentile(times, 95).toFixed(0).padStart(6)} ms   ${answers}`);
  }

  // Close the election and count: every accepted vote is counted, nothing else is.
  const closed = await post(`/elections/${electionId}/close`, people.district);
  if (closed.status !== 200) throw new Error(`close failed: ${closed.status} ${await closed.text()}`);
  const { results } = (await (await get(`/elections/${electionId}/results`, people.district)).json()) as { results: Parameters<typeof publishedTally>[0] & { figures: { returned: number } } };
  const signups = (await (await get(`/activities/${popular.submissionId}/signups`, people.organizer)).json()) as { items: Array<{ status: string }>; counts: { capacity: number; confirmed: number; waitlisted: number } };
  await server.close();
  const stored = (status: string) => signups.items.filter((item) => item.status === status).length;
  record({
    name: "sign-ups to the popular activity: confirmed",
    value: signups.counts.confirmed,
    unit: "people",
    note: `capacity ${signups.counts.capacity}, ${signups.counts.waitlisted} waitlisted; counters ${signups.counts.confirmed === stored("confirmed") && signups.counts.waitlisted === stored("waitlisted") ? "equal" : "DIFFER FROM"} the ${signups.items.length} stored sign-ups`,
  });
  const tallyAgrees = JSON.stringify([...publishedTally(results)].sort()) === JSON.stringify([...expectedTally(accepted.map(ballotFor))].sort());
  record({
    name: "votes accepted (201, or 200 for a replayed cast)",
    value: accepted.length,
    unit: "votes",
    note: `${nextVoter} voters tried${refused.size ? `; refused: ${[...refused].map(([status, n]) => `${status || "failed"}×${n}`).join(", ")}` : ""}`,
  });
  record({
    name: "ballots counted at close",
    value: results.figures.returned,
    unit: "ballots",
    note: `${results.figures.returned === accepted.length ? "equal to" : "DIFFERENT FROM"} the votes accepted; per-candidate tally ${tallyAgrees ? "equals" : "DIFFERS FROM"} the accepted ballots`,
  });
}
