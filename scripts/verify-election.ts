/**
 * Verifies an encrypted election's record, independently of the server that ran it.
 *
 *   npm run verify-election -- <record.json> [查验码]
 *
 * record.json: the published election record (see packages/core/src/elections/crypto/record.ts).
 * Checks the key ceremony, every encrypted ballot's proofs and tracking code, the sums, every
 * partial decryption against the 监票人's commitments, the write-ins, and recomputes the results
 * (with the paper ballots of the sitting) by the same rules as the server. With a tracking
 * code, also says whether that ballot is in the record.
 * Exit 0 when everything holds, 1 when anything fails (or the code is not found), 2 when the
 * file cannot be read.
 */
import { readFileSync } from "node:fs";
import { shortTrackingCode } from "@tongxin/core/elections/crypto/ballot";
import { findTrackingCode, verifyRecord, type ElectionRecord } from "@tongxin/core/elections/crypto/record";

function main(args: string[]): number {
  if (args.length < 1 || args.length > 2) {
    console.error("用法：npm run verify-election -- <record.json> [查验码]");
    return 2;
  }
  let record: ElectionRecord;
  try {
    record = JSON.parse(readFileSync(args[0]!, "utf8")) as ElectionRecord;
  } catch (error) {
    console.error(`无法读取选举记录：${(error as Error).message}`);
    return 2;
  }
  console.log(`${record.title ?? record.electionId}（${record.electionId}）：加密选票 ${record.ballots?.length ?? 0} 张，纸质选票 ${record.paperBallots?.length ?? 0} 张`);
  const checks = verifyRecord(record);
  let ok = true;
  for (const check of checks) {
    console.log(`${check.ok ? "✔ 成立" : "✘ 不成立"}  ${check.title}`);
    for (const problem of check.problems) console.log(`      - ${problem}`);
    ok &&= check.ok;
  }
  if (checks.length < 6) {
    console.log("前面的检查未通过，其余检查无从进行");
    ok = false;
  }
  if (args[1]) {
    const found = findTrackingCode(record, args[1]);
    console.log(found ? `查验码 ${shortTrackingCode(found)} 在记录中：您的加密选票已计入` : `记录中没有查验码 ${args[1]}`);
    ok &&= !!found;
  }
  console.log(ok ? "结论：选举记录全部验证通过" : "结论：选举记录未通过验证");
  return ok ? 0 : 1;
}

process.exit(main(process.argv.slice(2)));
