import { validateDefinition, type FormDefinition } from "@tongxin/core/forms";
import type { DefinitionErrors } from "./errors";

export type Checked = { ok: true; definition: FormDefinition } | { ok: false; errors: DefinitionErrors; message: string };

/**
 * The API's own definition check, run in the browser: the same messages at the same paths
 * (`fields.1.key`) as a 422 `form.invalid_definition` would give.
 */
export function checkDefinition(definition: unknown): Checked {
  try {
    return { ok: true, definition: validateDefinition(definition) };
  } catch (error) {
    const fields = (error as { fields?: Record<string, string[]> }).fields ?? {};
    return { ok: false, errors: fields, message: (error as Error).message };
  }
}
