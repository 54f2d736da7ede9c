import type { UseFormSetError } from "react-hook-form";
import { emptyRow, emptyValues, type FormDefinition, type FormValues } from "@tongxin/core/forms";
import { ApiError } from "../api";

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Stored answers (a draft) as form values: blanks for what was not filled in, blank sub-fields
 * in each group row, money staying in 分. Keys the definition does not have are dropped.
 */
export function toFormValues(definition: FormDefinition, data: Record<string, unknown>): FormValues {
  const values = emptyValues(definition);
  for (const field of definition.fields) {
    if (field.type === "section" || !Object.hasOwn(data, field.key)) continue;
    const stored = data[field.key];
    if (field.type === "group") {
      values[field.key] = Array.isArray(stored) ? stored.map((row) => ({ ...emptyRow(field), ...(isRecord(row) ? row : {}) })) : [];
    } else values[field.key] = stored;
  }
  return values;
}

/**
 * Puts the API's answer errors (`data.key`, `data.group.0.sub`) next to their fields.
 * Returns what to show above the form when some could not be placed (or none came).
 */
export function applyAnswerErrors(error: unknown, setError: UseFormSetError<FormValues>, definition: FormDefinition): string | undefined {
  if (!(error instanceof ApiError)) return "出现了意外错误，请重试";
  if (error.status === 401) return undefined;
  const keys = new Set(definition.fields.map((field) => field.key));
  let placed = 0;
  let unplaced = false;
  for (const [path, messages] of Object.entries(error.errors)) {
    const name = path.startsWith("data.") ? path.slice("data.".length) : "";
    if (name && keys.has(name.split(".")[0]!) && messages[0]) {
      setError(name, { type: "server", message: messages[0] }, { shouldFocus: placed === 0 });
      placed += 1;
    } else unplaced = true;
  }
  return placed === 0 || unplaced ? error.title : undefined;
}
