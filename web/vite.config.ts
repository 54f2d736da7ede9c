import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const webRoot = fileURLToPath(new URL(".", import.meta.url));
const coreSrc = fileURLToPath(new URL("../packages/core/src/", import.meta.url));

/**
 * The web app. Run from the repo root: `npx vite build web` (output: web/dist) or `npx vite web`.
 * Only pure core modules (labels, schemas) may be imported as `@tongxin/core/<path>`;
 * the alias points at the sources so nothing server-side is bundled by accident.
 */
export default defineConfig({
  root: webRoot,
  base: "/",
  plugins: [react()],
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
