import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { ApiError } from "../api";
import { applyServerErrors } from "../lib/serverErrors";

/**
 * Where a failed sign-in or reset is explained. A wrong or used-up code is a 401 here — an
 * answer about the code, not a lost session — so it goes under 短信验证码; anything else as
 * the server's field errors or above the form.
 * @returns the message for above the form, if any.
 */
export function showCodeProblem<T extends FieldValues & { code: string }>(error: unknown, setError: UseFormSetError<T>, fields: ReadonlyArray<Path<T>>): string | undefined {
  if (error instanceof ApiError && error.status === 401) {
    setError("code" as Path<T>, { type: "server", message: error.errors.code?.[0] ?? error.title }, { shouldFocus: true });
    return undefined;
  }
  return applyServerErrors(error, setError, fields);
}
