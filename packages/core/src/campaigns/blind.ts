import type { JudgeFile } from "./model";
import { entryText } from "./entry-form";

/**
 * The judge view's redaction (pure): in blind mode every occurrence of the unit's name (and
 * its ancestors' below the campaign org) is replaced by 【申报单位】, the submitter's and the
 * contact's by 【申报人】 — words a judge reads as "hidden on purpose" (the judge page says so in
 * a note), where ■■ read as a rendering fault — and files are renamed 照片1.jpg / 附件2.pdf.
 */
export const MASKS = { unit: "【申报单位】", person: "【申报人】" } as const;

/** A name a judge must not see, and what it is replaced by. */
export interface BlindName {
  name: string;
  kind: keyof typeof MASKS;
}

/**
 * Replaces every occurrence of each name (longest first, so 浦锦街道 goes before 浦锦); a name
 * that is both a unit's and a person's reads as the unit.
 * @example maskNames("浦锦街道新联会与张三", [{ name: "浦锦街道新联会", kind: "unit" }, { name: "张三", kind: "person" }]) // "【申报单位】与【申报人】"
 */
export function maskNames(text: string, names: readonly BlindName[]): string {
  const byName = new Map<string, BlindName["kind"]>();
  for (const { name, kind } of names) {
    const trimmed = name.trim();
    if (trimmed.length > 0 && byName.get(trimmed) !== "unit") byName.set(trimmed, kind);
  }
  const ordered = [...byName.keys()].sort((a, b) => b.length - a.length);
  // Replacing name by name would let a later, shorter name match inside an earlier mask, so each
  // name first becomes a private-use token (no name holds one), then each token its mask.
  const token = (i: number) => String.fromCharCode(0xe000, 0xe100 + i);
  const placed = ordered.reduce((result, name, i) => result.split(name).join(token(i)), text);
  return placed.replace(/\ue000([\ue100-\uf8ff])/gu, (_, mark: string) => MASKS[byName.get(ordered[mark.charCodeAt(0) - 0xe100]!)!]);
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
export function judgeContent(data: Record<string, unknown>, options: { blind: boolean; names: readonly BlindName[] }): JudgeContent {
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
