import { percentile, record, sample, section } from "./harness";
import { app } from "../packages/functions/src/app";
import { startSession } from "@tongxin/core/auth/sessions";

/**
 * Paper ballots (#18): one 理事 ballot entered by a teller through the HTTP API (in process, against
 * DynamoDB Local: the entry transaction with its ConditionCheck, claims and entry), and the
 * 选举结果报告单 PDF — generation time and size — for a published sitting of 40 paper ballots.
 */
async function api(method: string, path: string, token?: string, body?: unknown) {
  const response = await app.request(`/api${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const json = response.headers.get("content-type")?.includes("json") && bytes.length ? JSON.parse(new TextDecoder().decode(bytes)) : undefined;
  return { status: response.status, json, bytes };
}

const line = (i: number) =>
  `1 / ${Array.from({ length: 18 }, (_, c) => c + 1)
    .filter((c) => (c + i) % 6 !== 0)
    .slice(0, 15)
    .join(" ")} / 1${i % 3}`;

export async function benchPaper(adminToken: string, districtId: string): Promise<void> {
  section("Paper ballots: 双人录入 through the API, the report PDF");
  const stamp = Date.now() % 1_000_000;
  const org = await api("POST", "/orgs", adminToken, { name: `纸票压测${Date.now()}`, kind: "branch", parentId: districtId });
  const orgId = org.json.orgId as string;
  const person = async (i: number, roles: string[]) => {
    const phone = `156${String(stamp).padStart(6, "0")}${String(i).padStart(2, "0")}`;
    const added = await api("POST", `/orgs/${orgId}/members`, adminToken, { name: `人员${i}`, phone, roles });
    // Invited members have no password yet: the bench gives each a session directly.
    const session = await startSession({ accountId: added.json.accountId as string, name: `人员${i}` });
    return { accountId: added.json.accountId as string, token: session.token };
  };
  const scrutineers = [await person(1, ["scrutineer"]), await person(2, ["scrutineer"])];
  const tellers = [await person(3, ["reviewer"]), await person(4, ["reviewer"])];
  const voters = [];
  for (let i = 0; i < 40; i += 1) voters.push(await person(10 + i, ["member"]));
  const created = await api("POST", `/orgs/${orgId}/elections`, adminToken, {
    title: "纸票压测换届选举",
    ballots: "paper",
    positions: [
      { title: "会长", seats: 1, kind: "slate", candidates: [{ name: "王建国" }], allowWriteIns: true },
      { title: "理事", seats: 15, kind: "competitive", candidates: Array.from({ length: 18 }, (_, c) => ({ name: `理事候选${c + 1}` })) },
    ],
    motions: [{ title: "审议工作报告" }, { title: "审议财务报告" }],
  });
  const electionId = created.json.election.electionId as string;
  await api("POST", `/elections/${electionId}/scrutineers`, adminToken, { accountIds: scrutineers.map((s) => s.accountId) });
  await api("POST", `/elections/${electionId}/tellers`, adminToken, { accountIds: tellers.map((t) => t.accountId) });
  await api("POST", `/elections/${electionId}/roll`, adminToken);
  await api("POST", `/elections/${electionId}/checkins`, adminToken, { paper: voters.map((v) => v.accountId) });
  await api("POST", `/elections/${electionId}/open`, adminToken);
  await api("POST", `/elections/${electionId}/close`, adminToken);

  // Side A of batch 1 timed one ballot after another (a teller's pace is one at a time), then side B.
  let seq = 0;
  const times = await sample(async () => {
    seq += 1;
    const stored = await api("POST", `/elections/${electionId}/paper-ballots`, tellers[0]!.token, { batch: 1, seq, side: "A", line: line(seq) });
    if (stored.status !== 201) throw new Error(`entry refused: ${stored.status}`);
  }, 40, 0);
  for (let i = 1; i <= seq; i += 1) await api("POST", `/elections/${electionId}/paper-ballots`, tellers[1]!.token, { batch: 1, seq: i, side: "B", line: line(i) });
  record({ name: "enter one 理事 paper ballot (15 of 18, API round trip): median", value: percentile(times, 50), unit: "ms", note: `p95 ${percentile(times, 95).toFixed(1)} ms, ${times.length} ballots` });

  const finished = await api("POST", `/elections/${electionId}/paper-ballots/finish`, adminToken);
  if (finished.status !== 200) throw new Error(`finish refused: ${JSON.stringify(finished.json)}`);
  const sizes: number[] = [];
  const pdfTimes = await sample(async () => {
    const report = await api("GET", `/elections/${electionId}/report`, scrutineers[0]!.token);
    if (report.status !== 200) throw new Error(`report refused: ${report.status}`);
    sizes.push(report.bytes.length);
  }, 5, 1);
  record({ name: "选举结果报告单 PDF (2 pages): median generation", value: percentile(pdfTimes, 50), unit: "ms", note: "font subset per document" });
  record({ name: "选举结果报告单 PDF size", value: Math.round(sizes[sizes.length - 1]! / 1024), unit: "KB", note: "思源黑体 SC subset embedded" });
}
