/**
 * Verifies the hash-chained audit log of approval instances and reports the first broken link.
 *
 *   npm run audit:verify -- <instanceId> [<instanceId> ...]
 *
 * Reads the table named by TABLE_NAME (DYNAMODB_ENDPOINT for DynamoDB Local). Exits 1 when
 * any chain is broken.
 */
import { verifyAudit } from "@tongxin/core/workflows/instances";

async function main(ids: string[]): Promise<number> {
  if (ids.length === 0) {
    console.error("用法：npm run audit:verify -- <instanceId> [...]");
    return 2;
  }
  let broken = 0;
  for (const id of ids) {
    const verdict = await verifyAudit(id);
    if (verdict.valid) console.log(`${id}: 完整（${verdict.length} 条记录）`);
    else {
      broken += 1;
      console.log(`${id}: 第 ${verdict.brokenAt} 条起断裂 —— ${verdict.reason}`);
    }
  }
  return broken > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
