import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record } from "@aws-sdk/client-dynamodb-streams";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ballotsTableName, tableName } from "@tongxin/core/db/client";
import { settings } from "@tongxin/core/config";
import { queryAll } from "@tongxin/core/db/query";
import type { ElectionConfig } from "@tongxin/core/elections/config";
import { parsePaperLine } from "@tongxin/core/elections/paper-line";
import { tally } from "@tongxin/core/elections/tally";
import { call, signIn } from "../support/api";
import { addPerson, choicesFor, createElection, freshBranch, paper, type Person } from "../support/elections";

/**
 * 双人录入 and reconciliation (#18 items 2–3) against DynamoDB Local: tellers enter the paper
 * ballots of a mixed sitting twice, the one ballot whose entries differ is resolved by a
 * scrutineer, and the count of paper + electronic ballots is the pure tally of both; 收回 > 发出
 * blocks certification; two tellers racing for the same (batch, seq, side) store one entry.
 */
const ROOT = resolve(__dirname, "../..");
const { region, dynamoEndpoint } = settings();
const credentials = { accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "local", secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? "local" };
const dynamo = new DynamoDBClient({ region, endpoint: dynamoEndpoint, credentials });
const streams = new DynamoDBStreamsClient({ region, endpoint: dynamoEndpoint, credentials });
afterAll(() => {
  dynamo.destroy();
  streams.destroy();
});

async function streamRecords(table: string): Promise<_Record[]> {
  const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: table }));
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: Table!.LatestStreamArn! }));
  const records: _Record[] = [];
  for (const shard of StreamDescription?.Shards ?? []) {
    let { ShardIterator: iterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: Table!.LatestStreamArn!, ShardId: shard.ShardId!, ShardIteratorType: "TRIM_HORIZON" }));
    while (iterator) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      records.push(...(page.Records ?? []));
      if (!page.Records?.length) break;
      iterator = page.NextShardIterator;
    }
  }
  return records;
}

/** A mixed sitting: `paperVoters` take paper at check-in, `phoneVoters` check in and vote signed in; two scrutineers, two tellers. */
async function sitting(paperVoters: number, phoneVoters: number) {
  const admin = await signIn("13800000001");
  const orgId = await freshBranch(admin);
  const scrutineers = [await addPerson(admin, orgId, "监票甲", ["scrutineer"]), await addPerson(admin, orgId, "监票乙", ["scrutineer"])];
  const tellers = [await addPerson(admin, orgId, "计票甲", ["reviewer"]), await addPerson(admin, orgId, "计票乙", ["reviewer"])];
  const onPaper: Person[] = [];
  const onPhone: Person[] = [];
  for (let i = 0; i < paperVoters; i += 1) onPaper.push(await addPerson(admin, orgId, `纸票${i}`));
  for (let i = 0; i < phoneVoters; i += 1) onPhone.push(await addPerson(admin, orgId, `电子${i}`));
  const electionId = await createElection(admin, orgId, { ...paper, ballots: "mixed" });
  await call("POST", `/elections/${electionId}/scrutineers`, { token: admin, body: { accountIds: scrutineers.map((s) => s.accountId) } });
  const appointed = await call("POST", `/elections/${electionId}/tellers`, { token: admin, body: { accountIds: tellers.map((t) => t.accountId) } });
  expect(appointed.status, appointed.text).toBe(200);
  expect(appointed.json.election.tellers.map((t: Person) => t.name)).toEqual(["计票甲", "计票乙"]);
  expect((await call("POST", `/elections/${electionId}/roll`, { token: admin })).status).toBe(200);
  if (onPaper.length > 0) expect((await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { paper: onPaper.map((v) => v.accountId) } })).json.paper.issued).toBe(onPaper.length);
  if (onPhone.length > 0) await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { accountIds: onPhone.map((v) => v.accountId) } });
  expect((await call("POST", `/elections/${electionId}/open`, { token: admin })).status).toBe(200);
  return { admin, orgId, scrutineers, tellers, onPaper, onPhone, electionId };
}

const enter = (token: string, electionId: string, body: { batch: number; seq: number; side: "A" | "B"; line: string }) => call("POST", `/elections/${electionId}/paper-ballots`, { token, body });

describe("双人录入: two tellers enter each paper ballot, scrutineers resolve what differs", () => {
  // Batch 1: seq 2 differs (B typed 乙 for 丙); seq 3 has an unknown write-in for 会长 and three 理事 marks for two seats.
  const SIDE_A = ["1 / 1 2 / 11", "1 / 1 3 / 12", "+李四 / 1 2 3 / 10"];
  const SIDE_B = ["1 / 1 2 / 11", "1 / 1 2 / 12", "+李四 / 1 2 3 / 10"];
  const PAPER_SAYS = "1 / 1 3 / 12";

  it("matches by batch and sequence, lists exactly the one differing ballot, counts paper + electronic as the pure tally, bulletin and recount agree", async () => {
    const { admin, scrutineers, tellers, onPhone, electionId } = await sitting(4, 2);
    const [a, b] = tellers as [Person, Person];
    for (const [i, voter] of onPhone.entries()) expect((await call("POST", `/elections/${electionId}/ballots`, { token: voter.token, body: { choices: choicesFor(i) } })).status).toBe(201);

    const early = await enter(a.token, electionId, { batch: 1, seq: 1, side: "A", line: SIDE_A[0]! });
    expect(early.status).toBe(409);
    expect(early.json.code).toBe("election.invalid_state");
    const closed = await call("POST", `/elections/${electionId}/close`, { token: admin });
    expect(closed.status, closed.text).toBe(200);
    expect(closed.json.election.resultsHash).toBeUndefined();
    // Not counted yet: nothing to certify until the paper is entered.
    const tooSoon = await call("POST", `/elections/${electionId}/certify`, { token: scrutineers[0]!.token, body: {} });
    expect(tooSoon.json.code).toBe("election.paper_entry_open");

    for (const [i, line] of SIDE_A.entries()) {
      const stored = await enter(a.token, electionId, { batch: 1, seq: i + 1, side: "A", line });
      expect(stored.status, stored.text).toBe(201);
    }
    const over = await enter(b.token, electionId, { batch: 1, seq: 3, side: "B", line: SIDE_B[2]! });
    expect(over.status, over.text).toBe(201);
    expect(over.json.notes.join()).toContain("超过应选名额2名，此项作废");
    expect(over.json.reading).toContain("会长：另选 李四");
    for (const seq of [1, 2]) expect((await enter(b.token, electionId, { batch: 1, seq, side: "B", line: SIDE_B[seq - 1]! })).status).toBe(201);
    // Batch 2: a void ballot (x), entered by B first this time, as side A.
    expect((await enter(b.token, electionId, { batch: 2, seq: 1, side: "A", line: "x" })).status).toBe(201);
    expect((await enter(a.token, electionId, { batch: 2, seq: 1, side: "B", line: "X" })).status).toBe(201);

    // One teller never takes both sides of a batch, nor another teller's side.
    const both = await enter(b.token, electionId, { batch: 1, seq: 4, side: "A", line: "0" });
    expect(both.status).toBe(409);
    expect(both.json.code).toBe("election.paper_side_taken");
    expect((await enter(a.token, electionId, { batch: 2, seq: 2, side: "A", line: "0" })).json.code).toBe("election.paper_side_taken");
    // Only tellers enter; a mistyped line is a 422 naming the line, and nothing is stored.
    expect((await enter(admin, electionId, { batch: 9, seq: 1, side: "A", line: "0" })).json.code).toBe("election.not_teller");
    const typo = await enter(a.token, electionId, { batch: 3, seq: 1, side: "A", line: "1 / 1 7 / 11" });
    expect(typo.status).toBe(422);
    expect(typo.json.errors.line[0]).toContain("没有第7号候选人");
    expect((await enter(a.token, electionId, { batch: 3, seq: 1, side: "A", line: "1 / 1 2" })).json.errors.line[0]).toContain("应有3段");
    expect((await enter(a.token, electionId, { batch: 0, seq: 1, side: "A", line: "0" })).status).toBe(422);

    // A teller sees their own lines only; a scrutineer sees the one discrepancy, with both readings.
    const tellerView = (await call("GET", `/elections/${electionId}/paper-ballots`, { token: a.token })).json;
    expect(tellerView.mine.map((m: { batch: number; seq: number; side: string }) => `${m.batch}-${m.seq}-${m.side}`)).toEqual(["1-1-A", "1-2-A", "1-3-A", "2-1-B"]);
    expect(tellerView.discrepancies).toBeUndefined();
    expect(tellerView).toMatchObject({ returned: 4, settled: 3, complete: false });
    const oversight = (await call("GET", `/elections/${electionId}/paper-ballots`, { token: scrutineers[1]!.token })).json;
    expect(oversight.discrepancies).toEqual([
      expect.objectContaining({ batch: 1, seq: 2, a: { line: SIDE_A[1], tellerName: "计票甲" }, b: { line: SIDE_B[1], tellerName: "计票乙" } }),
    ]);
    expect(oversight.discrepancies[0].readingA).toContain("理事：赞成 甲、丙");
    expect((await call("GET", `/elections/${electionId}/paper-ballots`, { token: onPhone[0]!.token })).json.code).toBe("election.not_teller");

    const unfinished = await call("POST", `/elections/${electionId}/paper-ballots/finish`, { token: admin });
    expect(unfinished.status).toBe(409);
    expect(unfinished.json.code).toBe("election.paper_entry_incomplete");
    expect(unfinished.json.title).toContain("第1批第2号");

    // Resolved against the paper (only a scrutineer; once).
    expect((await call("POST", `/elections/${electionId}/paper-ballots/resolutions`, { token: a.token, body: { batch: 1, seq: 2, line: PAPER_SAYS } })).json.code).toBe("election.not_scrutineer");
    expect((await call("POST", `/elections/${electionId}/paper-ballots/resolutions`, { token: scrutineers[0]!.token, body: { batch: 1, seq: 1, line: PAPER_SAYS } })).json.code).toBe("election.no_discrepancy");
    const resolved = await call("POST", `/elections/${electionId}/paper-ballots/resolutions`, { token: scrutineers[0]!.token, body: { batch: 1, seq: 2, line: PAPER_SAYS } });
    expect(resolved.status, resolved.text).toBe(201);
    expect(resolved.json.reading).toContain("理事：赞成 甲、丙");
    expect((await call("POST", `/elections/${electionId}/paper-ballots/resolutions`, { token: scrutineers[1]!.token, body: { batch: 1, seq: 2, line: SIDE_B[1] } })).json.code).toBe("election.paper_already_resolved");
    const audit = (await call("GET", `/elections/${electionId}/audit`, { token: admin })).json;
    expect(audit.verdict.valid).toBe(true);
    const resolution = audit.entries.find((e: { event: { action: string } }) => e.event.action === "paper_resolved");
    expect(resolution.event).toEqual({ action: "paper_resolved", actorId: scrutineers[0]!.accountId, batch: 1, seq: 2 });
    expect(audit.entries.some((e: { event: { action: string } }) => e.event.action === "tellers_appointed")).toBe(true);

    const finished = await call("POST", `/elections/${electionId}/paper-ballots/finish`, { token: admin });
    expect(finished.status, finished.text).toBe(200);
    expect(finished.json.election.resultsHash).toMatch(/^[0-9a-f]{64}$/);
    // Entry is closed: no more entries or corrections.
    expect((await enter(a.token, electionId, { batch: 1, seq: 1, side: "A", line: "0" })).json.code).toBe("election.paper_entry_closed");

    // The results are the pure tally of the electronic ballots sent and the paper ballots as settled.
    const document = (await call("GET", `/elections/${electionId}/results`, { token: admin })).json;
    const config = document.config as ElectionConfig;
    const paperChoices = ["1 / 1 2 / 11", PAPER_SAYS, "+李四 / 1 2 3 / 10", "x"].map((line) => parsePaperLine(config, line).choices);
    const expected = tally(config, [choicesFor(0), choicesFor(1), ...paperChoices] as never, { roll: 6, present: 6, issued: 6, paper: { issued: 4, returned: 4 } });
    expect(document.results.figures).toEqual(expected.figures);
    expect(document.results.figures).toMatchObject({ issued: 6, paperIssued: 4, returned: 6, paperReturned: 4, void: 1 });
    expect(document.results.positions).toEqual(expected.positions);
    expect(document.results.motions).toEqual(expected.motions);
    expect(document.results.integrity).toEqual({ ok: true, problems: [] });
    const president = document.results.positions[0];
    expect(president.writeIns).toEqual([expect.objectContaining({ name: "李四", for: 1 })]);
    expect(president.void).toBe(1);
    expect(document.results.positions[1].void).toBe(2);
    expect((await call("GET", `/elections/${electionId}/turnout`, { token: admin })).json).toMatchObject({ issued: 6, paperIssued: 4, paperReturned: 4, voted: 2 });

    for (const s of scrutineers) expect((await call("POST", `/elections/${electionId}/certify`, { token: s.token, body: {} })).status).toBe(200);
    expect((await call("POST", `/elections/${electionId}/publish`, { token: admin })).status).toBe(200);
    const bulletin = (await call("GET", `/elections/${electionId}/bulletin`, { token: admin })).json;
    expect(bulletin.count).toBe(6);
    expect(bulletin.ballots).toHaveLength(2);
    expect(bulletin.paperBallots.map((p: { batch: number; seq: number }) => `${p.batch}-${p.seq}`)).toEqual(["1-1", "1-2", "1-3", "2-1"]);
    expect(JSON.stringify(bulletin.paperBallots)).not.toMatch(/accountId|teller|计票/);

    // 选举结果报告单: a PDF that opens, holds the figures and names, embeds a subset of its CJK font.
    const report = await call("GET", `/elections/${electionId}/report`, { token: scrutineers[1]!.token });
    expect(report.status, report.text).toBe(200);
    expect(report.headers.get("content-type")).toBe("application/pdf");
    const pdf = report.bytes;
    expect(pdf.length).toBeLessThan(200_000);
    const raw = Buffer.from(pdf).toString("latin1");
    expect(raw).toMatch(/\/FontFile[23]?/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+SourceHanSansSC-Regular/);
    const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const opened = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
    let text = "";
    for (let n = 1; n <= opened.numPages; n += 1) text += (await (await opened.getPage(n)).getTextContent()).items.map((item) => ("str" in item ? item.str : "")).join("");
    const flat = text.replace(/\s+/g, "");
    for (const expected of ["选举结果报告单", "第三届理事会换届选举", "选民名册：6人", "到会选民：6人", "发出选票：6张（纸质4张、电子2张）", "收回选票：6张（纸质4张、电子2张）", "有效选票：5张", "废票：1张", "李四（另选）", "监票甲", "监票乙", "计票甲", "计票乙", "签名", "审议工作报告"]) {
      expect(flat, expected).toContain(expected.replace(/\s+/g, ""));
    }
    const final = (await call("GET", `/elections/${electionId}`, { token: admin })).json.election;
    expect(flat).toContain(final.auditHead);
    expect(flat).toContain(document.resultsHash);
    for (const c of document.results.positions[1].candidates) expect(flat).toContain(`${c.name}${c.for}${c.against}${c.abstain}`);
    await opened.destroy();

    const dir = mkdtempSync(join(tmpdir(), "tongxin-paper-recount-"));
    writeFileSync(join(dir, "bulletin.json"), JSON.stringify(bulletin));
    writeFileSync(join(dir, "results.json"), JSON.stringify(document));
    const run = () => spawnSync("npx", ["tsx", "scripts/recount.ts", join(dir, "bulletin.json"), join(dir, "results.json")], { cwd: ROOT, encoding: "utf8" });
    const good = run();
    expect(good.status, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toContain("其中纸质 4 张");
    const tampered = structuredClone(bulletin);
    tampered.paperBallots[1].choices.positions.p2.marks = { p2c1: "for", p2c2: "for" };
    writeFileSync(join(dir, "bulletin.json"), JSON.stringify(tampered));
    const bad = run();
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain("positions[1]");

    // Nothing of a paper ballot reached the main table or its stream.
    const mine = (await streamRecords(tableName())).filter((record) => JSON.stringify(record.dynamodb ?? {}).includes(electionId));
    expect(mine.length).toBeGreaterThan(0);
    for (const record of mine) {
      const text = JSON.stringify(record.dynamodb);
      expect(text).not.toContain("choices");
      for (const line of [...SIDE_A, ...SIDE_B]) expect(text).not.toContain(line);
      // The write-in name appears in the aggregate results (as an electronic write-in would), on no other item.
      if (record.dynamodb?.Keys?.sk?.S !== "RESULTS") expect(text).not.toContain("李四");
    }
    const stored = await queryAll({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": `PAPER#${electionId}` }, ConsistentRead: true }, ballotsTableName());
    expect(stored.filter((item) => item.type === "paper_entry")).toHaveLength(8);
    for (const item of stored) expect(Object.keys(item).some((key) => /voter|account/i.test(key))).toBe(false);
  }, 180_000);

  it("收回 > 发出: three paper ballots entered for two handed out makes the election void, and the scrutineers cannot certify it", async () => {
    const { admin, scrutineers, tellers, electionId } = await sitting(2, 0);
    await call("POST", `/elections/${electionId}/close`, { token: admin });
    for (const seq of [1, 2, 3]) {
      expect((await enter(tellers[0]!.token, electionId, { batch: 1, seq, side: "A", line: "1 / 1 2 / 11" })).status).toBe(201);
      expect((await enter(tellers[1]!.token, electionId, { batch: 1, seq, side: "B", line: "1 / 1 2 / 11" })).status).toBe(201);
    }
    expect((await call("POST", `/elections/${electionId}/paper-ballots/finish`, { token: admin })).status).toBe(200);
    const results = (await call("GET", `/elections/${electionId}/results`, { token: admin })).json.results;
    expect(results.figures).toMatchObject({ issued: 2, paperIssued: 2, returned: 3, paperReturned: 3 });
    expect(results.integrity.ok).toBe(false);
    const refused = await call("POST", `/elections/${electionId}/certify`, { token: scrutineers[0]!.token, body: {} });
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe("election.integrity_violation");
    expect(refused.json.title).toBe("选举无效，不能确认结果：收回选票3张（纸质3张、电子0张），多于发出选票2张（纸质2张、电子0张），选举无效，不得公布");
    expect((await call("GET", `/elections/${electionId}`, { token: admin })).json.election.certifications).toEqual([]);
  }, 120_000);

  it("two tellers entering the same (batch, seq, side) at the same moment: one entry is stored, the other teller is refused", async () => {
    const { admin, tellers, electionId } = await sitting(1, 0);
    await call("POST", `/elections/${electionId}/close`, { token: admin });
    const batches = [1, 2, 3, 4, 5, 6];
    const raced = await Promise.all(
      batches.map(async (batch) => {
        const [first, second] = await Promise.all(tellers.map((t, i) => enter(t.token, electionId, { batch, seq: 1, side: "A", line: i === 0 ? "1 / 1 / 10" : "1 / 2 / 20" })));
        return { batch, statuses: [first!.status, second!.status], codes: [first!.json.code, second!.json.code] };
      }),
    );
    const stored = await queryAll({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": `PAPER#${electionId}` }, ConsistentRead: true }, ballotsTableName());
    for (const outcome of raced) {
      expect([...outcome.statuses].sort(), JSON.stringify(outcome)).toEqual([201, 409]);
      expect(outcome.codes).toContain("election.paper_side_taken");
      const entries = stored.filter((item) => item.type === "paper_entry" && item.batch === outcome.batch);
      expect(entries).toHaveLength(1);
      const winner = outcome.statuses[0] === 201 ? 0 : 1;
      expect(entries[0]!.tellerId).toBe(tellers[winner]!.accountId);
      expect(entries[0]!.line).toBe(winner === 0 ? "1 / 1 / 10" : "1 / 2 / 20");
    }
  }, 120_000);
});
