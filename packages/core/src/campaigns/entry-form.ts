import type { FormDefinition } from "../forms/definition";

/**
 * The default 案例申报表. The campaign reads `title`, `summary` and `fullText` (and shows the
 * photos and attachments to judges); the submitting unit is the entry's `unitId`, not a field.
 */
export const CASE_ENTRY_FORM: FormDefinition = {
  title: "案例申报表",
  description: "请如实填写案例情况。案例简介将在公示和结果页面公开。",
  fields: [
    { type: "text", key: "title", label: "案例名称", required: true, maxLength: 60 },
    { type: "textarea", key: "summary", label: "案例简介", required: true, maxLength: 500, help: "500字以内，公示时公开" },
    { type: "textarea", key: "fullText", label: "案例全文", required: true, maxLength: 20000 },
    { type: "image", key: "photos", label: "照片", maxFiles: 9 },
    { type: "file", key: "attachments", label: "附件", maxFiles: 5 },
    { type: "text", key: "contactName", label: "联系人", required: true, maxLength: 40 },
    { type: "phone", key: "contactPhone", label: "联系电话", required: true },
  ],
};

/** The fields of an entry the campaign reads, whatever the form looks like. */
export function entryText(data: Record<string, unknown>): { title: string; summary: string; fullText: string } {
  const text = (key: string) => (typeof data[key] === "string" ? (data[key] as string) : "");
  return { title: text("title") || "（未命名案例）", summary: text("summary"), fullText: text("fullText") };
}
