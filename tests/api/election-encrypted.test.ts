/**
 * 加密投票（监票人持钥） through the API against DynamoDB Local (issue #27 items 1–3): the option
 * (set-up only), the 监票人's key ceremony with every proof checked server-side, and encrypted
 * casts through the ordinary exactly-once cast transaction — a failing proof is 422 with nothing
 * stored, a copied ballot is refused by its tracking code, concurrent casts from one voter store
 * one ballot. Each 监票人's device is played here with the pure protocol (crypto/ceremony.ts).
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { ballotsTableName, db } from "@tongxin/core/db/client";
import type { Choices } from "@tongxin/core/elections/choices";
import type { ElectionConfig } from "@tongxin/core/elections/config";
import { ballotTrackingCode, encryptBallot, type EncryptedBallot } from "@tongxin/core/elections/crypto/ballot";
import { commitmentsFor, deviceKeyFor, jointKey, makePolynomial, receiveShare, sealShares, type Commitments, type DeviceKey, type Polynomial, type SealedShare } from "@tongxin/core/elections/crypto/ceremony";
import { pointFrom, pointHex, randomScalar, type Point } from "@tongxin/core/elections/crypto/group";
import { call, signIn } from "../support/api";
import { addPerson, createElection, freshBranch, type Person } from "../support/elections";

const small = {
  title: "加密投票测试",
  mode: "online",
  positions: [{ title: "理事", seats: 2, kind: "competitive", candidates: [{ name: "甲" }, { name: "乙" }, { name: "丙" }] }],
  motions: [{ title: "审议工作报告" }],
};

const choices = (marks: Record<string, "for" | "against">, motion?: "for" | "against"): Choices => ({ positions: { p1: { marks, writeIns: [] } }, motions: motion ? { m1: motion } : {} });

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
    const { ballot } = encryptBallot(config, electionId, key, choices({ p1c1: "for" }, "for"));
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
    const own = encryptBallot(config, electionId, key, choices({ p1c2: "for" }, "against")).ballot;
    const headers = { "idempotency-key": `enc-${Date.now()}` };
    const first = await call("POST", `/elections/${electionId}/ballots`, { token: voters[1]!.token, body: { ballot: own }, headers });
    expect(first.status, first.text).toBe(201);
    const retry = await call("POST", `/elections/${electionId}/ballots`, { token: voters[1]!.token, body: { ballot: own }, headers });
    expect(retry.status, retry.text).toBe(200);
    expect(retry.json).toMatchObject({ replayed: true, trackingCode: first.json.trackingCode });
    expect(await boxOf(electionId)).toHaveLength(2);
  }, 60_000);

  it("concurrent encrypted casts from one voter store one ballot", async () => {
    const ballots = [choices({ p1c1: "for", p1c2: "for" }), choices({ p1c3: "for" }, "against"), choices({}, "for"), choices({ p1c2: "against" })].map(
      (c) => encryptBallot(config, electionId, key, c).ballot,
    );
    const replies = await Promise.all(ballots.map((ballot) => call("POST", `/elections/${electionId}/ballots`, { token: voters[2]!.token, body: { ballot } })));
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses, replies.map((r) => r.text).join("\n")).toEqual([201, 409, 409, 409]);
    for (const reply of replies.filter((r) => r.status === 409)) expect(reply.json.code).toBe("election.already_voted");
    const winner = replies.find((r) => r.status === 201)!.json.trackingCode;
    const box = await boxOf(electionId);
    expect(box).toHaveLength(3);
    expect(box.map((b) => b.trackingCode)).toContain(winner);
  }, 60_000);
});
