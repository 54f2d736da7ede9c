/**
 * Brings the inbox badges (count shards, core/src/workflows/inbox-store.ts) back to the tasks the
 * inbox index holds — once after the deploy that introduced the shards, or whenever a badge is doubted.
 *
 *   npm run inbox:recount -- [accountId ...] [--dry-run]
 *
 * Without account ids every account with a task or a count is checked (a Scan: run it in a quiet
 * hour). Reads the table named by TABLE_NAME (DYNAMODB_ENDPOINT for DynamoDB Local). With
 * --dry-run nothing is written and the exit code is 1 when any badge is off.
 */
import { accountsWithInboxes, recountInboxes } from "@tongxin/core/workflows/inbox-recount";

async function main(args: string[]): Promise<number> {
  const dryRun = args.includes("--dry-run");
  const named = args.filter((arg) => arg !== "--dry-run");
  if (named.some((arg) => arg.startsWith("-"))) {
    console.error("用法：npm run inbox:recount -- [accountId ...] [--dry-run]");
    return 2;
  }
  const accounts = named.length > 0 ? named : await accountsWithInboxes();
  const { checked, off, stillOff } = await recountInboxes(accounts, { write: !dryRun });
  for (const row of off) console.log(`  ${row.accountId}: 待办 ${row.tasks} 件，角标 ${row.badge}`);
  if (off.length === 0) {
    console.log(`已核对 ${checked} 个账号的待办角标，全部一致`);
    return 0;
  }
  if (dryRun) {
    console.log(`已核对 ${checked} 个账号，${off.length} 个角标不一致（未写入）`);
    return 1;
  }
  for (const row of stillOff) console.log(`  仍不一致（核对期间有审批进行）：${row.accountId}: 待办 ${row.tasks} 件，角标 ${row.badge}`);
  console.log(`已核对 ${checked} 个账号，修正 ${off.length - stillOff.length} 个角标${stillOff.length ? `，${stillOff.length} 个请稍后重跑` : ""}`);
  return stillOff.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
