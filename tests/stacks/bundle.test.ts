import fs from "node:fs";
import path from "node:path";
import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, expect, test } from "vitest";
import { HANDLER, synthesize, type Synthesized } from "./synth";

// The one test that bundles the real handler (the others use a stub): fails if the app
// code doesn't bundle, as `sst deploy` would.
let synth: Synthesized;
beforeAll(async () => {
  synth = await synthesize("test", { bundleHandler: true });
});
afterAll(() => synth?.cleanup());

test("packages/functions/src/lambda.ts bundles into one minified ESM file without a sourcemap", () => {
  synth.api.template.hasResourceProperties("AWS::Lambda::Function", {
    Handler: HANDLER,
    Code: { S3Key: Match.stringLikeRegexp("\\.zip$") },
  });
  const artifacts = path.join(synth.out, "artifacts");
  const files = fs.readdirSync(artifacts, { recursive: true, encoding: "utf8" });
  const bundle = files.find((file) => file.endsWith(path.join("packages", "functions", "src", "lambda.mjs")));
  expect(bundle, "lambda.mjs in the build output").toBeDefined();
  expect(files.filter((file) => file.endsWith(".map"))).toEqual([]);
  const code = fs.readFileSync(path.join(artifacts, bundle!), "utf8");
  // Assertions on booleans: a failure must not print a 2 MB bundle.
  expect(/\bexport\s*\{\s*\w+ as handler\s*\}/.test(code), "ESM export of handler").toBe(true);
  expect(code.split("\n").length < 1000, "minified").toBe(true);
  expect(code.includes("sourceMappingURL"), "no sourcemap link").toBe(false);
});
