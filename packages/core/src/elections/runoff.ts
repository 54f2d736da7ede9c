import type { ElectionConfig, Position, Threshold } from "./config";
import type { Results } from "./tally";

/**
 * 另行选举: the follow-up round for every position with unfilled seats. Its candidates are
 * those tied for the last seat(s), or else the listed candidates not elected (most votes
 * first). With more candidates than seats it is 差额, otherwise 等额. Motions are not repeated.
 * Returns undefined when nothing is left to elect.
 */
export function runoffConfig(config: ElectionConfig, results: Results, threshold?: Threshold): ElectionConfig | undefined {
  const positions: Position[] = [];
  for (const result of results.positions) {
    if (result.unfilled === 0 || result.runoff.length === 0) continue;
    const original = config.positions.find((position) => position.id === result.positionId);
    if (!original) continue;
    const candidates = result.runoff.map((entry, index) => {
      const listed = entry.candidateId ? original.candidates.find((candidate) => candidate.id === entry.candidateId) : undefined;
      return listed ? { ...listed } : { id: `${original.id}w${index + 1}`, name: entry.name };
    });
    positions.push({
      id: original.id,
      title: original.title,
      seats: result.unfilled,
      kind: candidates.length > result.unfilled ? "competitive" : "slate",
      candidates,
      allowWriteIns: original.allowWriteIns,
    });
  }
  if (positions.length === 0) return undefined;
  return { ...config, positions, motions: [], threshold: threshold ?? config.threshold };
}
