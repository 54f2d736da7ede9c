/**
 * 加密投票's paper fallback (issue #27 item 4, last part) against DynamoDB Local: in a mixed
 * sitting, when fewer than t 监票人 can still decrypt, an admin falls back — with a reason,
 * audited — to counting the paper ballots only. The encrypted ballots stay sealed: never
 * decrypted, never counted; no decryption is accepted after, and there is no election record.
 * And the ordinary path in such a sitting: t 监票人 decrypt, the paper ballots are added apart,
 * and the record (paper included) verifies.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { ElectionConfig } from "@tongxin/core/elections/config";
import { encryptBallot } from "@tongxin/core/elections/crypto/ballot";
import { commitmentsFor, deviceKeyFor, keyShare, makePolynomial, receiveShare, sealShares, type Commitments, type DeviceKey, type SealedShare } from "@tongxin/core/elections/crypto/ceremony";
import { trusteeDecryptions, type WriteInItem } from "@tongxin/core/elections/crypto/count";
import { ciphertextFrom, type CiphertextJson } from "@tongxin/core/elections/crypto/elgamal";
import { verifyRecord, type ElectionRecord } from "@tongxin/core/elections/crypto/record";
import { pointFrom, randomScalar } from "@tongxin/core/elections/crypto/group";
import { parsePaperLine } from "@tongxin/core/elections/paper-line";
import { compareResults, countBallots, candidateKey, tally } from "@tongxin/core/elections/tally";
import { call, signIn } from "../support/api";
import { addPerson, certifyAndPublish, createElection, freshBranch, type Person } from "../support/elections";

const sittingConfig = {
  title: "加密投票改用纸票",
  mode: "meeting",
  ballots: "mixed",
  positions: [{ title: "理事", seats: 2, kind: "competitive", candidates: [{ name: "甲" }, { name: "乙" }, { name: "丙" }] }],
  motions: [{ title: "审议工作报告" }],
};
const LINES = ["1 2 / 1", "1 / 2"];

/** A mixed meeting sitting with 加密投票: 3 监票人 (t = 2) through the ceremony, 2 tellers, 2 paper voters, one encrypted cast, closed. */
async function encryptedSitting() {
  const admin = await signIn("13800000001");
  const orgId = await freshBranch(admin);
  const scrutineers: Person[] = [];
  for (const name of ["监票甲", "监票乙", "监票丙"]) scrutineers.push(await addPerson(admin, orgId, name, ["member", "scrutineer"]));
  const tellers = [await addPerson(admin, orgId, "计票甲", ["reviewer"]), await addPerson(admin, orgId, "计票乙", ["reviewer"])];
  const onPaper = [await addPerson(admin, orgId, "纸票甲"), await addPerson(admin, orgId, "纸票乙")];
  const phone = await addPerson(admin, orgId, "电子甲");
  const electionId = await createElection(admin, orgId, sittingConfig);
  expect((await call("PUT", `/elections/${electionId}/encryption`, { token: admin, body: { enabled: true } })).status).toBe(200);
  expect((await call("POST", `/elections/${electionId}/scrutineers`, { token: admin, body: { accountIds: scrutineers.map((s) => s.accountId) } })).status).toBe(200);
  expect((await call("POST", `/elections/${electionId}/tellers`, { token: admin, body: { accountIds: tellers.map((t) => t.accountId) } })).status).toBe(200);
  expect((await call("POST", `/elections/${electionId}/roll`, { token: admin })).status).toBe(200);
  expect((await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { paper: onPaper.map((v) => v.accountId) } })).json.paper.issued).toBe(2);
  await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { accountIds: [phone.accountId, ...scrutineers.map((s) => s.accountId)] } });
  // The ceremony, each 监票人's device played here.
  const devices = scrutineers.map((person, i) => ({ person, index: i + 1, secret: randomScalar(), polynomial: makePolynomial(i + 1, 2) }));
  for (const d of devices) {
    const posted = await call("POST", `/elections/${electionId}/ceremony/keys`, { token: d.person.token, body: { deviceKey: deviceKeyFor(electionId, d.index, d.secret), commitments: commitmentsFor(electionId, d.polynomial) } });
    expect(posted.status, posted.text).toBe(201);
  }
  const published: DeviceKey[] = (await call("GET", `/elections/${electionId}/ceremony`, { token: admin })).json.deviceKeys;
  let jointKey = "";
  for (const d of devices) jointKey = (await call("POST", `/elections/${electionId}/ceremony/shares`, { token: d.person.token, body: { shares: sealShares(electionId, d.polynomial, published) } })).json.jointKey;
  const opened = await call("POST", `/elections/${electionId}/open`, { token: admin });
  expect(opened.status, opened.text).toBe(200);
  const config: ElectionConfig = opened.json.election.config;
  const { ballot } = encryptBallot(config, electionId, pointFrom(jointKey), { positions: { p1: { marks: { p1c3: "for" }, writeIns: [] } }, motions: { m1: "against" } });
  expect((await call("POST", `/elections/${electionId}/ballots`, { token: phone.token, body: { ballot } })).status).toBe(201);
  expect((await call("POST", `/elections/${electionId}/close`, { token: admin })).status).toBe(200);
  const state = (await call("GET", `/elections/${electionId}/ceremony`, { token: admin })).json;
  const keyShares = new Map(
    devices.map((d) => [
      d.index,
      keyShare(d.polynomial, (state.sealed as SealedShare[]).filter((x) => x.to === d.index).map((x) => receiveShare(electionId, d.secret, x, state.commitments.find((c: Commitments) => c.trustee === x.from))!)),
    ]),
  );
  return { admin, electionId, scrutineers, tellers, config, jointKey: pointFrom(jointKey), keyShares };
}

async function enterPaper(electionId: string, tellers: Person[]) {
  const [a, b] = tellers as [Person, Person];
  for (const [i, line] of LINES.entries()) {
    for (const [teller, side] of [[a, "A"], [b, "B"]] as const) {
      const entered = await call("POST", `/elections/${electionId}/paper-ballots`, { token: teller.token, body: { batch: 1, seq: i + 1, side, line } });
      expect(entered.status, entered.text).toBe(201);
    }
  }
}

describe("加密投票: the paper fallback when fewer than t 监票人 remain", () => {
  let admin: string;
  let electionId: string;
  let scrutineers: Person[];
  let tellers: Person[];
  let config: ElectionConfig;

  beforeAll(async () => {
    ({ admin, electionId, scrutineers, tellers, config } = await encryptedSitting());
  }, 120_000);

  it("only an admin falls back, with a reason (422 naming it), audited; the paper is then counted alone and the encrypted ballots stay sealed", async () => {
    const byScrutineer = await call("POST", `/elections/${electionId}/encryption/fallback`, { token: scrutineers[0]!.token, body: { reason: "两位监票人的手机遗失" } });
    expect(byScrutineer.status).toBe(403);
    const noReason = await call("POST", `/elections/${electionId}/encryption/fallback`, { token: admin, body: { reason: " " } });
    expect(noReason.status).toBe(422);
    expect(Object.keys(noReason.json.errors)).toEqual(["reason"]);
    expect((await call("GET", `/elections/${electionId}`, { token: admin })).json.election.paperFallback).toBeUndefined();

    const fallback = await call("POST", `/elections/${electionId}/encryption/fallback`, { token: admin, body: { reason: "两位监票人的手机遗失，无法解密" } });
    expect(fallback.status, fallback.text).toBe(200);
    expect(fallback.json).toMatchObject({ status: "closed", paperFallback: { reason: "两位监票人的手机遗失，无法解密" }, resultsHash: null });
    const again = await call("POST", `/elections/${electionId}/encryption/fallback`, { token: admin, body: { reason: "再次改用纸票" } });
    expect(again.status).toBe(409);
    const audit = (await call("GET", `/elections/${electionId}/audit`, { token: admin })).json.entries.map((e: { event: Record<string, unknown> }) => e.event);
    expect(audit).toContainEqual(expect.objectContaining({ action: "encryption_fallback", reason: "两位监票人的手机遗失，无法解密", threshold: 2, decryptedBy: [] }));
    // No decryption is taken any more.
    const decryption = await call("POST", `/elections/${electionId}/decryption`, { token: scrutineers[0]!.token, body: { trustee: 1, sums: {}, writeIns: [] } });
    expect(decryption.status).toBe(409);

    await enterPaper(electionId, tellers);
    const finished = await call("POST", `/elections/${electionId}/paper-ballots/finish`, { token: admin });
    expect(finished.status, finished.text).toBe(200);
    expect(finished.json.election.resultsHash).toMatch(/^[0-9a-f]{64}$/);

    const results = (await call("GET", `/elections/${electionId}/results`, { token: admin })).json.results;
    const paper = countBallots(config, LINES.map((line) => parsePaperLine(config, line).choices));
    const position = results.positions[0];
    for (const candidate of position.candidates) expect([candidate.candidateId, candidate.for]).toEqual([candidate.candidateId, paper.forCount.get(candidateKey("p1", candidate.candidateId)) ?? 0]);
    // The electronic ballot (丙 赞成, the motion 反对) is not in the count.
    expect(position.candidates.find((c: { candidateId: string }) => c.candidateId === "p1c3").for).toBe(0);
    expect(results.motions[0]).toMatchObject({ for: 1, against: 1 });
    expect(audit.some((e: { action: string }) => e.action === "counted")).toBe(false);
    const counted = (await call("GET", `/elections/${electionId}/audit`, { token: admin })).json.entries.map((e: { event: Record<string, unknown> }) => e.event);
    expect(counted).toContainEqual(expect.objectContaining({ action: "counted", encrypted: true, paperOnly: true }));

    const record = await call("GET", `/elections/${electionId}/record`, { token: admin });
    expect(record.status).toBe(409);
    expect(record.json.code).toBe("election.invalid_state");
    await certifyAndPublish(admin, electionId, scrutineers);
  }, 120_000);
});

describe("加密投票 in a mixed sitting: t 监票人 decrypt, the paper ballots are added apart, the record verifies", () => {
  it("counts electronic + paper by the existing rules once the paper is entered and t have decrypted", async () => {
    const { admin, electionId, scrutineers, tellers, config, jointKey, keyShares } = await encryptedSitting();
    const state = (await call("GET", `/elections/${electionId}/decryption`, { token: admin })).json as { sums: Record<string, CiphertextJson>; writeIns: WriteInItem[] };
    const sums = new Map(Object.entries(state.sums).map(([label, c]) => [label, ciphertextFrom(c, label)]));
    const decrypt = (index: number) => trusteeDecryptions(electionId, jointKey, index, keyShares.get(index)!, sums, state.writeIns);
    // Paper entry still open: the decryptions are taken after the paper is settled.
    const early = await call("POST", `/elections/${electionId}/decryption`, { token: scrutineers[1]!.token, body: decrypt(2) });
    expect(early.json.code).toBe("election.paper_entry_open");
    await enterPaper(electionId, tellers);
    const finished = await call("POST", `/elections/${electionId}/paper-ballots/finish`, { token: admin });
    expect(finished.status, finished.text).toBe(200);
    expect(finished.json.election.resultsHash).toBeUndefined(); // waits for the 监票人
    expect((await call("POST", `/elections/${electionId}/decryption`, { token: scrutineers[1]!.token, body: decrypt(2) })).status).toBe(201);
    const done = await call("POST", `/elections/${electionId}/decryption`, { token: scrutineers[2]!.token, body: decrypt(3) });
    expect(done.status, done.text).toBe(201);
    expect(done.json.resultsHash).toMatch(/^[0-9a-f]{64}$/);

    const record = (await call("GET", `/elections/${electionId}/record`, { token: admin })).json as ElectionRecord;
    expect(record.paperBallots).toHaveLength(2);
    expect(record.ballots).toHaveLength(1);
    expect(verifyRecord(record).filter((c) => !c.ok)).toEqual([]);
    const plaintext = [{ positions: { p1: { marks: { p1c3: "for" as const }, writeIns: [] } }, motions: { m1: "against" as const } }, ...LINES.map((line) => parsePaperLine(config, line).choices)];
    const results = (await call("GET", `/elections/${electionId}/results`, { token: admin })).json.results;
    expect(compareResults(tally(config, plaintext, record.counts), results)).toEqual([]);
    expect(results.motions[0]).toMatchObject({ for: 1, against: 2 });
    await certifyAndPublish(admin, electionId, scrutineers);
  }, 120_000);
});
