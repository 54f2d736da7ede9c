import type { compileForm, FormValues } from "@tongxin/core/forms";

type Schema = ReturnType<typeof compileForm>;

/** Removes the answer at an issue's path (`key`, or `group.0.sub`; a whole row or group when the path ends there). */
function dropAt(values: FormValues, path: readonly PropertyKey[]): void {
  let holder: unknown = values;
  for (const step of path.slice(0, -1)) {
    holder = (holder as Record<PropertyKey, unknown> | undefined)?.[step];
    if (typeof holder !== "object" || holder === null) return;
  }
  const last = path[path.length - 1];
  if (last === undefined) return;
  if (Array.isArray(holder) && typeof last === "number") holder[last] = {};
  else delete (holder as Record<PropertyKey, unknown>)[last];
}

/**
 * The answers worth keeping in a draft: what the draft schema accepts, as it would be stored.
 * An answer that is not valid yet (half-typed amount, bad phone) is left out rather than
 * blocking the whole draft; it stays on screen and is checked on submit.
 */
export function draftData(schema: Schema, values: FormValues): FormValues {
  const current = structuredClone(values);
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const result = schema.safeParse(current);
    if (result.success) return result.data;
    const issues = result.error.issues;
    if (issues.every((issue) => issue.path.length === 0)) break;
    for (const issue of issues) dropAt(current, issue.path);
  }
  return {};
}
