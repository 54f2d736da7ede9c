import type { FileRule } from "../uploads/uploads";
import { fileRuleOf, type FileField, type FormDefinition } from "./index";

/** A file reference as stored in a submission's answers. */
export interface FileRef {
  uploadId: string;
  name: string;
  size: number;
  type: string;
}

/** What a file or image field accepts, with the defaults filled in. */
export const fileRule = (field: FileField): FileRule => fileRuleOf(field);

/** The file field at `path` (`photos`, or `group.sub` inside a repeating group). */
export function findFileField(definition: FormDefinition, path: string): FileField | undefined {
  const [first, second] = path.split(".");
  const top = definition.fields.find((field) => field.key === first);
  const field = second && top?.type === "group" ? top.fields.find((sub) => sub.key === second) : second ? undefined : top;
  return field && (field.type === "file" || field.type === "image") ? field : undefined;
}

export interface AttachedFiles {
  /** Field path as uploads record it: `photos` or `group.sub`. */
  fieldPath: string;
  /** Where an error about it belongs: `photos` or `group.2.sub`. */
  errorPath: string;
  field: FileField;
  refs: FileRef[];
}

/** Every file reference in a (validated) set of answers, with the field it belongs to. */
export function attachedFiles(definition: FormDefinition, data: Record<string, unknown>): AttachedFiles[] {
  const found: AttachedFiles[] = [];
  for (const field of definition.fields) {
    if (field.type === "file" || field.type === "image") {
      const refs = (data[field.key] as FileRef[] | undefined) ?? [];
      if (refs.length > 0) found.push({ fieldPath: field.key, errorPath: field.key, field, refs });
    } else if (field.type === "group") {
      const rows = (data[field.key] as Array<Record<string, unknown>> | undefined) ?? [];
      rows.forEach((row, index) => {
        for (const sub of field.fields) {
          if (sub.type !== "file" && sub.type !== "image") continue;
          const refs = (row[sub.key] as FileRef[] | undefined) ?? [];
          if (refs.length > 0) found.push({ fieldPath: `${field.key}.${sub.key}`, errorPath: `${field.key}.${index}.${sub.key}`, field: sub, refs });
        }
      });
    }
  }
  return found;
}
