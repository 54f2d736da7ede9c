import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, expect, test } from "vitest";
import { BUNDLE_BUDGET_KB, OFFICE_ONLY_PACKAGES, sstBuildOptions, sstEsbuild } from "../../stacks/ApiBundle";
import { HANDLER, synthesize, type Synthesized } from "./synth";

// The one test file that bundles the real handler (the others use a stub): fails if the app
// code doesn't bundle, as `sst deploy` would.
let synth: Synthesized;
beforeAll(async () => {
  synth = await synthesize("test", { bundleHandler: true });
});
afterAll(() => synth?.cleanup());

const FUNCTIONS = { api: "lambda", office: "office-lambda" } as const;

/** The files a function ships: its handler's folder in the build output. */
function shippedFiles(entry: string = FUNCTIONS.api): { dir: string; files: string[] } {
  const artifacts = path.join(synth.out, "artifacts");
  const files = fs.readdirSync(artifacts, { recursive: true, encoding: "utf8" });
  const bundle = files.find((file) => file.endsWith(path.join("packages", "functions", "src", `${entry}.mjs`)));
  expect(bundle, `${entry}.mjs in the build output`).toBeDefined();
  expect(files.filter((file) => file.endsWith(".map"))).toEqual([]);
  const dir = path.dirname(path.join(artifacts, bundle!));
  return { dir, files: fs.readdirSync(dir).sort() };
}

test("packages/functions/src/lambda.ts bundles into minified ESM without sourcemaps, route modules split into files of their own", () => {
  synth.api.template.hasResourceProperties("AWS::Lambda::Function", {
    Handler: HANDLER,
    Code: { S3Key: Match.stringLikeRegexp("\\.zip$") },
  });
  const { dir, files } = shippedFiles();
  const code = fs.readFileSync(path.join(dir, "lambda.mjs"), "utf8");
  // Assertions on booleans: a failure must not print a 2 MB bundle.
  expect(/\bexport\s*\{\s*\w+ as handler\s*\}/.test(code), "ESM export of handler").toBe(true);
  for (const file of files) {
    const text = fs.readFileSync(path.join(dir, file), "utf8");
    expect(file.endsWith(".mjs"), `${file} is an ES module`).toBe(true);
    expect(text.split("\n").length < 1000, `${file} minified`).toBe(true);
    expect(text.includes("sourceMappingURL"), `${file} links no sourcemap`).toBe(false);
  }
  // Loaded with import() by lazy-app.ts, so a cold start reads only the one it needs.
  for (const module of ["auth", "members", "submissions", "elections"]) {
    expect(files.some((file) => new RegExp(`^${module}-\\w+\\.mjs$`).test(file)), `${module} routes in a file of their own`).toBe(true);
  }
});

test.each(Object.entries(FUNCTIONS))("npm run bench measures the files the stack ships for the %s function (stacks/ApiBundle.ts builds both), within its budget", async (name, entry) => {
  const { dir, files } = shippedFiles(entry);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "tongxin-bench-bundle-"));
  try {
    const root = path.resolve(import.meta.dirname, "../..");
    const { metafile } = await sstEsbuild().build({ ...sstBuildOptions(path.join(root, `packages/functions/src/${entry}.ts`), out), absWorkingDir: root });
    const sizes = (folder: string, names: string[]) => names.map((file) => `${file} ${fs.statSync(path.join(folder, file)).size}`);
    expect(sizes(out, fs.readdirSync(out).sort())).toEqual(sizes(dir, files));
    const total = files.reduce((sum, file) => sum + fs.statSync(path.join(dir, file)).size, 0);
    expect(Math.round(total / 1024), `${name} function, KB`).toBeLessThanOrEqual(BUNDLE_BUDGET_KB[name as keyof typeof FUNCTIONS]);
    const packages = new Set(Object.values(metafile!.outputs).flatMap((output) => Object.keys(output.inputs).map((input) => input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1])));
    const office = OFFICE_ONLY_PACKAGES.filter((pkg) => packages.has(pkg));
    expect(office).toEqual(name === "api" ? [] : [...OFFICE_ONLY_PACKAGES]);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
