/**
 * A tiny benchmark harness: run a function many times, report medians and percentiles,
 * collect figures for `bench/results.json`. Figures are printed, never asserted.
 */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** Optional comparison: the ratio of this figure to a baseline measured in the same run. */
  ratio?: number;
  budget?: number;
  note?: string;
}

const figures: Figure[] = [];

export function record(figure: Figure): void {
  figures.push(figure);
  const budget = figure.budget !== undefined ? `  (budget ${figure.budget} ${figure.unit}${figure.value > figure.budget ? ", OVER" : ""})` : "";
  const ratio = figure.ratio !== undefined ? `  ratio ${figure.ratio.toFixed(2)}×` : "";
  console.log(`  ${figure.name.padEnd(58)} ${formatValue(figure.value).padStart(12)} ${figure.unit}${ratio}${budget}${figure.note ? `  — ${figure.note}` : ""}`);
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1);
}

export function allFigures(): Figure[] {
  return figures;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** Runs `fn` `iterations` times after `warmup` runs; returns sorted durations in milliseconds. */
export async function sample(fn: () => unknown | Promise<unknown>, iterations: number, warmup = Math.min(20, iterations)): Promise<number[]> {
  for (let i = 0; i < warmup; i += 1) await fn();
  const durations: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    const started = performance.now();
    await fn();
    durations.push(performance.now() - started);
  }
  return durations.sort((a, b) => a - b);
}

export function section(title: string): void {
  console.log(`\n${title}`);
}
