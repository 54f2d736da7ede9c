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

/** `BENCH_ONLY=votes,requests` runs just those sections (forms, web, lambda, lcp, requests, votes, mixed). */
const only = process.env.BENCH_ONLY?.split(",").map((name) => name.trim());
const want = (name: string) => !only || only.includes(name);

async function main() {
  console.log(`同心 benchmarks — ${new Date().toISOString()} — Node ${process.version}, ${(await import("node:os")).cpus().length} CPUs`);
  if (want("forms")) await benchForms();
  if (want("web")) await benchWeb();
  const stack = await startBenchStack();
  try {
    if (want("lambda")) await benchLambda(await signInToken("13800000003"));
    if (want("lcp")) await benchLcp();
    if (want("requests")) await benchRequests(stack.orgs);
    if (want("votes")) await benchVotes(await signInToken("13800000001"), stack.orgs.district!);
    if (want("mixed")) await benchMixed(stack.orgs, { clients: Number(process.env.BENCH_CLIENTS ?? 200), seconds: Number(process.env.BENCH_SECONDS ?? 60) });
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
