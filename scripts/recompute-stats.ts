/**
 * Rebuilds the activity statistics of an org and of every org beneath it from the
 * activities themselves (calendar Query, check-ins, org tree — no Scan).
 *
 *   npm run stats:recompute -- <orgId> [--year 2026] [--dry-run]
 *
 * Reads the table named by TABLE_NAME (DYNAMODB_ENDPOINT for DynamoDB Local). Prints what
 * differed from the incrementally kept figures. With --dry-run nothing is written and the
 * exit code is 1 when anything differs.
 */
import { recomputeStats } from "@tongxin/core/activities/recompute";

async function main(args: string[]): Promise<number> {
  let dryRun = false;
  let year: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === "--dry-run") dryRun = true;
    else if (args[i] === "--year") year = args[++i] ?? "";
    else rest.push(args[i]!);
  }
  const [orgId] = rest;
  if (!orgId || rest.length > 1 || (year !== undefined && !/^\d{4}$/.test(year))) {
    console.error("用法：npm run stats:recompute -- <orgId> [--year 2026] [--dry-run]");
    return 2;
  }
  const result = await recomputeStats(orgId, { write: !dryRun, year });
  console.log(`${orgId}: ${result.orgs} 个组织，${result.activities} 场活动（其中 ${result.summarized} 场已提交总结）`);
  if (result.differences.length === 0) {
    console.log("统计数据一致");
    return 0;
  }
  for (const d of result.differences) console.log(`  ${d.orgId} ${d.sk} ${d.field}: 应为 ${d.expected}，现为 ${d.stored}`);
  console.log(dryRun ? `发现 ${result.differences.length} 处不一致（未写入）` : `已修正 ${result.differences.length} 处不一致`);
  return dryRun ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
