/**
 * Counts to compare: what a set of ballots should add up to (from the choices sent), and what
 * the published results say — both as `position/candidate/mark` and `motion/mark` → count.
 */
interface SentChoices {
  positions: Record<string, { marks: Record<string, string> }>;
  motions: Record<string, string>;
}

export function expectedTally(sent: SentChoices[]): Map<string, number> {
  const tally = new Map<string, number>();
  const add = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);
  for (const choices of sent) {
    for (const [pid, section] of Object.entries(choices.positions)) for (const [cid, mark] of Object.entries(section.marks)) add(`${pid}/${cid}/${mark}`);
    for (const [mid, mark] of Object.entries(choices.motions)) if (mark !== "abstain") add(`${mid}/${mark}`);
  }
  return tally;
}

interface Results {
  positions: Array<{ positionId: string; candidates: Array<{ candidateId: string; for?: number; against?: number }> }>;
  motions: Array<{ motionId: string; for?: number; against?: number }>;
}

export function publishedTally(results: Results): Map<string, number> {
  const tally = new Map<string, number>();
  for (const position of results.positions) {
    for (const c of position.candidates) {
      if (c.for) tally.set(`${position.positionId}/${c.candidateId}/for`, c.for);
      if (c.against) tally.set(`${position.positionId}/${c.candidateId}/against`, c.against);
    }
  }
  for (const m of results.motions) {
    if (m.for) tally.set(`${m.motionId}/for`, m.for);
    if (m.against) tally.set(`${m.motionId}/against`, m.against);
  }
  return tally;
}
