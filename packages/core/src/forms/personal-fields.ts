import { kindByLook, maskValue, type PersonalKind, type PrivacyLevel } from "../privacy/mask";
import type { Field, FormDefinition, LeafField } from "./definition";

/**
 * Which answers of a submission are personal, from the marking in the form's definition
 * (`privacy` on a field; 身份证号 and phone fields are sensitive unless marked otherwise).
 * Pure: the submission store records the result with the item, the read paths mask by it.
 */

/** One personal answer: where it sits in `data` (`key`, or `group.row.key`), what it is, how personal. */
export interface PersonalField {
  path: string;
  kind: PersonalKind;
  level: Exclude<PrivacyLevel, "none">;
  /** The field's label, for the access log and the consent notice. */
  label: string;
}

const SENSITIVE_BY_DEFAULT: ReadonlySet<Field["type"]> = new Set(["idcard", "phone"]);

export function privacyOf(field: Field): PrivacyLevel {
  return field.privacy ?? (SENSITIVE_BY_DEFAULT.has(field.type) ? "sensitive" : "none");
}

function kindOf(field: LeafField): PersonalKind {
  if (field.type === "phone" || field.type === "idcard" || field.type === "email") return field.type;
  return "text";
}

/** The personal fields of a definition (groups' inner fields too), as labels and levels: for the consent notice. */
export function personalFieldsOf(definition: FormDefinition): Array<{ key: string; label: string; level: Exclude<PrivacyLevel, "none"> }> {
  const found: Array<{ key: string; label: string; level: Exclude<PrivacyLevel, "none"> }> = [];
  for (const field of definition.fields) {
    if (field.type === "group") {
      for (const inner of field.fields) {
        const level = privacyOf(inner);
        if (level !== "none") found.push({ key: `${field.key}.${inner.key}`, label: `${field.label}·${inner.label}`, level });
      }
      continue;
    }
    const level = privacyOf(field);
    if (level !== "none" && field.type !== "section") found.push({ key: field.key, label: field.label, level });
  }
  return found;
}

/** The personal answers present in `data`, one per filled-in value (each row of a group apart). */
export function personalAnswers(definition: FormDefinition, data: Record<string, unknown>): PersonalField[] {
  const found: PersonalField[] = [];
  const visit = (field: LeafField, path: string, label: string, value: unknown) => {
    const level = privacyOf(field);
    if (level === "none" || value === undefined || value === null || value === "") return;
    found.push({ path, kind: kindOf(field), level, label });
  };
  for (const field of definition.fields) {
    if (field.type === "section" || field.type === "calculated") continue;
    if (field.type === "group") {
      const rows = Array.isArray(data[field.key]) ? (data[field.key] as Array<Record<string, unknown>>) : [];
      rows.forEach((row, index) => {
        for (const inner of field.fields) visit(inner, `${field.key}.${index}.${inner.key}`, `${field.label}第${index + 1}行·${inner.label}`, row?.[inner.key]);
      });
      continue;
    }
    visit(field, field.key, field.label, data[field.key]);
  }
  return found;
}

export function valueAt(data: Record<string, unknown>, path: string): unknown {
  let current: unknown = data;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** A copy of `data` with the value at `path` replaced (groups copied along the way). */
export function withValueAt(data: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split(".");
  const copy: Record<string, unknown> | unknown[] = Array.isArray(data) ? [...(data as unknown[])] : { ...data };
  const target = copy as Record<string, unknown>;
  if (rest.length === 0) {
    if (value === undefined) delete target[head!];
    else target[head!] = value;
    return copy as Record<string, unknown>;
  }
  const child = target[head!];
  if (child === null || typeof child !== "object") return copy as Record<string, unknown>;
  target[head!] = withValueAt(child as Record<string, unknown>, rest.join("."), value);
  return copy as Record<string, unknown>;
}

/**
 * The answers as a reader without the need sees them: every personal answer masked. Answers
 * recorded before fields were marked (`personal` absent) are masked by their look (a mobile
 * number or a 身份证号 anywhere at the top level or in a group's rows).
 */
export function maskAnswers(data: Record<string, unknown>, personal: readonly PersonalField[] | undefined): Record<string, unknown> {
  let masked = data;
  for (const field of personal ?? legacyPersonal(data)) masked = withValueAt(masked, field.path, maskValue(field.kind, valueAt(data, field.path)));
  return masked;
}

function legacyPersonal(data: Record<string, unknown>): PersonalField[] {
  const found: PersonalField[] = [];
  const look = (path: string, value: unknown) => {
    const kind = kindByLook(value);
    if (kind) found.push({ path, kind, level: "sensitive", label: path });
  };
  for (const [key, value] of Object.entries(data)) {
    if (Array.isArray(value)) value.forEach((row, index) => row && typeof row === "object" && Object.entries(row as Record<string, unknown>).forEach(([inner, v]) => look(`${key}.${index}.${inner}`, v)));
    else look(key, value);
  }
  return found;
}

/** A submission (or entry) as a reader without the need sees it: `masked` lists the paths shown masked. */
export function maskSubmission<T extends { data: Record<string, unknown>; personal?: PersonalField[] }>(submission: T): T & { masked: string[] } {
  const personal = submission.personal ?? legacyPersonal(submission.data);
  return { ...submission, data: maskAnswers(submission.data, personal), masked: personal.map((field) => field.path) };
}

/** The submitter reads their own answers in full; anyone else masked. */
export function submissionFor<T extends { submitterId: string; data: Record<string, unknown>; personal?: PersonalField[] }>(readerId: string, submission: T): T | (T & { masked: string[] }) {
  return submission.submitterId === readerId ? submission : maskSubmission(submission);
}
