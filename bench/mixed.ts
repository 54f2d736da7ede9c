import { DEMO_PASSWORD } from "@tongxin/core/seed/demo";
import { resolve } from "node:path";
import { Agent, setGlobalDispatcher } from "undici";
import { startServer } from "../packages/functions/src/local";
import { percentile, record, section } from "./harness";

/**
 * Mixed load: many concurrent clients for a fixed time against the real local server
 * (HTTP on loopback): browse the calendar, read the inbox, submit proposals, approve,
 * sign up. Requests per second, latency percentiles, and answers by status.
 */
export async function benchMixed(orgs: Record<string, string>, options: { clients: number; seconds: number }): Promise<void> {
  section(`Mixed load: ${options.clients} concurrent clients for ${options.seconds} s against the local server`);
  setGlobalDispatcher(new Agent({ connections: options.clients, keepAliveTimeout: 10_000 }));
  const server = await startServer({ port: 0, webRoot: resolve(import.meta.dirname, "../web/dist") });
  const url = server.url;
  const post = (path: string, token: string | undefined, body?: unknown, key?: string) =>
    fetch(`${url}/api${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...(key ? { "idempotency-key": key } : {}) },
      body: JSON.stringify(body ?? {}),
    });
  const get = (path: string, token: string) => fetch(`${url}/api${path}`, { headers: { authorization: `Bearer ${token}` } });
  const signIn = async (login: string) => ((await (await post("/auth/login", undefined, { login, password: DEMO_PASSWORD })).json()) as { token: string }).token;
  const people = { organizer: await signIn("13800000003"), town: await signIn("13800000002"), member: await signIn("13800000004"), district: await signIn("13800000001") };
  const month = "2026-12";
  // Twenty members of the 新空间 to sign up, so most sign-ups are first ones.
  const members: string[] = [];
  for (let i = 0; i < 20; i += 1) {
    const phone = `166${String(Date.now() % 1e6).padStart(6, "0")}${String(i).padStart(2, "0")}`;
    await post(`/orgs/${orgs.xinyicheng}/members`, people.district, { name: `压测会员${i}`, phone, initialPassword: "Bench@2026-member" });
    members.push(((await (await post("/auth/login", undefined, { login: phone, password: "Bench@2026-member" })).json()) as { token: string }).token);
  }
  const anyMember = () => members[Math.floor(Math.random() * members.length)]!;
  const proposal = { title: "压测活动", theme: "science", startsAt: "2026-12-15T09:00", endsAt: "2026-12-15T11:00", venue: "新意城", capacity: 5000, needsFunds: "no", description: "压测" };

  const latencies: number[] = [];
  const byStatus = new Map<number, number>();
  let counter = 0;
  const operations: Array<[string, () => Promise<Response>]> = [
    ["district calendar", () => get(`/orgs/${orgs.district}/calendar?month=${month}`, people.member)],
    ["space calendar", () => get(`/orgs/${orgs.xinyicheng}/calendar?month=${month}`, people.member)],
    ["inbox", () => get("/inbox?limit=20", people.town)],
    ["submit proposal", () => post(`/forms/${orgs.activityForm}/submissions`, people.organizer, { data: proposal }, `mixed-${counter++}-${Math.random()}`)],
    ["approve", async () => {
      const inbox = (await (await get("/inbox?limit=5", people.town)).json()) as { items: Array<{ instanceId: string }> };
      const target = inbox.items[Math.floor(Math.random() * inbox.items.length)];
      return target ? post(`/instances/${target.instanceId}/actions`, people.town, { type: "approve" }) : get("/inbox/count", people.town);
    }],
    ["sign up", async () => {
      const calendar = (await (await get(`/orgs/${orgs.xinyicheng}/calendar?month=${month}`, people.member)).json()) as { items?: Array<{ activityId: string }> };
      const target = calendar.items?.[Math.floor(Math.random() * calendar.items.length)];
      return target ? post(`/activities/${target.activityId}/signups`, anyMember()) : get("/me", people.member);
    }],
  ];
  const perOperation = new Map<string, Map<number, number>>();

  const deadline = performance.now() + options.seconds * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      const [name, operation] = operations[Math.floor(Math.random() * operations.length)]!;
      const started = performance.now();
      let status = 0;
      try {
        const response = await operation();
        await response.arrayBuffer();
        status = response.status;
      } catch {
        status = 0;
      }
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      const counts = perOperation.get(name) ?? new Map<number, number>();
      counts.set(status, (counts.get(status) ?? 0) + 1);
      perOperation.set(name, counts);
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.clients }, client));
  const elapsed = (performance.now() - started) / 1000;
  await server.close();

  latencies.sort((a, b) => a - b);
  record({ name: "requests per second", value: latencies.length / elapsed, unit: "req/s", note: `${latencies.length} operations in ${elapsed.toFixed(1)} s` });
  record({ name: "latency p50", value: percentile(latencies, 50), unit: "ms" });
  record({ name: "latency p95", value: percentile(latencies, 95), unit: "ms" });
  record({ name: "latency p99", value: percentile(latencies, 99), unit: "ms" });
  const statuses = [...byStatus.entries()].sort((a, b) => a[0] - b[0]);
  const errors = statuses.filter(([status]) => status === 0 || status >= 500).reduce((sum, [, n]) => sum + n, 0);
  record({ name: "server errors (5xx or failed connections)", value: errors, unit: "responses", note: statuses.map(([status, n]) => `${status || "failed"}: ${n}`).join(", ") });
  for (const [name, counts] of perOperation) {
    console.log(`    ${name.padEnd(18)} ${[...counts.entries()].sort((a, b) => a[0] - b[0]).map(([status, n]) => `${status || "failed"}×${n}`).join(" ")}`);
  }
}
