import type { JudgeFile } from "./model";
import { entryText } from "./entry-form";

/**
 * The judge view's redaction (pure): in blind mode every occurrence of the unit's name (and
 * its ancestors' below the campaign org, and any other name given) is replaced by ■■, and
 * files are renamed 照片1.jpg / 附件2.pdf.
 */
export const MASK = "■■";

/** Replaces every occurrence of each name (longest first, so 浦锦街道 goes before 浦锦). */
export function maskNames(text: string, names: readonly string[]): string {
  const ordered = [...new Set(names.map((n) => n.trim()).filter((n) => n.length > 0))].sort((a, b) => b.length - a.length);
  return ordered.reduce((result, name) => result.split(name).join(MASK), text);
}

export interface StoredFile {
  uploadId: string;
  name: string;
  size: number;
  type: string;
}

/** `照片3.jpg`: the neutral name a judge sees for the nth file (1-based) of a field. */
export function neutralName(prefix: string, index: number, originalName: string): string {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(originalName)?.[1]?.toLowerCase();
  return `${prefix}${index + 1}${ext ? `.${ext}` : ""}`;
}

export function fileList(value: unknown): StoredFile[] {
  return Array.isArray(value) ? (value.filter((f) => f && typeof f === "object" && typeof (f as StoredFile).uploadId === "string") as StoredFile[]) : [];
}

export interface JudgeContent {
  title: string;
  summary: string;
  fullText: string;
  photos: Array<Omit<JudgeFile, "url"> & { uploadId: string }>;
  attachments: Array<Omit<JudgeFile, "url"> & { uploadId: string }>;
}

/**
 * What a judge may read of an entry's answers. Nothing else of the answers (contacts, other
 * fields) is passed on; names are masked and files renamed in blind mode.
 */
export function judgeContent(data: Record<string, unknown>, options: { blind: boolean; names: readonly string[] }): JudgeContent {
  const text = entryText(data);
  const mask = (value: string) => (options.blind ? maskNames(value, options.names) : value);
  const files = (key: string, prefix: string) =>
    fileList(data[key]).map((file, index) => ({
      uploadId: file.uploadId,
      name: options.blind ? neutralName(prefix, index, file.name) : file.name,
      type: file.type,
      size: file.size,
    }));
  return {
    title: mask(text.title),
    summary: mask(text.summary),
    fullText: mask(text.fullText),
    photos: files("photos", "照片"),
    attachments: files("attachments", "附件"),
  };
}
