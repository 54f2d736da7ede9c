import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin, type Rolldown } from "vite";

const webRoot = fileURLToPath(new URL(".", import.meta.url));
const coreSrc = fileURLToPath(new URL("../packages/core/src/", import.meta.url));

/**
 * Pages people open straight from a link or a QR code, with the address they have. Their code is
 * requested with the app's own, instead of after the app has started and routed (one round trip
 * and one download later on a slow phone). Paths as in src/router.tsx.
 */
const LANDING_PAGES: Array<{ path: RegExp; page: string }> = [
  { path: /^\/elections\/[^/]+\/vote$/, page: "src/elections/pages/VotePage.tsx" },
  { path: /^\/forms\/[^/]+\/fill$/, page: "src/forms/pages/FillPage.tsx" },
  { path: /^\/activities\/[^/]+$/, page: "src/activities/pages/ActivityPage.tsx" },
  { path: /^\/login$/, page: "src/auth/pages/LoginPage.tsx" },
];

/**
 * Adds to index.html a small script that preloads the landing page's chunks (JS and CSS) for the
 * address being opened. CSS is only fetched early: the app still adds it after its own
 * stylesheet when the page loads, so the cascade order stays as it was.
 *
 * The script is a file of its own (`assets/landing-preload-<hash>.js`), never inline: the pages'
 * Content-Security-Policy allows scripts only from the site (packages/core/src/web-csp.ts). It is
 * `async`, so it neither blocks the parser nor waits for the stylesheet, and runs as soon as it
 * arrives, in parallel with the app's own module scripts.
 */
function preloadLandingPage(): Plugin {
  let base = "/";
  let outDir = "";
  let emitted: { fileName: string; source: string } | undefined;
  return {
    name: "tongxin-preload-landing-page",
    apply: "build",
    configResolved(config) {
      base = config.base;
      outDir = config.build.outDir;
    },
    writeBundle(options) {
      if (!emitted) throw new Error("preloadLandingPage: index.html was not transformed");
      const file = join(options.dir ?? outDir, emitted.fileName);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, emitted.source);
    },
    transformIndexHtml: {
      order: "post",
      handler(html, { bundle }) {
        if (!bundle) return;
        const chunks = Object.values(bundle).filter((item): item is Rolldown.OutputChunk => item.type === "chunk");
        const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
        const closure = (files: string[], seen = new Set<string>()) => {
          for (const file of files) {
            if (seen.has(file) || !byFile.has(file)) continue;
            seen.add(file);
            closure(byFile.get(file)!.imports, seen);
          }
          return seen;
        };
        const entry = closure(chunks.filter((chunk) => chunk.isEntry).map((chunk) => chunk.fileName));
        const table = LANDING_PAGES.map(({ path, page }) => {
          const chunk = chunks.find((c) => c.facadeModuleId === `${webRoot}${page}`);
          if (!chunk) throw new Error(`preloadLandingPage: no chunk for ${page}`);
          const files = [...closure([chunk.fileName])].filter((file) => !entry.has(file));
          const css = files.flatMap((file) => [...(byFile.get(file)!.viteMetadata?.importedCss ?? [])]);
          return [path.source, [...files, ...css].map((file) => `${base}${file}`)];
        });
        const script = `(function(t){for(var i=0;i<t.length;i++)if(new RegExp(t[i][0]).test(location.pathname)){t[i][1].forEach(function(f){var l=document.createElement("link");if(/\\.css$/.test(f)){l.rel="preload";l.as="style"}else l.rel="modulepreload";l.crossOrigin="";l.href=f;document.head.appendChild(l)});return}})(${JSON.stringify(table)})`;
        emitted = { fileName: `assets/landing-preload-${createHash("sha256").update(script).digest("hex").slice(0, 8)}.js`, source: script };
        // First: found by the preload scanner before the app's own files.
        const tag = `<script async src="${base}${emitted.fileName}"></script>\n    `;
        const at = html.search(/<script type="module"|<link rel="stylesheet"/);
        if (at < 0) throw new Error("preloadLandingPage: no module script or stylesheet in index.html");
        return html.slice(0, at) + tag + html.slice(at);
      },
    },
  };
}

/**
 * The web app. Run from the repo root: `npx vite build web` (output: web/dist) or `npx vite web`.
 * Only pure core modules (labels, schemas) may be imported as `@tongxin/core/<path>`;
 * the alias points at the sources so nothing server-side is bundled by accident.
 */
export default defineConfig({
  root: webRoot,
  base: "/",
  plugins: [react(), preloadLandingPage()],
  resolve: {
    alias: [
      // `@tongxin/core/forms` is the forms engine's index (as in the package's exports map).
      { find: /^@tongxin\/core\/forms$/, replacement: `${coreSrc}forms/index.ts` },
      { find: /^@tongxin\/core\/(.+)$/, replacement: `${coreSrc}$1` },
    ],
  },
  build: {
    outDir: "dist",
    // bench/web.ts reads it to tell which chunks each page loads.
    manifest: true,
    emptyOutDir: true,
    target: "es2020",
  },
  server: {
    proxy: { "/api": { target: process.env.API_ORIGIN ?? "http://127.0.0.1:3000", changeOrigin: false } },
  },
});
