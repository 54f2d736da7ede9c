/**
 * 加密投票（监票人持钥） through the API against DynamoDB Local (issue #27 items 1–3): the option
 * (set-up only), the 监票人's key ceremony with every proof checked server-side, and encrypted
 * casts through the ordinary exactly-once cast transaction — a failing proof is 422 with nothing
 * stored, a copied ballot is refused by its tracking code, concurrent casts from one voter store
 * one ballot. Each 监票人's device is played here with the pure protocol (crypto/ceremony.ts).
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { ballotsTableName, db, tableName } from "@tongxin/core/db/client";
import type { Choices } from "@tongxin/core/elections/choices";
import type { ElectionConfig } from "@tongxin/core/elections/config";
import { ballotTrackingCode, encryptBallot, type EncryptedBallot } from "@tongxin/core/elections/crypto/ballot";
import { commitmentsFor, deviceKeyFor, jointKey, makePolynomial, receiveShare, sealShares, type Commitments, type DeviceKey, type Polynomial, type SealedShare } from "@tongxin/core/elections/crypto/ceremony";
import { pointFrom, pointHex, randomScalar, type Point } from "@tongxin/core/elections/crypto/group";
import { keyShare } from "@tongxin/core/elections/crypto/ceremony";
import { combineCount, countedFromTallies, sumBallots, sumsJson, trusteeDecryptions, type WriteInItem } from "@tongxin/core/elections/crypto/count";
import { ciphertextFrom, type CiphertextJson } from "@tongxin/core/elections/crypto/elgamal";
import { findTrackingCode, verifyRecord, type ElectionRecord } from "@tongxin/core/elections/crypto/record";
import { compareResults, countBallots, tally } from "@tongxin/core/elections/tally";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { call, signIn } from "../support/api";
import { addPerson, certifyAndPublish, createElection, freshBranch, type Person } from "../support/elections";

const small = {
  title: "加密投票测试",
  mode: "online",
  positions: [{ title: "理事", seats: 2, kind: "competitive", allowWriteIns: true, candidates: [{ name: "甲" }, { name: "乙" }, { name: "丙" }] }],
  motions: [{ title: "审议工作报告" }],
};

const choices = (marks: Record<string, "for" | "against">, motion?: "for" | "against", writeIns: string[] = []): Choices => ({ positions: { p1: { marks, writeIns } }, motions: motion ? { m1: motion } : {} });

async function boxOf(electionId: string): Promise<Array<Record<string, unknown>>> {
  const shards = await Promise.all(
    Array.from({ length: 16 }, (_, s) =>
      db().send(new QueryCommand({ TableName: ballotsTableName(), KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": `BALLOTS#${electionId}#${s}` }, ConsistentRead: true })),
    ),
  );
  return shards.flatMap((page) => page.Items ?? []);
}

interface Device {
  person: Person;
  index: number;
  secret: bigint;
  deviceKey: DeviceKey;
  polynomial: Polynomial;
  commitments: Commitments;
}

describe("加密投票: option, key ceremony and encrypted casts", () => {
  let admin: string;
  let orgId: string;
  let scrutineers: Person[];
  let voters: Person[];
  let electionId: string;
  let devices: Device[];
  let config: ElectionConfig;
  let key: Point;
  /** The plaintext of every ballot in the box, by tracking code (the test plays the voters' devices). */
  const castChoices = new Map<string, Choices>();

  beforeAll(async () => {
    admin = await signIn("13800000001");
    orgId = await freshBranch(admin);
    scrutineers = [];
    for (const name of ["监票甲", "监票乙", "监票丙"]) scrutineers.push(await addPerson(admin, orgId, name, ["member", "scrutineer"]));
    voters = [];
    for (let i = 0; i < 3; i += 1) voters.push(await addPerson(admin, orgId, `选民${i}`));
    electionId = await createElection(admin, orgId, small);
  }, 120_000);

  it("the option is off by default, set by an admin only, validated, and only while a draft", async () => {
    const seen = await call("GET", `/elections/${electionId}`, { token: admin });
    expect(seen.json.election.config.encryption).toBeUndefined();
    expect((await call("PUT", `/elections/${electionId}/encryption`, { token: voters[0]!.token, body: { enabled: true } })).status).toBe(403);
    const bad = await call("PUT", `/elections/${electionId}/encryption`, { token: admin, body: { enabled: true, threshold: 1 } });
    expect(bad.status).toBe(422);
    expect(bad.json.errors.threshold).toBeDefined();
    const off = await call("PUT", `/elections/${electionId}/encryption`, { token: admin, body: { enabled: false, threshold: 2 } });
    expect(off.status).toBe(422);
    expect(off.json.errors.threshold).toBeDefined();
    const paperOnly = await createElection(admin, orgId, { ...small, mode: "meeting", ballots: "paper" });
    const refused = await call("PUT", `/elections/${paperOnly}/encryption`, { token: admin, body: { enabled: true } });
    expect(refused.status).toBe(422);
    expect(refused.json.errors.enabled).toEqual(["纸质选票的选举不能使用加密投票"]);
    const on = await call("PUT", `/elections/${electionId}/encryption`, { token: admin, body: { enabled: true } });
    expect(on.status, on.text).toBe(200);
    expect(on.json.encryption).toEqual({});
    expect((await call("GET", `/elections/${electionId}/audit`, { token: admin })).json.entries.map((e: { event: { action: string } }) => e.event.action)).toContain("encryption_set");

    const appointed = await call("POST", `/elections/${electionId}/scrutineers`, { token: admin, body: { accountIds: scrutineers.map((s) => s.accountId) } });
    expect(appointed.status, appointed.text).toBe(200);
    expect((await call("POST", `/elections/${electionId}/roll`, { token: admin })).status).toBe(200);
    const late = await call("PUT", `/elections/${electionId}/encryption`, { token: admin, body: { enabled: false } });
    expect(late.status).toBe(409);
    config = (await call("GET", `/elections/${electionId}`, { token: admin })).json.election.config;
    expect(config.encryption).toEqual({});
  });

  it("will not open before the ceremony is complete", async () => {
    const early = await call("POST", `/elections/${electionId}/open`, { token: admin });
    expect(early.status).toBe(409);
    expect(early.json.code).toBe("election.ceremony_incomplete");
  });

  it("each 监票人 publishes a device key and commitments; a bad proof is 422 naming the field and nothing is stored; a non-监票人 is refused; once each", async () => {
    devices = scrutineers.map((person, i) => {
      const index = i + 1;
      const secret = randomScalar();
      const polynomial = makePolynomial(index, 2); // majority of 3
      return { person, index, secret, deviceKey: deviceKeyFor(electionId, index, secret), polynomial, commitments: commitmentsFor(electionId, polynomial) };
    });
    const first = devices[0]!;
    const forged = { ...first.deviceKey, proof: devices[1]!.deviceKey.proof };
    const refused = await call("POST", `/elections/${electionId}/ceremony/keys`, { token: first.person.token, body: { deviceKey: forged, commitments: first.commitments } });
    expect(refused.status).toBe(422);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(Object.keys(refused.json.errors)).toEqual(["deviceKey.proof"]);
    const badCommitment = { ...first.commitments, proofs: [first.commitments.proofs[1], first.commitments.proofs[0]] };
    const refused2 = await call("POST", `/elections/${electionId}/ceremony/keys`, { token: first.person.token, body: { deviceKey: first.deviceKey, commitments: badCommitment } });
    expect(refused2.status).toBe(422);
    expect(Object.keys(refused2.json.errors)).toEqual(["commitments.proofs"]);
    const garbled = await call("POST", `/elections/${electionId}/ceremony/keys`, { token: first.person.token, body: { deviceKey: { ...first.deviceKey, key: "zz" }, commitments: first.commitments } });
    expect(garbled.status).toBe(422);
    expect(Object.keys(garbled.json.errors)).toEqual(["deviceKey.key"]);
    expect((await call("GET", `/elections/${electionId}/ceremony`, { token: admin })).json.keysFrom).toEqual([]);

    const notTrustee = await call("POST", `/elections/${electionId}/ceremony/keys`, { token: voters[0]!.token, body: { deviceKey: first.deviceKey, commitments: first.commitments } });
    expect(notTrustee.status).toBe(403);
    expect(notTrustee.json.code).toBe("election.not_trustee");

    // Shares before every device key is published: refused.
    const tooEarly = await call("POST", `/elections/${electionId}/ceremony/shares`, { token: first.person.token, body: { shares: [] } });
    expect(tooEarly.status).toBe(409);

    for (const device of devices) {
      const posted = await call("POST", `/elections/${electionId}/ceremony/keys`, { token: device.person.token, body: { deviceKey: device.deviceKey, commitments: device.commitments } });
      expect(posted.status, posted.text).toBe(201);
    }
    const again = await call("POST", `/elections/${electionId}/ceremony/keys`, { token: first.person.token, body: { deviceKey: first.deviceKey, commitments: first.commitments } });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe("election.ceremony_posted");
    const state = (await call("GET", `/elections/${electionId}/ceremony`, { token: voters[0]!.token })).json;
    expect(state).toMatchObject({ threshold: 2, keysFrom: [1, 2, 3], sharesFrom: [] });
    expect(state.trustees.map((t: { accountId: string }) => t.accountId)).toEqual(scrutineers.map((s) => s.accountId));
    // The ceremony's 监票人 hold the key: they can no longer be replaced.
    const replaced = await call("POST", `/elections/${electionId}/scrutineers`, { token: admin, body: { accountIds: scrutineers.slice(0, 2).map((s) => s.accountId) } });
    expect(replaced.status).toBe(409);
    expect(state.jointKey).toBeUndefined();
  });

  it("shares go sealed to each recipient; the joint key is published when the last has posted, and each 监票人 checks what they received", async () => {
    const published: DeviceKey[] = (await call("GET", `/elections/${electionId}/ceremony`, { token: admin })).json.deviceKeys;
    const sealedBy = new Map(devices.map((d) => [d.index, sealShares(electionId, d.polynomial, published)]));
    const first = devices[0]!;
    const toSelf = sealedBy.get(1)!.map((s, i) => (i === 0 ? { ...s, to: 1 } : s));
    const wrong = await call("POST", `/elections/${electionId}/ceremony/shares`, { token: first.person.token, body: { shares: toSelf } });
    expect(wrong.status).toBe(422);
    expect(Object.keys(wrong.json.errors)).toEqual(["shares.0.to"]);

    let last: Record<string, unknown> = {};
    for (const device of devices) {
      const posted = await call("POST", `/elections/${electionId}/ceremony/shares`, { token: device.person.token, body: { shares: sealedBy.get(device.index) } });
      expect(posted.status, posted.text).toBe(201);
      last = posted.json;
      if (device.index < 3) expect(posted.json.jointKey).toBeUndefined();
    }
    expect(last.jointKey).toBe(pointHex(jointKey(devices.map((d) => d.commitments))));
    key = pointFrom(last.jointKey);

    const state = (await call("GET", `/elections/${electionId}/ceremony`, { token: admin })).json;
    for (const device of devices) {
      const mine = (state.sealed as SealedShare[]).filter((s) => s.to === device.index);
      expect(mine).toHaveLength(2);
      for (const share of mine) expect(receiveShare(electionId, device.secret, share, state.commitments.find((c: Commitments) => c.trustee === share.from))).toBeDefined();
    }
    const opened = await call("POST", `/elections/${electionId}/open`, { token: admin });
    expect(opened.status, opened.text).toBe(200);
  });

  it("a cast whose proof fails is 422 naming the field and stores nothing; plain choices are refused", async () => {
    const firstChoices = choices({ p1c1: "for" }, "for", ["丁"]);
    const { ballot } = encryptBallot(config, electionId, key, firstChoices);
    const tampered: EncryptedBallot = structuredClone(ballot);
    const pair = tampered.positions.p1!.candidates.p1c1!;
    [pair.for, pair.against] = [pair.against, pair.for];
    const refused = await call("POST", `/elections/${electionId}/ballots`, { token: voters[0]!.token, body: { ballot: tampered } });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.json.code).toBe("election.ballot_proof_invalid");
    expect(Object.keys(refused.json.errors)).toContain("ballot.positions.p1.candidates.p1c1.forProof");
    const plain = await call("POST", `/elections/${electionId}/ballots`, { token: voters[0]!.token, body: { choices: choices({ p1c1: "for" }) } });
    expect(plain.status).toBe(422);
    expect(Object.keys(plain.json.errors)).toEqual(["ballot"]);
    expect(await boxOf(electionId)).toEqual([]);
    expect((await call("GET", `/elections/${electionId}`, { token: voters[0]!.token })).json.me.voted).toBe(false);

    const cast = await call("POST", `/elections/${electionId}/ballots`, { token: voters[0]!.token, body: { ballot } });
    expect(cast.status, cast.text).toBe(201);
    expect(cast.json.trackingCode).toBe(ballotTrackingCode(ballot));
    castChoices.set(cast.json.trackingCode, firstChoices);
    const box = await boxOf(electionId);
    expect(box).toHaveLength(1);
    // The stored ballot: its tracking code and the ballot, nothing naming the voter.
    expect(Object.keys(box[0]!).sort()).toEqual(["encrypted", "pk", "sk", "trackingCode", "type"]);
    expect(JSON.parse(box[0]!.encrypted as string)).toEqual(JSON.parse(JSON.stringify(ballot)));

    // A copy of that ballot cast by another voter: refused by its tracking code, nothing written for them.
    const copy = await call("POST", `/elections/${electionId}/ballots`, { token: voters[1]!.token, body: { ballot } });
    expect(copy.status).toBe(409);
    expect(copy.json.code).toBe("election.ballot_duplicate");
    expect((await call("GET", `/elections/${electionId}`, { token: voters[1]!.token })).json.me.voted).toBe(false);
    expect(await boxOf(electionId)).toHaveLength(1);

    // A retry of a cast with the same Idempotency-Key is answered with the same tracking code, stored once.
    const ownChoices = choices({ p1c2: "for" }, "against");
    const own = encryptBallot(config, electionId, key, ownChoices).ballot;
    const headers = { "idempotency-key": `enc-${Date.now()}` };
    const first = await call("POST", `/elections/${electionId}/ballots`, { token: voters[1]!.token, body: { ballot: own }, headers });
    expect(first.status, first.text).toBe(201);
    castChoices.set(first.json.trackingCode, ownChoices);
    const retry = await call("POST", `/elections/${electionId}/ballots`, { token: voters[1]!.token, body: { ballot: own }, headers });
    expect(retry.status, retry.text).toBe(200);
    expect(retry.json).toMatchObject({ replayed: true, trackingCode: first.json.trackingCode });
    expect(await boxOf(electionId)).toHaveLength(2);
  }, 60_000);

  it("concurrent encrypted casts from one voter store one ballot", async () => {
    const plain = [choices({ p1c1: "for", p1c2: "for" }), choices({ p1c3: "for" }, "against"), choices({}, "for"), choices({ p1c2: "against" })];
    const ballots = plain.map((c) => encryptBallot(config, electionId, key, c).ballot);
    const replies = await Promise.all(ballots.map((ballot) => call("POST", `/elections/${electionId}/ballots`, { token: voters[2]!.token, body: { ballot } })));
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses, replies.map((r) => r.text).join("\n")).toEqual([201, 409, 409, 409]);
    for (const reply of replies.filter((r) => r.status === 409)) expect(reply.json.code).toBe("election.already_voted");
    const winner = replies.find((r) => r.status === 201)!.json.trackingCode;
    castChoices.set(winner, plain[ballots.findIndex((b) => ballotTrackingCode(b) === winner)]!);
    const box = await boxOf(electionId);
    expect(box).toHaveLength(3);
    expect(box.map((b) => b.trackingCode)).toContain(winner);
  }, 60_000);

  // ------------------------------------------------------------------ the count (issue #27 item 4)

  const sumsOf = (json: Record<string, CiphertextJson>) => new Map(Object.entries(json).map(([label, c]) => [label, ciphertextFrom(c, label)]));
  const decryptionBy = (device: Device, state: { sums: Record<string, CiphertextJson>; writeIns: WriteInItem[] }) =>
    trusteeDecryptions(electionId, key, device.index, keyShares.get(device.index)!, sumsOf(state.sums), state.writeIns);
  const keyShares = new Map<number, bigint>();

  async function storedSums(): Promise<Array<Record<string, unknown>>> {
    const page = await db().send(
      new QueryCommand({ TableName: tableName(), KeyConditionExpression: "pk = :pk AND begins_with(sk, :s)", ExpressionAttributeValues: { ":pk": `ELECTION#${electionId}`, ":s": "CRYPTO#SUMS" }, ConsistentRead: true }),
    );
    return page.Items ?? [];
  }

  it("the close sums the encrypted ballots once: a close raced by count requests stores one set of sums, equal to the homomorphic sum of the box", async () => {
    const state = (await call("GET", `/elections/${electionId}/ceremony`, { token: admin })).json;
    for (const device of devices) {
      const received = (state.sealed as SealedShare[])
        .filter((s) => s.to === device.index)
        .map((s) => receiveShare(electionId, device.secret, s, state.commitments.find((c: Commitments) => c.trustee === s.from))!);
      keyShares.set(device.index, keyShare(device.polynomial, received));
    }
    expect((await call("GET", `/elections/${electionId}/decryption`, { token: admin })).status).toBe(409); // still open
    const replies = await Promise.all([
      call("POST", `/elections/${electionId}/close`, { token: admin }),
      call("POST", `/elections/${electionId}/certify`, { token: scrutineers[0]!.token, body: {} }),
      call("POST", `/elections/${electionId}/close`, { token: admin }),
      call("GET", `/elections/${electionId}/decryption`, { token: voters[0]!.token }),
    ]);
    // Exactly one close wins; the others (a second close, a certify that counts, a read) are 409 or a read of the sums.
    expect([replies[0]!, replies[2]!].map((r) => r.status).sort(), replies.map((r) => r.text).join("\n")).toEqual([200, 409]);
    for (const reply of replies) expect([200, 409]).toContain(reply.status);
    for (const reply of replies.filter((r) => r.status === 409)) expect(["election.decryption_pending", "election.invalid_state"]).toContain(reply.json.code);
    // Counting before t 监票人 decrypted: 409 saying so (never results from nothing).
    const early = await call("POST", `/elections/${electionId}/close`, { token: admin });
    expect(early.status).toBe(409);
    expect(early.json.code).toBe("election.decryption_pending");

    const rows = await storedSums();
    expect(rows).toHaveLength(1);
    const box = (await boxOf(electionId)).map((item) => JSON.parse(item.encrypted as string) as EncryptedBallot);
    expect(box).toHaveLength(castChoices.size);
    expect(rows[0]!.sums).toEqual(sumsJson(sumBallots(config, box)));
    expect(rows[0]!.ballots).toBe(3);
    const view = (await call("GET", `/elections/${electionId}/decryption`, { token: voters[0]!.token })).json;
    expect(view).toMatchObject({ threshold: 2, ballots: 3, decryptedBy: [], sums: rows[0]!.sums });
  }, 60_000);

  it("a 监票人's decryption whose proof fails is 422 naming the field and stores nothing; a non-监票人 is refused; with t−1 shares there are no results", async () => {
    const state = (await call("GET", `/elections/${electionId}/decryption`, { token: admin })).json;
    const [first, second] = devices;
    const mine = decryptionBy(first!, state);
    const label = Object.keys(mine.sums)[0]!;
    // Another 监票人's share passed off as mine, and a share for the wrong sum.
    const forged = { ...mine, sums: { ...mine.sums, [label]: { ...decryptionBy(second!, state).sums[label]!, trustee: 1 } } };
    const refused = await call("POST", `/elections/${electionId}/decryption`, { token: first!.person.token, body: forged });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(refused.json.code).toBe("election.decryption_invalid");
    expect(Object.keys(refused.json.errors)).toEqual([`sums.${label}.proof`]);
    const missing = await call("POST", `/elections/${electionId}/decryption`, { token: first!.person.token, body: { ...mine, writeIns: mine.writeIns.slice(1) } });
    expect(state.writeIns).toHaveLength(6); // 3 ballots × 2 seats' write-in slots
    expect(missing.status).toBe(422);
    expect(Object.keys(missing.json.errors)).toEqual(["writeIns"]);
    const garbled = await call("POST", `/elections/${electionId}/decryption`, { token: first!.person.token, body: { ...mine, sums: { ...mine.sums, [label]: { ...mine.sums[label]!, share: "zz" } } } });
    expect(garbled.status).toBe(422);
    expect(Object.keys(garbled.json.errors)).toEqual([`sums.${label}.share`]);
    const wrongTrustee = await call("POST", `/elections/${electionId}/decryption`, { token: first!.person.token, body: decryptionBy(second!, state) });
    expect(wrongTrustee.status).toBe(422);
    expect(Object.keys(wrongTrustee.json.errors)).toEqual(["trustee"]);
    const notTrustee = await call("POST", `/elections/${electionId}/decryption`, { token: voters[0]!.token, body: mine });
    expect(notTrustee.status).toBe(403);
    expect(notTrustee.json.code).toBe("election.not_trustee");
    expect((await call("GET", `/elections/${electionId}/decryption`, { token: admin })).json.decryptedBy).toEqual([]);

    const posted = await call("POST", `/elections/${electionId}/decryption`, { token: first!.person.token, body: mine });
    expect(posted.status, posted.text).toBe(201);
    expect(posted.json).toMatchObject({ decryptedBy: [1], threshold: 2 });
    expect(posted.json.resultsHash).toBeUndefined();
    const again = await call("POST", `/elections/${electionId}/decryption`, { token: first!.person.token, body: mine });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe("election.decryption_posted");
    // t−1 = 1 share: no results anywhere.
    expect((await call("GET", `/elections/${electionId}/results`, { token: admin })).json.code).toBe("election.not_published");
    expect((await call("GET", `/elections/${electionId}/record`, { token: admin })).json.code).toBe("election.not_published");
    const certify = await call("POST", `/elections/${electionId}/certify`, { token: scrutineers[0]!.token, body: {} });
    expect(certify.status).toBe(409);
    expect(certify.json.code).toBe("election.decryption_pending");
  }, 120_000);

  it("any t shares give the plaintext tally; the t-th post completes the count once (raced by its own retry), and the normal certify/publish path continues", async () => {
    const state = (await call("GET", `/elections/${electionId}/decryption`, { token: admin })).json;
    const plaintext = [...castChoices.values()];
    // Any quorum of t = 2 decrypts the same counts, equal to the plaintext tally of the cast choices.
    const expected = countBallots(config, plaintext);
    const commitments: Commitments[] = (await call("GET", `/elections/${electionId}/ceremony`, { token: admin })).json.commitments;
    for (const quorum of [[1, 2], [1, 3], [2, 3]]) {
      const combined = combineCount(electionId, key, commitments, 2, sumsOf(state.sums), state.writeIns, quorum.map((i) => decryptionBy(devices[i - 1]!, state)), 3);
      expect(combined.problems).toEqual([]);
      const counted = countedFromTallies(config, 3, combined.tallies, state.writeIns, combined.writeIns);
      for (const kind of ["forCount", "againstCount", "motionFor", "motionAgainst"] as const) {
        for (const [item, n] of counted[kind]) expect([kind, item, n]).toEqual([kind, item, expected[kind].get(item) ?? 0]);
        for (const [item, n] of expected[kind]) expect(counted[kind].get(item)).toBe(n);
      }
      expect(counted.writeInCount).toEqual(new Map([["p1", new Map([["丁", 1]])]]));
      expect(expected.writeInCount).toEqual(counted.writeInCount);
    }

    const third = devices[2]!;
    const body = decryptionBy(third, state);
    const replies = await Promise.all([0, 1].map(() => call("POST", `/elections/${electionId}/decryption`, { token: third.person.token, body })));
    expect(replies.map((r) => r.status).sort(), replies.map((r) => r.text).join("\n")).toEqual([201, 409]);
    const done = replies.find((r) => r.status === 201)!.json;
    expect(done.decryptedBy).toEqual([1, 3]);
    expect(done.resultsHash).toMatch(/^[0-9a-f]{64}$/);

    const results = await call("GET", `/elections/${electionId}/results`, { token: admin });
    expect(results.status, results.text).toBe(200);
    expect(results.json.resultsHash).toBe(done.resultsHash);
    const counts = ((await call("GET", `/elections/${electionId}/record`, { token: admin })).json as ElectionRecord).counts;
    expect(counts.receipts).toBe(3);
    expect(compareResults(tally(config, plaintext, counts), results.json.results)).toEqual([]);
    expect(results.json.results.integrity.ok).toBe(true);
    const late = await call("POST", `/elections/${electionId}/decryption`, { token: devices[1]!.person.token, body: decryptionBy(devices[1]!, state) });
    expect(late.status).toBe(409);
    const audit = (await call("GET", `/elections/${electionId}/audit`, { token: admin })).json.entries.map((e: { event: { action: string } }) => e.event);
    expect(audit.filter((e: { action: string }) => e.action === "counted")).toEqual([expect.objectContaining({ encrypted: true, decryptedBy: [1, 3], resultsHash: done.resultsHash })]);
    // A voter sees no record before publication.
    expect((await call("GET", `/elections/${electionId}/record`, { token: voters[0]!.token })).json.code).toBe("election.not_published");
    await certifyAndPublish(admin, electionId, scrutineers);
  }, 120_000);

  it("GET record returns record.json: verifyRecord holds on it, npm run verify-election exits 0, a voter finds their ballot, and an altered count is flagged", async () => {
    const reply = await call("GET", `/elections/${electionId}/record`, { token: voters[0]!.token });
    expect(reply.status, reply.text).toBe(200);
    // The plaintext bulletin has no place here: the ciphertexts are published in the record.
    const bulletin = await call("GET", `/elections/${electionId}/bulletin`, { token: voters[0]!.token });
    expect(bulletin.status).toBe(409);
    expect(bulletin.json.record).toBe(`/elections/${electionId}/record`);
    const record = reply.json as ElectionRecord;
    expect(record.decryptions.map((d) => d.trustee)).toEqual([1, 3]);
    expect(record.ballots.map((b) => b.trackingCode).sort()).toEqual([...castChoices.keys()].sort());
    const checks = verifyRecord(record);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.length).toBeGreaterThanOrEqual(6);
    expect(findTrackingCode(record, [...castChoices.keys()][0]!.slice(0, 16))).toBeDefined();

    const dir = mkdtempSync(join(tmpdir(), "record-"));
    const file = join(dir, "record.json");
    writeFileSync(file, reply.text);
    const run = spawnSync("npx", ["tsx", "scripts/verify-election.ts", file], { encoding: "utf8" });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("成立");

    const altered = structuredClone(record);
    const label = Object.keys(altered.tallies)[0]!;
    altered.tallies[label] = altered.tallies[label]! + 1;
    writeFileSync(file, JSON.stringify(altered));
    expect(spawnSync("npx", ["tsx", "scripts/verify-election.ts", file], { encoding: "utf8" }).status).toBe(1);
    expect(verifyRecord(altered).some((c) => !c.ok)).toBe(true);
  }, 120_000);
});
