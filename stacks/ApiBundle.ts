import path from "node:path";
import { createRequire } from "node:module";
import type { Metafile } from "esbuild";
import type { NodeJSProps } from "sst/constructs";

// SST builds functions with its own esbuild (a dependency of sst, not the project's esbuild).
type BuildOptions = NonNullable<NodeJSProps["esbuild"]>;
type Plugin = NonNullable<BuildOptions["plugins"]>[number];
/** The part of SST's esbuild the bench uses (the metafile's shape is the same in both versions). */
interface Esbuild {
  version: string;
  build(options: BuildOptions): Promise<{ metafile?: Metafile }>;
}

/** The esbuild `sst deploy` bundles functions with. */
export function sstEsbuild(): Esbuild {
  return createRequire(createRequire(import.meta.url).resolve("sst/package.json"))("esbuild") as Esbuild;
}

/**
 * How the API function is bundled: used by stacks/Api.ts and by the bench (bench/lambda.ts),
 * so the figure `npm run bench` prints is the artifact `sst deploy` ships.
 */

/** The zod locales the app uses: Chinese (packages/core/src/zod-locale.ts) and English, zod's default. */
const SHIPPED_ZOD_LOCALES = { en: "en", zhCN: "zh-CN" } as const;

/**
 * zod's `locales` namespace (`z.locales`, `z.core.locales`) re-exports all ~50 locales.
 * esbuild keeps the whole `z` namespace once it is used as a value, and @hono/zod-openapi does
 * exactly that (`extendZodWithOpenApi(z)`), so every locale (~250 KB) would ship. Nothing here
 * reads `z.locales`: the namespace is narrowed to the locales above.
 */
export const zodShippedLocalesOnly: Plugin = {
  name: "zod-shipped-locales-only",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]zod[\\/]v4[\\/](core|classic)$/.test(args.resolveDir)) return undefined;
      return { path: path.join(args.resolveDir, args.path), namespace: "zod-locales" };
    });
    build.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: Object.entries(SHIPPED_ZOD_LOCALES)
        .map(([name, file]) => `export { default as ${name} } from "./${file}.js";`)
        .join("\n"),
      resolveDir: path.dirname(args.path),
      loader: "js",
    }));
  },
};

/**
 * What each function may ship, all files (KB, as `npm run bench` prints them): the API function
 * serves every request but the office files, so it carries no XLSX, CSV, Word or PDF library; the
 * office function (packages/functions/src/office-routes.ts) carries those and the whole app for
 * the OpenAPI document.
 *
 * Raised on 2026-12-07 from 800/1300: the API function went 714 → 856 KB with the working-day
 * calendar data (chinese-days, 43 KB), the public vote, paper ballots and proxies, delegation and
 * the due-message jobs; the office function 1,172 → 2,277 KB with the PDF writer (pdfkit + fontkit,
 * read only by the report routes: a lazy chunk). Each route module stays a file of its own, so a
 * cold start reads the module it serves, not the total; the performance round (#21) is to bring the
 * API function back under 800.
 *
 * Raised again on 2026-12-08 from 880/2400: the API function went 856 → 1,039 KB with encrypted
 * elections (the server checks every ballot's and decryption's proofs: @noble/curves + hashes 41 KB,
 * the protocol 11 KB, ceremony/count stores and routes), calculated fields (jsep 11 KB), public-link
 * forms (15 KB), invitations, activity cancellation and the inbox count shards; the office function,
 * which carries the whole app for the OpenAPI document, grew by the same code plus the 审批单 and
 * certificate PDFs. The new modules load lazily (election-crypto and public-forms route files, the
 * decryption store only for encrypted elections), so an ordinary cold start does not read them.
 * Still #21's to bring the API function back under 800 (zod 203 KB is the largest single part).
 */
export const BUNDLE_BUDGET_KB = { api: 1060, office: 2520 } as const;

/** The heavy file libraries the API function must not bundle (the office function's: spreadsheets, Word, PDF). */
export const OFFICE_ONLY_PACKAGES = ["docx", "write-excel-file", "read-excel-file", "papaparse", "pdfkit", "fontkit"] as const;

export const apiBundling = {
  format: "esm",
  minify: true,
  sourcemap: false,
  // Modules loaded with import() (spreadsheets, QR codes, the SSM client…) become their own
  // files, read only by the requests that need them, not by every cold start.
  splitting: true,
  esbuild: {
    // The Node.js 22 runtime ships AWS SDK v3: using it keeps the bundle (and cold start) small.
    external: ["@aws-sdk/*"],
    plugins: [zodShippedLocalesOnly],
  },
} satisfies NodeJSProps;

/**
 * The esbuild options SST v2 builds a Node.js function with for deploy (ESM), from its
 * `nodejs` props: sst/runtime/handlers/node.js. `bundleSdk` drops the AWS SDK from the
 * externals (for running the bundle outside Lambda, where the runtime's SDK is absent).
 */
export function sstBuildOptions(entry: string, outdir: string, { bundleSdk = false } = {}): BuildOptions {
  const { external = [], ...override } = apiBundling.esbuild;
  return {
    entryPoints: [entry],
    platform: "node",
    external: ["sharp", "pg-native", ...(bundleSdk ? [] : external)],
    keepNames: true,
    bundle: true,
    logLevel: "silent",
    splitting: apiBundling.splitting,
    metafile: true,
    outExtension: { ".js": ".mjs" },
    format: "esm",
    target: "esnext",
    mainFields: ["module", "main"],
    banner: {
      js: [
        `import { createRequire as topLevelCreateRequire } from 'module';`,
        `const require = topLevelCreateRequire(import.meta.url);`,
        `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
        `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
        "",
      ].join("\n"),
    },
    outdir,
    sourcemap: apiBundling.sourcemap,
    minify: apiBundling.minify,
    ...override,
  };
}
