/**
 * `npm run bench`: prints performance figures and writes them to bench/results.json.
 * Figures compare things measured in the same run; nothing here fails on timing.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { benchForms } from "./forms";
import { allFigures } from "./harness";
import { startBenchStack } from "./local-stack";
import { benchLambda } from "./lambda";
import { benchLcp } from "./lcp";
import { benchMixed } from "./mixed";
import { benchVotes } from "./votes";
import { benchRequests, signInToken } from "./requests";
import { benchWeb } from "./web";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

async function main() {
  console.log(`同心 benchmarks — ${new Date().toISOString()} — Node ${process.version}, ${(await import("node:os")).cpus().length} CPUs`);
  await benchForms();
  await benchWeb();
  const stack = await startBenchStack();
  try {
    await benchLambda(await signInToken("13800000003"));
    await benchLcp();
    await benchRequests(stack.orgs);
    await benchVotes(await signInToken("13800000001"), stack.orgs.district!);
    await benchMixed(stack.orgs, { clients: Number(process.env.BENCH_CLIENTS ?? 200), seconds: Number(process.env.BENCH_SECONDS ?? 60) });
  } finally {
    await stack.stop();
  }
  const out = join(import.meta.dirname, "results.json");
  mkdirSync(import.meta.dirname, { recursive: true });
  writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), node: process.version, figures: allFigures() }, null, 2));
  console.log(`\nWritten to ${out}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
