/**
 * Recounts a published election from its downloaded bulletin and checks the published results.
 *
 *   npm run recount -- <bulletin.json> <results.json>
 *
 * bulletin.json: GET /api/elections/:id/bulletin (every ballot: tracking code + choices; paper
 *                ballots by batch and sequence number + choices);
 * results.json:  GET /api/elections/:id/results (config, figures, per-position and motion results).
 * Runs the same pure tally over the bulletin's ballots with the published roll / present /
 * issued figures and compares every figure, vote count, elected flag and motion verdict.
 * Exit 0 when they agree, 1 on any mismatch, 2 when the files cannot be read.
 */
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import type { Choices } from "@tongxin/core/elections/choices";
import type { ElectionConfig } from "@tongxin/core/elections/config";
import { compareResults, tally, type Results } from "@tongxin/core/elections/tally";
import { canonicalJson } from "@tongxin/core/workflows/audit";

interface BulletinFile {
  electionId: string;
  resultsHash?: string;
  ballots: Array<{ trackingCode: string; choices: Choices }>;
  /** Paper ballots (a sitting that took paper), by batch and sequence number. */
  paperBallots?: Array<{ batch: number; seq: number; choices: Choices }>;
}
interface ResultsFile {
  electionId: string;
  title?: string;
  config: ElectionConfig;
  results: Results;
  resultsHash?: string;
}

function read<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

function recount(bulletin: BulletinFile, published: ResultsFile): string[] {
  const problems: string[] = [];
  if (bulletin.electionId !== published.electionId) problems.push(`选票清单属于选举 ${bulletin.electionId}，结果属于选举 ${published.electionId}`);
  const codes = bulletin.ballots.map((ballot) => ballot.trackingCode);
  if (new Set(codes).size !== codes.length) problems.push("选票清单中有重复的查验码");
  const hash = createHash("sha256").update(canonicalJson(published.results)).digest("hex");
  if (published.resultsHash && hash !== published.resultsHash) problems.push(`结果文件的校验值 ${published.resultsHash} 与其内容（${hash}）不符`);
  if (bulletin.resultsHash && published.resultsHash && bulletin.resultsHash !== published.resultsHash) problems.push("选票清单与结果文件的校验值不一致");
  const paperBallots = bulletin.paperBallots ?? [];
  const places = paperBallots.map((ballot) => `${ballot.batch}-${ballot.seq}`);
  if (new Set(places).size !== places.length) problems.push("选票清单中有重复的纸质选票（同一批次同一序号）");
  const { roll, present, issued, paperIssued } = published.results.figures;
  const again = tally(published.config, [...bulletin.ballots.map((ballot) => ballot.choices), ...paperBallots.map((ballot) => ballot.choices)], {
    roll,
    present,
    issued,
    ...(paperIssued !== undefined ? { paper: { issued: paperIssued, returned: paperBallots.length } } : {}),
  });
  problems.push(...compareResults(again, published.results));
  return problems;
}

function main(args: string[]): number {
  if (args.length !== 2) {
    console.error("用法：npm run recount -- <bulletin.json> <results.json>");
    return 2;
  }
  let bulletin: BulletinFile;
  let published: ResultsFile;
  try {
    bulletin = read<BulletinFile>(args[0]!);
    published = read<ResultsFile>(args[1]!);
  } catch (error) {
    console.error(`无法读取文件：${(error as Error).message}`);
    return 2;
  }
  const problems = recount(bulletin, published);
  const f = published.results.figures;
  const paperCount = bulletin.paperBallots?.length ?? 0;
  console.log(`${published.title ?? published.electionId}：选票清单 ${bulletin.ballots.length + paperCount} 张${paperCount > 0 ? `（其中纸质 ${paperCount} 张）` : ""}；公布的收回选票 ${f.returned} 张，有效 ${f.valid} 张，废票 ${f.void} 张`);
  if (problems.length === 0) {
    console.log("重新计票结果与公布结果一致");
    return 0;
  }
  console.log(`重新计票结果与公布结果不一致（${problems.length} 处）：`);
  for (const problem of problems) console.log(`  - ${problem}`);
  return 1;
}

process.exit(main(process.argv.slice(2)));
