import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { ApiError } from "../api";

/**
 * Puts a problem's field errors (`errors: { field: [message] }`) next to the form's fields.
 * Returns the message to show above the form when some of it could not be placed on a field.
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: ReadonlyArray<Path<T>>,
): string | undefined {
  if (!(error instanceof ApiError)) return "出现了意外错误，请重试";
  if (error.status === 401) return undefined;
  let placed = 0;
  let unplaced = false;
  for (const [key, messages] of Object.entries(error.errors)) {
    const field = fields.find((name) => name === key.split(".")[0]);
    if (field && messages[0]) {
      setError(field, { type: "server", message: messages[0] }, { shouldFocus: placed === 0 });
      placed += 1;
    } else unplaced = true;
  }
  return placed === 0 || unplaced ? error.title : undefined;
}
