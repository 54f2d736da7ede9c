/**
 * `npm run bench`: prints performance figures and writes them to bench/results.json.
 * Figures compare things measured in the same run; nothing here fails on timing.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { benchCertificates } from "./certificates";
import { benchCost } from "./cost";
import { benchCrypto } from "./crypto";
import { benchForms } from "./forms";
import { allFigures } from "./harness";
import { startBenchStack } from "./local-stack";
import { benchLambda } from "./lambda";
import { benchLcp } from "./lcp";
import { benchMessages } from "./messages";
import { benchMixed } from "./mixed";
import { benchPaper } from "./paper";
import { benchPublicVotes } from "./public-votes";
import { benchVotes } from "./votes";
import { benchRequests, signInToken } from "./requests";
import { benchWeb } from "./web";
import { ensureChromium } from "../scripts/lib/chromium.mjs";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

/** `BENCH_ONLY=mixed,votes` runs just those parts (names: forms, web, crypto, certificates, lambda, lcp, requests, cost, votes, publicvotes, paper, messages, mixed). */
const only = process.env.BENCH_ONLY?.split(",").map((name) => name.trim());
const wanted = (name: string) => !only || only.includes(name);

async function main() {
  if (wanted("lcp")) {
    // The LCP figure needs a browser: get it (or stop with what to install) before an hour of benches, never skip.
    try {
      ensureChromium();
    } catch (error) {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    }
  }
  console.log(`同心 benchmarks — ${new Date().toISOString()} — Node ${process.version}, ${(await import("node:os")).cpus().length} CPUs`);
  if (wanted("forms")) await benchForms();
  if (wanted("web")) await benchWeb();
  if (wanted("crypto")) await benchCrypto();
  if (wanted("certificates")) await benchCertificates();
  const stack = await startBenchStack();
  try {
    if (wanted("lambda")) await benchLambda(await signInToken("13800000003"));
    if (wanted("lcp")) await benchLcp(await signInToken("13800000001"), stack.orgs.district!);
    // The cost section prices what the requests section measured per request.
    if (wanted("requests") || wanted("cost")) await benchRequests(stack.orgs);
    if (wanted("cost")) benchCost();
    if (wanted("votes")) await benchVotes(await signInToken("13800000001"), stack.orgs.district!);
    if (wanted("publicvotes")) await benchPublicVotes(await signInToken("13800000001"), stack.orgs.demoCampaign!);
    if (wanted("paper")) await benchPaper(await signInToken("13800000001"), stack.orgs.district!);
    if (wanted("messages")) await benchMessages(stack.orgs, { samples: Number(process.env.BENCH_MESSAGES ?? 30), backlog: Number(process.env.BENCH_BACKLOG ?? 100) });
    if (wanted("mixed")) {
      await benchMixed(stack.orgs, { clients: Number(process.env.BENCH_CLIENTS ?? 200), seconds: Number(process.env.BENCH_SECONDS ?? 60), roll: Number(process.env.BENCH_ROLL ?? 10_000) });
    }
  } finally {
    await stack.stop();
  }
  const out = join(import.meta.dirname, only ? `results.${only.join("+")}.json` : "results.json");
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
