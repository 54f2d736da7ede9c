import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Choices } from "@tongxin/core/elections/choices";
import { NewElectionSchema, normalizeConfig, type ElectionConfig } from "@tongxin/core/elections/config";
import { encryptBallot, shortTrackingCode } from "@tongxin/core/elections/crypto/ballot";
import { ciphertextFrom } from "@tongxin/core/elections/crypto/elgamal";
import { G, pointFrom, pointHex } from "@tongxin/core/elections/crypto/group";
import { buildRecord, findTrackingCode, verifyRecord, type ElectionRecord } from "@tongxin/core/elections/crypto/record";
import { tally } from "@tongxin/core/elections/tally";
import { electionRecord, runCeremony } from "../../support/crypto-ceremony";

function configOf(input: Record<string, unknown>): ElectionConfig {
  const { config, problems } = normalizeConfig(NewElectionSchema.parse({ title: "测试", mode: "meeting", ballots: "mixed", ...input }));
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

const c = (positions: Choices["positions"], motions: Choices["motions"] = {}): Choices => ({ positions, motions });
const electronic: Choices[] = [
  c({ p1: { marks: { p1c1: "for" }, writeIns: [] }, p2: { marks: { p2c1: "for", p2c2: "for" }, writeIns: [] } }, { m1: "for" }),
  c({ p1: { marks: { p1c1: "for" }, writeIns: [] }, p2: { marks: { p2c1: "for" }, writeIns: ["钱七"] } }, { m1: "for" }),
  c({ p1: { marks: { p1c1: "against" }, writeIns: [] }, p2: { marks: { p2c3: "for", p2c2: "against" }, writeIns: ["钱七"] } }, { m1: "against" }),
  c({ p1: { marks: {}, writeIns: [] }, p2: { marks: { p2c2: "for" }, writeIns: [] } }, {}),
];
const paper: Choices[] = [
  c({ p1: { marks: { p1c1: "for" }, writeIns: [] }, p2: { marks: { p2c1: "for", p2c2: "for" }, writeIns: [] } }, { m1: "for" }),
  c({ p1: { marks: { p1c1: "for" }, writeIns: [] }, p2: { marks: { p2c1: "for", p2c2: "for", p2c3: "for" }, writeIns: [] } }, { m1: "for" }), // over-marked on paper: that section void
];
const counts = { roll: 8, present: 7, issued: 7, receipts: 4, paper: { issued: 3, returned: 2 } };
const ceremony = runCeremony("E-rec", 3, 2);
const record = electionRecord({ ceremony, config, choices: electronic, paperBallots: paper, counts, quorum: [1, 3] });

const failed = (r: ElectionRecord) => verifyRecord(r).filter((check) => !check.ok);
const clone = () => structuredClone(record);

describe("the election record and its verifier", () => {
  it("an honest record holds in every check, and its results are the plaintext count of the same ballots", () => {
    const checks = verifyRecord(record);
    expect(checks.map((check) => [check.title.split("：")[0], check.ok])).toEqual([
      ["参数", true],
      ["密钥仪式", true],
      ["加密选票", true],
      ["密文之和", true],
      ["解密", true],
      ["结果", true],
    ]);
    expect(record.results).toEqual(tally(config, [...electronic, ...paper], counts));
    expect(record.results.positions[1]!.writeIns).toEqual([{ name: "钱七", for: 2, elected: false, tied: false }]);
    expect(record.results.figures).toMatchObject({ returned: 6, paperReturned: 2 });
  });

  it("the record survives JSON (what the CLI and the public page read)", () => {
    expect(failed(JSON.parse(JSON.stringify(record)) as ElectionRecord)).toEqual([]);
  });

  it("a voter finds their tracking code, long or short", () => {
    const code = record.ballots[2]!.trackingCode;
    expect(findTrackingCode(record, code)).toBe(code);
    expect(findTrackingCode(record, code.slice(0, 16).toUpperCase().match(/.{4}/g)!.join("-"))).toBe(code);
    expect(findTrackingCode(record, "0".repeat(16))).toBeUndefined();
  });

  it("flags one altered ballot: a swapped vote (tracking code kept or recomputed) or a replaced ballot", () => {
    const altered = clone();
    const pair = altered.ballots[0]!.ballot.motions.m1!;
    [pair.for, pair.against] = [pair.against, pair.for];
    // The proofs fail (they were made for the other ciphertext), the sums move, and the published count no longer decrypts from them.
    expect(failed(altered).map((check) => check.title.split("：")[0])).toEqual(["加密选票", "密文之和", "解密"]);

    const replaced = clone();
    const other = encryptBallot(config, "E-rec", ceremony.jointKey, electronic[2]!).ballot;
    replaced.ballots[0] = { trackingCode: replaced.ballots[0]!.trackingCode, ballot: other };
    const titles = failed(replaced).map((check) => check.title.split("：")[0]);
    expect(titles).toContain("加密选票");
    expect(failed(replaced)[0]!.problems[0]).toMatch(/查验码.*与选票内容不符/);
  });

  it("flags a dropped ballot: the sums and counts no longer match", () => {
    const dropped = clone();
    dropped.ballots.pop();
    expect(failed(dropped).map((check) => check.title.split("：")[0])).toEqual(expect.arrayContaining(["密文之和"]));
  });

  it("flags an altered sum", () => {
    const altered = clone();
    const sum = ciphertextFrom(altered.sums["p2/p2c1/for"], "sum");
    altered.sums["p2/p2c1/for"] = { a: pointHex(sum.a), b: pointHex(sum.b.add(G)) };
    expect(failed(altered).map((check) => check.title.split("：")[0])).toEqual(["密文之和"]);
  });

  it("flags an altered decryption share and a quorum below the threshold", () => {
    const altered = clone();
    const share = altered.decryptions[1]!.sums["m1/for"]!;
    share.share = pointHex(pointFrom(share.share).add(G));
    const bad = failed(altered);
    expect(bad.map((check) => check.title.split("：")[0])).toEqual(["解密"]);
    expect(bad[0]!.problems).toEqual(["第3位监票人对m1/for的部分解密证明无效"]);

    const alone = clone();
    alone.decryptions = alone.decryptions.slice(0, 1);
    expect(failed(alone)[0]!.problems).toEqual(["参与解密的监票人1人，少于门限2人"]);
  });

  it("flags an altered count, write-in or result", () => {
    const count = clone();
    count.tallies["p1/p1c1/for"] = 3;
    expect(failed(count).map((check) => check.title.split("：")[0])).toEqual(["解密", "结果"]);

    const name = clone();
    const used = name.writeIns.findIndex((w) => w.name === "钱七");
    name.writeIns[used] = { flag: 1, name: "孙八" };
    expect(failed(name).map((check) => check.title.split("：")[0])).toEqual(["解密", "结果"]);

    const result = clone();
    result.results.motions[0]!.passed = !result.results.motions[0]!.passed;
    const bad = failed(result);
    expect(bad.map((check) => check.title.split("：")[0])).toEqual(["结果"]);
    expect(bad[0]!.problems[0]).toMatch(/^motions\[0\]\.passed/);
  });

  it("flags an altered ceremony: a commitment or the joint key", () => {
    const joint = clone();
    joint.ceremony.jointKey = pointHex(pointFrom(joint.ceremony.jointKey).add(G));
    expect(failed(joint)[0]!.problems).toEqual(["公布的联合公钥不等于各人承诺之和"]);
    const commitment = clone();
    commitment.ceremony.commitments[2]!.commitments[1] = pointHex(G);
    expect(failed(commitment)[0]!.problems).toContain("第3位监票人的承诺或其证明无效");
  });

  it("the count refuses to build a record from a bad share or too few 监票人", () => {
    const parts = {
      electionId: record.electionId,
      title: record.title,
      config,
      threshold: 2,
      trustees: record.ceremony.trustees,
      deviceKeys: record.ceremony.deviceKeys,
      commitments: record.ceremony.commitments,
      ballots: record.ballots,
      paperBallots: paper,
      counts,
    };
    expect(buildRecord({ ...parts, decryptions: record.decryptions.slice(0, 1) }).problems.length).toBeGreaterThan(0);
    const forged = structuredClone(record.decryptions);
    forged[0]!.sums["m1/for"]!.share = pointHex(G);
    const built = buildRecord({ ...parts, decryptions: forged });
    expect(built.record).toBeUndefined();
    expect(built.problems).toContain("m1/for");
  });

  it("a malformed record is reported, not thrown", () => {
    const broken = clone() as unknown as { ballots: unknown[] };
    broken.ballots[0] = { trackingCode: "x", ballot: { nonsense: true } };
    expect(() => verifyRecord(broken as unknown as ElectionRecord)).not.toThrow();
    expect(failed(broken as unknown as ElectionRecord).length).toBeGreaterThan(0);
  });
});

describe("npm run verify-election", () => {
  const run = (file: string, ...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "scripts/verify-election.ts", file, ...args], { encoding: "utf8", cwd: process.cwd() });
  const dir = mkdtempSync(join(tmpdir(), "verify-election-"));
  const write = (name: string, value: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(value));
    return path;
  };

  it("says in Chinese that an honest record holds and finds a voter's code", () => {
    const result = run(write("ok.json", record), shortTrackingCode(record.ballots[1]!.trackingCode));
    expect(result.stdout).toContain("✔ 成立  解密");
    expect(result.stdout).toContain("您的加密选票已计入");
    expect(result.stdout).toContain("结论：选举记录全部验证通过");
    expect(result.status).toBe(0);
  });

  it("exits 1 and names what failed for a record with one altered result", () => {
    const altered = clone();
    altered.results.positions[0]!.candidates[0]!.for += 1;
    const result = run(write("bad.json", altered));
    expect(result.stdout).toMatch(/✘ 不成立 {2}结果/);
    expect(result.stdout).toContain("结论：选举记录未通过验证");
    expect(result.status).toBe(1);
  });

  it("exits 2 on a file it cannot read", () => {
    expect(run(join(dir, "missing.json")).status).toBe(2);
  });
});
