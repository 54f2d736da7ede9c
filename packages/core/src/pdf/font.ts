import { create as fontkitCreate, type Font } from "fontkit";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { AppError } from "../errors";

/**
 * The CJK font every platform PDF embeds: 思源黑体 SC Regular (Source Han Sans SC, SIL OFL 1.1)
 * from the npm package `node-source-han-sans-sc`. Only the glyphs a document uses are embedded
 * (pdfkit subsets), so a report stays tens of kilobytes although the font file is 17 MB.
 *
 * Where it is read from, first found:
 * 1. `PDF_FONT_PATH` (a deployment that copies the file next to its bundle sets it);
 * 2. `fonts/SourceHanSansSC-Regular.otf` under the Lambda task root or the working directory
 *    (what a documents function's `copyFiles` puts there);
 * 3. the package in node_modules (development, tests, a Node server).
 * Read and parsed once per process: pdfkit takes the fontkit font itself, so the tables fontkit
 * reads lazily (cmap, CFF, GSUB…) are read once, not for every document.
 */
export const FONT_FILE = "SourceHanSansSC-Regular.otf";
let cached: Font | undefined;

export function fontCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const roots = [env.LAMBDA_TASK_ROOT, process.cwd()].filter((root): root is string => !!root);
  const candidates = [...(env.PDF_FONT_PATH ? [env.PDF_FONT_PATH] : []), ...roots.map((root) => join(root, "fonts", FONT_FILE))];
  try {
    candidates.push(createRequire(import.meta.url).resolve(`node-source-han-sans-sc/${FONT_FILE}`));
  } catch {
    // Not installed here: only the copies above.
  }
  return candidates;
}

export function cjkFont(): Font {
  if (cached) return cached;
  const path = fontCandidates().find((candidate) => existsSync(candidate));
  if (!path) throw new AppError("service.unavailable", "缺少生成 PDF 所需的中文字体文件，请联系系统管理员");
  cached = fontkitCreate(readFileSync(path)) as Font;
  return cached;
}
