import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Choices } from "@tongxin/core/elections/choices";
import { NewElectionSchema, normalizeConfig, type ElectionConfig } from "@tongxin/core/elections/config";
import { ballotCiphertexts, ballotTrackingCode, checkBallot, checkOpenedBallot, decodeWriteIn, encryptBallot, tallyLabels, writeInInfo, type EncryptedBallot } from "@tongxin/core/elections/crypto/ballot";
import { commitmentsFor, deviceKeyFor, makePolynomial, receiveShare, sealShares, verificationKey, verifyCommitments, verifyDeviceKey } from "@tongxin/core/elections/crypto/ceremony";
import { combinePartials, partialDecrypt, unmask, verifyPartial } from "@tongxin/core/elections/crypto/decryption";
import { ciphertextFrom, encrypt, openWithShared, smallLog, sumCiphertexts } from "@tongxin/core/elections/crypto/elgamal";
import { challenge, G, mul, pointFrom, pointHex, randomScalar, scalarHex, small } from "@tongxin/core/elections/crypto/group";
import { proveEquality, proveRange, proveSchnorr, verifyEquality, verifyRange, verifySchnorr } from "@tongxin/core/elections/crypto/proofs";
import { runCeremony, type Ceremony } from "../../support/crypto-ceremony";

function configOf(input: Record<string, unknown>): ElectionConfig {
  const { config, problems } = normalizeConfig(NewElectionSchema.parse({ title: "测试", mode: "online", ballots: "electronic", ...input }));
  expect(problems).toEqual({});
  return config;
}

const config = configOf({
  positions: [
    { title: "会长", seats: 1, kind: "slate", candidates: [{ name: "张三" }] },
    { title: "理事", seats: 2, kind: "competitive", candidates: [{ name: "李四" }, { name: "王五" }, { name: "赵六" }], allowWriteIns: true },
  ],
  motions: [{ title: "审议工作报告" }],
});

const ceremony = runCeremony("E1", 3, 2);
const K = ceremony.jointKey;

/** Decrypts a sum with the partial decryptions of `quorum`, each checked. */
function decryptSum(c: Ceremony, label: string, sum: { a: ReturnType<typeof G.add>; b: ReturnType<typeof G.add> }, quorum: number[], max: number): number | undefined {
  const partials = quorum.map((i) => partialDecrypt(c.electionId, c.jointKey, label, i, c.shares.get(i)!, sum.a));
  for (const p of partials) expect(verifyPartial(c.electionId, c.jointKey, label, verificationKey(c.commitments, p.trustee), sum.a, p)).toBe(true);
  return smallLog(unmask(sum, combinePartials(partials)), max);
}

describe("group and ElGamal: known answers", () => {
  it("small multiples of the generator match RFC 9496 A.1", () => {
    expect(pointHex(small(0))).toBe("0000000000000000000000000000000000000000000000000000000000000000");
    expect(pointHex(small(1))).toBe("e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76");
    expect(pointHex(small(2))).toBe("6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919");
    expect(pointHex(small(3))).toBe("94741f5d5d52755ece4f23f044ee27d5d1ea1e2bd196b462166b16152a9d0259");
  });

  it("Enc(m; r) under x·G is (r·G, (r·x + m)·G), and x decrypts it", () => {
    const x = 7n;
    const r = 11n;
    const { ciphertext } = encrypt(mul(G, x), 3, r);
    expect(pointHex(ciphertext.a)).toBe(pointHex(small(11)));
    expect(pointHex(ciphertext.b)).toBe(pointHex(small(80)));
    expect(smallLog(ciphertext.b.subtract(mul(ciphertext.a, x)), 100)).toBe(3);
  });

  it("baby-step giant-step finds every m up to the bound and nothing beyond", () => {
    for (const m of [0, 1, 2, 99, 100, 101, 9999, 10000]) expect(smallLog(small(m), 10000)).toBe(m);
    expect(smallLog(small(10001), 10000)).toBeUndefined();
  });

  it("the Fiat–Shamir hash separates kinds and parts", () => {
    expect(challenge("range", ["E1", 1])).not.toBe(challenge("schnorr", ["E1", 1]));
    expect(challenge("range", ["E1", "1"])).not.toBe(challenge("range", ["E1", 1]));
    expect(challenge("range", ["ab", "c"])).not.toBe(challenge("range", ["a", "bc"]));
  });

  it("refuses non-canonical encodings", () => {
    expect(() => pointFrom("ff".repeat(32))).toThrow();
    expect(() => pointFrom("E2F2AE0A6ABC4E71A884A961C500515F58E30B6AA582DD8DB6A65945E08D2D76")).toThrow();
  });
});

describe("proofs reject tampered statements and forged transcripts", () => {
  it("Schnorr: right key and context only", () => {
    const x = randomScalar();
    const X = mul(G, x);
    const proof = proveSchnorr("device-key", ["E1", 1], x, X);
    expect(verifySchnorr("device-key", ["E1", 1], X, proof)).toBe(true);
    expect(verifySchnorr("device-key", ["E2", 1], X, proof)).toBe(false);
    expect(verifySchnorr("commitment", ["E1", 1], X, proof)).toBe(false);
    expect(verifySchnorr("device-key", ["E1", 1], X.add(G), proof)).toBe(false);
    expect(verifySchnorr("device-key", ["E1", 1], X, { c: proof.c, z: scalarHex(randomScalar()) })).toBe(false);
  });

  it("Chaum–Pedersen: a share computed with another secret fails", () => {
    const x = randomScalar();
    const H = mul(G, randomScalar());
    const proof = proveEquality("partial-decryption", ["E1"], x, H, mul(G, x), mul(H, x));
    expect(verifyEquality("partial-decryption", ["E1"], H, mul(G, x), mul(H, x), proof)).toBe(true);
    expect(verifyEquality("partial-decryption", ["E1"], H, mul(G, x), mul(H, x).add(G), proof)).toBe(false);
    const liar = proveEquality("partial-decryption", ["E1"], x, H, mul(G, x), mul(H, x + 1n));
    expect(verifyEquality("partial-decryption", ["E1"], H, mul(G, x), mul(H, x + 1n), liar)).toBe(false);
  });

  it("range: holds for every value in range, fails for a tampered ciphertext, a forged transcript or another context", () => {
    for (const [m, low, high] of [
      [0, 0, 1],
      [1, 0, 1],
      [3, 0, 3],
      [1, 1, 1],
    ] as const) {
      const { ciphertext, r } = encrypt(K, m);
      const proof = proveRange(["E1", K, "x"], K, ciphertext.a, ciphertext.b, r, m, low, high);
      expect(verifyRange(["E1", K, "x"], K, ciphertext.a, ciphertext.b, low, high, proof)).toBe(true);
      expect(verifyRange(["E1", K, "y"], K, ciphertext.a, ciphertext.b, low, high, proof)).toBe(false);
      expect(verifyRange(["E1", K, "x"], K, ciphertext.a, ciphertext.b.add(G), low, high, proof)).toBe(false);
      expect(verifyRange(["E1", K, "x"], K, ciphertext.a.add(G), ciphertext.b, low, high, proof)).toBe(false);
    }
    // A 2 cannot be proved a 0/1: the prover refuses, and a transcript assembled by hand fails.
    const two = encrypt(K, 2);
    expect(() => proveRange(["E1", K, "x"], K, two.ciphertext.a, two.ciphertext.b, two.r, 2, 0, 1)).toThrow();
    const forged = { c: [scalarHex(randomScalar()), scalarHex(randomScalar())], z: [scalarHex(randomScalar()), scalarHex(randomScalar())] };
    expect(verifyRange(["E1", K, "x"], K, two.ciphertext.a, two.ciphertext.b, 0, 1, forged)).toBe(false);
    // A valid proof for an encryption of 1 does not carry over to the 2.
    const one = encrypt(K, 1);
    const oneProof = proveRange(["E1", K, "x"], K, one.ciphertext.a, one.ciphertext.b, one.r, 1, 0, 1);
    expect(verifyRange(["E1", K, "x"], K, two.ciphertext.a, two.ciphertext.b, 0, 1, oneProof)).toBe(false);
  });
});

describe("key ceremony and threshold decryption", () => {
  it("the joint key is the sum of the constant commitments; every published proof holds", () => {
    for (const d of ceremony.deviceKeys) expect(verifyDeviceKey("E1", d)).toBe(true);
    for (const c of ceremony.commitments) expect(verifyCommitments("E1", c, 2)).toBe(true);
    for (const [j, s] of ceremony.shares) expect(mul(G, s).equals(verificationKey(ceremony.commitments, j))).toBe(true);
    const tampered = { ...ceremony.commitments[0]!, commitments: [pointHex(pointFrom(ceremony.commitments[0]!.commitments[0]).add(G)), ceremony.commitments[0]!.commitments[1]!] };
    expect(verifyCommitments("E1", tampered, 2)).toBe(false);
    expect(verifyCommitments("E2", ceremony.commitments[0]!, 2)).toBe(false);
  });

  it("a share that does not match the sender's commitments, or an altered box, is refused (complaint)", () => {
    const secrets = [randomScalar(), randomScalar(), randomScalar()];
    const keys = secrets.map((s, i) => deviceKeyFor("E9", i + 1, s));
    const honest = makePolynomial(1, 2);
    const commitments = commitmentsFor("E9", honest);
    const cheat = { trustee: 1, coefficients: [honest.coefficients[0]!, honest.coefficients[1]! + 1n] };
    const good = sealShares("E9", honest, keys).find((s) => s.to === 2)!;
    const bad = sealShares("E9", cheat, keys).find((s) => s.to === 2)!;
    expect(receiveShare("E9", secrets[1]!, good, commitments)).toBeDefined();
    expect(receiveShare("E9", secrets[1]!, bad, commitments)).toBeUndefined();
    expect(receiveShare("E9", secrets[2]!, good, commitments)).toBeUndefined(); // not mine: cannot open
    const flipped = { ...good, box: { ...good.box, ct: (good.box.ct[0] === "0" ? "1" : "0") + good.box.ct.slice(1) } };
    expect(receiveShare("E9", secrets[1]!, flipped, commitments)).toBeUndefined();
  });

  it("any t of n decrypt; t−1 cannot; a false partial decryption is caught", () => {
    const c5 = runCeremony("E5", 5, 3);
    const { ciphertext } = encrypt(c5.jointKey, 42);
    for (const quorum of [
      [1, 2, 3],
      [1, 4, 5],
      [2, 3, 5],
      [1, 2, 3, 4, 5],
    ]) {
      expect(decryptSum(c5, "m1/for", ciphertext, quorum, 100)).toBe(42);
    }
    for (const quorum of [
      [1, 2],
      [3, 5],
    ]) {
      const partials = quorum.map((i) => partialDecrypt("E5", c5.jointKey, "m1/for", i, c5.shares.get(i)!, ciphertext.a));
      expect(smallLog(unmask(ciphertext, combinePartials(partials)), 10000)).toBeUndefined();
    }
    const honest = partialDecrypt("E5", c5.jointKey, "m1/for", 1, c5.shares.get(1)!, ciphertext.a);
    const altered = { ...honest, share: pointHex(pointFrom(honest.share).add(G)) };
    expect(verifyPartial("E5", c5.jointKey, "m1/for", verificationKey(c5.commitments, 1), ciphertext.a, altered)).toBe(false);
    const otherLabel = partialDecrypt("E5", c5.jointKey, "m1/against", 1, c5.shares.get(1)!, ciphertext.a);
    expect(verifyPartial("E5", c5.jointKey, "m1/for", verificationKey(c5.commitments, 1), ciphertext.a, otherLabel)).toBe(false);
    const wrongShare = partialDecrypt("E5", c5.jointKey, "m1/for", 1, c5.shares.get(2)!, ciphertext.a);
    expect(verifyPartial("E5", c5.jointKey, "m1/for", verificationKey(c5.commitments, 1), ciphertext.a, wrongShare)).toBe(false);
  });
});

const choices = (positions: Choices["positions"], motions: Choices["motions"] = {}): Choices => ({ positions, motions });

describe("encrypted ballots", () => {
  const honest = choices(
    { p1: { marks: { p1c1: "for" }, writeIns: [] }, p2: { marks: { p2c1: "for", p2c3: "against" }, writeIns: ["钱七"] } },
    { m1: "against" },
  );

  it("an honest ballot passes every check; its tracking code is the hash of the ballot", () => {
    const { ballot } = encryptBallot(config, "E1", K, honest);
    expect(checkBallot(config, "E1", K, ballot)).toEqual([]);
    expect(ballotTrackingCode(ballot)).toMatch(/^[0-9a-f]{64}$/);
    expect(ballotTrackingCode(JSON.parse(JSON.stringify(ballot)) as EncryptedBallot)).toBe(ballotTrackingCode(ballot));
  });

  it("refuses to make an over-marked ballot", () => {
    expect(() => encryptBallot(config, "E1", K, choices({ p2: { marks: { p2c1: "for", p2c2: "for" }, writeIns: ["钱七"] } }))).toThrow(/超过应选名额/);
  });

  it("a spliced or altered ballot fails the proof that names it", () => {
    const a = encryptBallot(config, "E1", K, choices({ p2: { marks: { p2c1: "for", p2c2: "for" }, writeIns: [] } }, { m1: "for" })).ballot;
    const b = encryptBallot(config, "E1", K, choices({ p2: { marks: { p2c3: "for" }, writeIns: [] } }, { m1: "against" })).ballot;

    // 赞成 and 反对 on one motion: each half proves 0/1 on its own; their sum does not.
    const both = structuredClone(a);
    both.motions.m1!.against = b.motions.m1!.against;
    both.motions.m1!.againstProof = b.motions.m1!.againstProof;
    expect(checkBallot(config, "E1", K, both)).toEqual(["ballot.motions.m1.oneProof"]);

    // Three 赞成 for two seats, spliced from two ballots: each candidate valid, the seats proof fails.
    const three = structuredClone(a);
    three.positions.p2!.candidates.p2c3 = b.positions.p2!.candidates.p2c3!;
    expect(checkBallot(config, "E1", K, three)).toEqual(["ballot.positions.p2.seatsProof"]);

    // A ciphertext nudged by G: its 0/1 proof and the sum proof fail.
    const nudged = structuredClone(a);
    const f = ciphertextFrom(nudged.positions.p1!.candidates.p1c1!.for, "x");
    nudged.positions.p1!.candidates.p1c1!.for = { a: pointHex(f.a), b: pointHex(f.b.add(G)) };
    expect(checkBallot(config, "E1", K, nudged)).toEqual(["ballot.positions.p1.candidates.p1c1.forProof", "ballot.positions.p1.candidates.p1c1.oneProof"]);

    // The same ballot under another election or key.
    expect(checkBallot(config, "E2", K, a)).toEqual(["ballot.electionId"]);
    expect(checkBallot(config, "E1", runCeremony("E1", 3, 2).jointKey, a).length).toBeGreaterThan(0);

    // A write-in box altered after sealing: its proof of knowledge fails.
    const box = structuredClone(a);
    const ct = box.positions.p2!.writeIns[0]!.name.ct;
    box.positions.p2!.writeIns[0]!.name.ct = (ct[0] === "0" ? "1" : "0") + ct.slice(1);
    expect(checkBallot(config, "E1", K, box)).toEqual(["ballot.positions.p2.writeIns.0.nameProof"]);
  });

  it("a malformed ballot is a 422 naming the field", () => {
    const extra = structuredClone(encryptBallot(config, "E1", K, honest).ballot) as unknown as { positions: Record<string, Record<string, unknown>> };
    extra.positions.p1!.note = "x";
    expect(() => checkBallot(config, "E1", K, extra)).toThrow(expect.objectContaining({ fields: { "ballot.positions.p1": expect.any(Array) } }));
    const { ballot } = encryptBallot(config, "E1", K, honest);
    const missing = structuredClone(ballot) as { positions: Record<string, unknown> };
    delete missing.positions.p2;
    expect(() => checkBallot(config, "E1", K, missing)).toThrow(expect.objectContaining({ code: "validation.failed", fields: { "ballot.positions": expect.any(Array) } }));
    const badPoint = structuredClone(ballot);
    badPoint.motions.m1!.for.a = "zz";
    expect(() => checkBallot(config, "E1", K, badPoint)).toThrow(expect.objectContaining({ fields: { "ballot.motions.m1.for.a": expect.any(Array) } }));
  });

  it("Benaloh: an opened ballot re-makes exactly from the nonces and the choices shown, and from nothing else", () => {
    const { ballot, secrets } = encryptBallot(config, "E1", K, honest);
    expect(checkOpenedBallot(config, K, ballot, honest, secrets)).toBe(true);
    const lie = choices({ ...honest.positions, p1: { marks: { p1c1: "against" }, writeIns: [] } }, honest.motions);
    expect(checkOpenedBallot(config, K, ballot, lie, secrets)).toBe(false);
    const otherName = choices({ ...honest.positions, p2: { ...honest.positions.p2!, writeIns: ["孙八"] } }, honest.motions);
    expect(checkOpenedBallot(config, K, ballot, otherName, secrets)).toBe(false);
  });

  it("write-ins: the quorum's partial decryptions open each name, and only the right shares do", () => {
    const { ballot } = encryptBallot(config, "E1", K, honest);
    const slot = ballot.positions.p2!.writeIns[0]!;
    const E = pointFrom(slot.name.e);
    const label = "p2/w0";
    const partials = [1, 3].map((i) => partialDecrypt("E1", K, label, i, ceremony.shares.get(i)!, E));
    const bytes = openWithShared(combinePartials(partials), K, slot.name, writeInInfo("E1", label));
    expect(bytes && decodeWriteIn(bytes)).toBe("钱七");
    const single = [partialDecrypt("E1", K, label, 2, ceremony.shares.get(2)!, E)];
    expect(openWithShared(combinePartials(single), K, slot.name, writeInInfo("E1", label))).toBeUndefined();
  });
});

describe("property: the decrypted tally equals the plaintext tally", () => {
  const mark = fc.constantFrom<"for" | "against" | undefined>("for", "against", undefined);
  const ballotArb = fc
    .record({ p1c1: mark, p2: fc.array(fc.constantFrom("p2c1", "p2c2", "p2c3"), { maxLength: 2 }), p2against: fc.constantFrom("p2c1", "p2c2", "p2c3", undefined), m1: mark })
    .map(({ p1c1, p2, p2against, m1 }): Choices => {
      const marks: Record<string, "for" | "against"> = {};
      for (const c of new Set(p2)) marks[c] = "for";
      if (p2against && !marks[p2against]) marks[p2against] = "against";
      return choices({ p1: { marks: p1c1 ? { p1c1 } : {}, writeIns: [] }, p2: { marks, writeIns: [] } }, m1 ? { m1 } : {});
    });

  it("for random ballot sets and random quorums", () => {
    fc.assert(
      fc.property(fc.array(ballotArb, { maxLength: 5 }), fc.subarray([1, 2, 3], { minLength: 2 }), (set, quorum) => {
        const ballots = set.map((c) => encryptBallot(config, "E1", K, c).ballot);
        const ciphers = ballots.map((b) => ballotCiphertexts(config, b));
        for (const label of tallyLabels(config)) {
          const [item, candidate, side] = label.split("/");
          const expected = set.filter((c) => (side === undefined ? c.motions[item!] === candidate : c.positions[item!]?.marks[candidate!] === side)).length;
          const sum = sumCiphertexts(ciphers.map((m) => m.get(label)!));
          expect(decryptSum(ceremony, label, sum, quorum, set.length)).toBe(expected);
        }
      }),
      { numRuns: 8 },
    );
  });
});
