import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { record, section } from "./harness";

const dist = join(import.meta.dirname, "../web/dist");

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  isEntry?: boolean;
  src?: string;
}

/** The chunks a page loads before it can run: the given chunks and everything they statically import. */
function closure(manifest: Record<string, ManifestChunk>, keys: string[], seen = new Set<string>()): Set<string> {
  for (const key of keys) {
    if (seen.has(key) || !manifest[key]) continue;
    seen.add(key);
    closure(manifest, manifest[key]!.imports ?? [], seen);
  }
  return seen;
}

/** Gzipped bytes of each chunk counted once. */
function loadedBytes(manifest: Record<string, ManifestChunk>, keys: string[]): number {
  return [...closure(manifest, keys)].reduce((sum, key) => sum + gzipSync(readFileSync(join(dist, manifest[key]!.file))).length, 0);
}

/** Gzipped JavaScript per page, from the Vite manifest of the built web app (`npx vite build web`). */
export async function benchWeb(): Promise<void> {
  section("Web (gzipped JavaScript a page loads; build: npx vite build web)");
  const manifestPath = join(dist, ".vite/manifest.json");
  if (!existsSync(manifestPath)) {
    const files = existsSync(join(dist, "assets")) ? readdirSync(join(dist, "assets")).filter((f) => f.endsWith(".js")) : [];
    const total = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, "assets", file))).length, 0);
    record({ name: "all JavaScript, gzipped (no manifest: build with manifest for per-page figures)", value: Math.round(total / 1024), unit: "KB" });
    return;
  }
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, ManifestChunk>;
  const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry)!;
  const entryBytes = loadedBytes(manifest, [entry]);
  record({ name: "app shell (entry + its imports)", value: Math.round(entryBytes / 102.4) / 10, unit: "KB" });
  const pages: Array<{ name: string; match: RegExp; budget?: number }> = [
    { name: "ballot page", match: /elections\/pages\/VotePage/, budget: 120 },
    { name: "form-filling page", match: /forms\/pages\/FillPage/, budget: 150 },
    { name: "judge scoring page", match: /campaigns\/pages\/ScorePage/, budget: 120 },
    { name: "public campaign page", match: /campaigns\/pages\/PublicCampaignPage/, budget: 120 },
    { name: "home by role (首页)", match: /home\/HomePage/, budget: 250 },
    { name: "org page (admin)", match: /orgs\/pages\/OrgPage/, budget: 250 },
    { name: "form builder (admin)", match: /builder\/BuilderPage/, budget: 250 },
    { name: "activity statistics (charts)", match: /activities\/pages\/StatsPage/, budget: 250 },
  ];
  for (const page of pages) {
    const key = Object.keys(manifest).find((k) => page.match.test(k));
    if (!key) {
      record({ name: `${page.name}: not found in the build`, value: 0, unit: "KB" });
      continue;
    }
    const bytes = loadedBytes(manifest, [entry, key]);
    record({ name: `${page.name} (shell + its chunks), gzipped`, value: Math.round(bytes / 102.4) / 10, unit: "KB", budget: page.budget });
  }
}
