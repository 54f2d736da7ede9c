import { describe, expect, it } from "vitest";
import type { Criterion } from "@tongxin/core/campaigns/inputs";
import { combineScores, fraudSignals, maskPhone, matchesSource, phonePrefix, type VoteRecord } from "@tongxin/core/campaigns/public-vote";
import { aggregate, rankEntries, round2, type SubmittedScore } from "@tongxin/core/campaigns/ranking";

const rubric: Criterion[] = [{ key: "x", label: "总分", max: 100 }];
const score = (entryId: string, judgeId: string, total: number): SubmittedScore => ({ entryId, judgeId, judgeName: judgeId, scores: { x: total } });

describe("the combined score: experts 70 %, public vote 30 %", () => {
  // Hand-worked, written out:
  //   A: judges 92, 88, 90, 60, 95 → five totals, trimmed mean drops 60 and 95: (88+90+92)/3 = 90;   votes 400
  //   B: judges 85, 86, 87        → plain mean 86;                                                    votes 1000 (the top)
  //   C: judges 80, 82, 84        → plain mean 82;                                                    votes 250
  //   public score = votes ÷ 1000 × 100: A 40, B 100, C 25
  //   final = 0.7 × expert + 0.3 × public:
  //     A: 0.7 × 90 + 0.3 × 40  = 63   + 12   = 75
  //     B: 0.7 × 86 + 0.3 × 100 = 60.2 + 30   = 90.2
  //     C: 0.7 × 82 + 0.3 × 25  = 57.4 + 7.5  = 64.9
  //   Experts alone rank A, B, C; combined: B (90.2), A (75), C (64.9).
  const scores = [
    ...[92, 88, 90, 60, 95].map((t, i) => score("A", `j${i}`, t)),
    ...[85, 86, 87].map((t, i) => score("B", `j${i}`, t)),
    ...[80, 82, 84].map((t, i) => score("C", `j${i}`, t)),
  ];
  const votes = new Map([["A", 400], ["B", 1000], ["C", 250]]);
  const entries = ["A", "B", "C"].map((entryId) => ({ entryId, title: entryId, unitId: "U", unitName: "单位" }));
  const assigned = new Map([["A", 5], ["B", 3], ["C", 3]]);

  it("matches the hand-worked figures", () => {
    const combined = combineScores({
      entries: ["A", "B", "C"].map((entryId) => ({ entryId, aggregate: aggregate(scores.filter((s) => s.entryId === entryId).map((s) => s.scores.x!)) })),
      votes,
      rubricMax: 100,
      weight: 0.3,
    });
    expect(combined.map((c) => [c.entryId, c.expertScore, c.publicScore, round2(c.final!)])).toEqual([
      ["A", 90, 40, 75],
      ["B", 86, 100, 90.2],
      ["C", 82, 25, 64.9],
    ]);
  });

  it("orders the ranking on the combined score, and on the experts' alone without a public vote", () => {
    const experts = rankEntries({ rubric, entries, scores, assigned, tiers: [{ name: "十佳案例", count: 2 }] });
    expect(experts.map((r) => r.entryId)).toEqual(["A", "B", "C"]);
    const final = (entryId: string, exact: number) => combineScores({ entries: [{ entryId, aggregate: exact }], votes, rubricMax: 100, weight: 0.3, top: 1000 })[0]!.final!;
    const combinedRows = rankEntries({ rubric, entries, scores, assigned, tiers: [{ name: "十佳案例", count: 2 }], primary: final });
    expect(combinedRows.map((r) => [r.entryId, r.rank, r.proposedTier])).toEqual([
      ["B", 1, "十佳案例"],
      ["A", 2, "十佳案例"],
      ["C", 3, null],
    ]);
    // The experts' own aggregate is still what the row reports as `aggregate`.
    expect(combinedRows.find((r) => r.entryId === "A")!.aggregate).toBe(90);
  });

  it("scales a rubric of another maximum to 0–100, and gives no public score when nobody voted", () => {
    const [one] = combineScores({ entries: [{ entryId: "A", aggregate: 45 }], votes: new Map(), rubricMax: 50, weight: 0.3 });
    expect(one).toMatchObject({ entryId: "A", votes: 0, publicScore: 0, expertScore: 90 });
    expect(round2(one!.final!)).toBe(63);
  });
});

describe("fraud signals", () => {
  const at = (minutes: number) => new Date(Date.parse("2026-12-07T02:00:00Z") + minutes * 60_000).toISOString();
  const vote = (entryId: string, minutes: number, client: string, phone: string, voided = false): VoteRecord => ({ entryId, at: at(minutes), phoneHash: `h${phone}`, phonePrefix: phonePrefix(phone), client, voided });

  it("counts votes per Beijing hour per entry, the top sources' shares, and flags bursts", () => {
    const votes: VoteRecord[] = [
      // Entry A: 2 votes in each of 4 buckets (usual 2), then 12 in one bucket from one address.
      ...[0, 15, 25, 35].flatMap((m, i) => [vote("A", m, `1.1.1.${i}`, `1380000000${i}`), vote("A", m + 1, `1.1.2.${i}`, `1390000000${i}`)]),
      ...Array.from({ length: 12 }, (_, i) => vote("A", 50 + (i % 5), "9.9.9.9", `170123456${String(i).padStart(2, "0")}`)),
      // Entry B: 3 votes; one voided.
      vote("B", 5, "1.1.1.0", "13800000009"),
      vote("B", 70, "2.2.2.2", "13700000001"),
      vote("B", 71, "9.9.9.9", "17012345699", true),
    ];
    const signals = fraudSignals(votes, 2);
    expect(signals.total).toBe(22);
    expect(signals.voided).toBe(1);
    // 02:00Z is 10:00 Beijing; minute 70 is 11:10.
    expect(signals.perHour).toEqual({ A: { "2026-12-07 10": 20 }, B: { "2026-12-07 10": 1, "2026-12-07 11": 1 } });
    expect(signals.topAddresses).toEqual([
      { source: "9.9.9.9", votes: 12, share: round2(12 / 22) },
      { source: "1.1.1.0", votes: 2, share: round2(2 / 22) },
    ]);
    expect(signals.topPrefixes[0]).toEqual({ source: "1701234", votes: 12, share: 0.55 });
    expect(signals.bursts).toEqual([{ entryId: "A", from: "2026-12-07T02:50:00.000Z", votes: 12, usual: 2 }]);
  });

  it("matches a source by address, prefix or one phone's hash; masks phones as 138****0001", () => {
    const v = vote("A", 0, "1.2.3.4", "13812345678");
    expect(matchesSource(v, { kind: "address", value: "1.2.3.4" })).toBe(true);
    expect(matchesSource(v, { kind: "prefix", value: "1381234" })).toBe(true);
    expect(matchesSource(v, { kind: "phone", value: "h13812345678" })).toBe(true);
    expect(matchesSource(v, { kind: "prefix", value: "1390000" })).toBe(false);
    expect(maskPhone("13812345678")).toBe("138****5678");
  });
});
