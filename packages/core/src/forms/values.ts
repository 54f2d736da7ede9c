import { normalizeLogin } from "../auth/login-id";
import { conditionValue, evaluateCondition } from "./conditions";
import type { Field, FormDefinition, GroupField } from "./definition";

/** An answer's own property; `constructor` or `toString` must never come from the prototype. */
export function own(values: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(values, key) ? values[key] : undefined;
}

/**
 * An answer as conditions read it: trimmed, and normalized the way it will be stored (phone
 * digits, e-mail lower case, ID numbers upper case), so a condition decides the same on the
 * typed answer and on the saved one.
 */
function conditionInput(field: Field | undefined, raw: unknown): unknown {
  const value = conditionValue(raw);
  if (typeof value !== "string" || !field) return value;
  if (field.type === "phone") return normalizeLogin(value);
  if (field.type === "email") return value.toLowerCase();
  if (field.type === "idcard" || field.type === "uscc") return value.toUpperCase();
  return value;
}

/**
 * Not filled in: undefined, null, NaN (an emptied `valueAsNumber` input), a blank string or an
 * empty array. `false` is an answer (an unticked checkbox), not emptiness.
 * @example isEmptyValue("  ") // true
 */
export function isEmptyValue(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === "number" && Number.isNaN(value)) ||
    (typeof value === "string" && value.trim() === "") ||
    (Array.isArray(value) && value.length === 0)
  );
}

/**
 * The keys among `fields` that are shown for these values. A field is shown when it has no
 * `visibleIf` or its condition holds, where a hidden field reads as absent — so hiding a
 * controller also hides what depends on it.
 */
export function visibleKeys(fields: readonly Field[], values: Record<string, unknown>): Set<string> {
  const byKey = new Map(fields.map((field) => [field.key, field]));
  const decided = new Map<string, boolean>();
  const deciding = new Set<string>();
  const isVisible = (key: string): boolean => {
    const known = decided.get(key);
    if (known !== undefined) return known;
    const field = byKey.get(key);
    if (!field) return false;
    // A cycle cannot pass validateDefinition; should one reach here, its fields stay hidden.
    if (deciding.has(key)) return false;
    deciding.add(key);
    const visible = !field.visibleIf || evaluateCondition(field.visibleIf, lookup);
    deciding.delete(key);
    decided.set(key, visible);
    return visible;
  };
  const lookup = (key: string) => (isVisible(key) ? conditionInput(byKey.get(key), own(values, key)) : undefined);
  return new Set(fields.filter((field) => isVisible(field.key)).map((field) => field.key));
}

/**
 * Whether a shown field must be filled in: `required`, or `requiredIf` holding (over the
 * values as conditions read them, hidden fields absent).
 */
export function isRequired(field: Field, values: Record<string, unknown>, visible: Set<string>, fields: readonly Field[]): boolean {
  if (field.required) return true;
  if (!field.requiredIf) return false;
  return evaluateCondition(field.requiredIf, (key) => (visible.has(key) ? conditionInput(fields.find((f) => f.key === key), own(values, key)) : undefined));
}

/**
 * The top-level fields (sections included) shown for the current answers; the form renders these.
 * @example visibleFields(definition, { needFunding: "no" }).has("budget") // false
 */
export function visibleFields(def: FormDefinition, values: Record<string, unknown>): Set<string> {
  return visibleKeys(def.fields, values);
}

/** The sub-fields of a repeating group shown in one row; conditions there read the same row. */
export function visibleRowFields(group: GroupField, row: Record<string, unknown>): Set<string> {
  return visibleKeys(group.fields, row);
}

/**
 * The shown top-level fields that must be filled in on submit, for a “*” beside their label.
 * @example requiredFields(definition, { needFunding: "yes" }).has("budget") // true
 */
export function requiredFields(def: FormDefinition, values: Record<string, unknown>): Set<string> {
  const visible = visibleKeys(def.fields, values);
  return new Set(def.fields.filter((field) => visible.has(field.key) && field.type !== "section" && isRequired(field, values, visible, def.fields)).map((field) => field.key));
}

/**
 * Blank answers for react-hook-form's `defaultValues`: "" for typed inputs (also number and
 * money: an empty input reads as not filled in), false for a checkbox, [] for lists, and
 * `minRows` blank rows for a repeating group. Sections get nothing.
 * @example emptyValues({ title: "报名", fields: [{ key: "name", type: "text", label: "姓名" }] }) // { name: "" }
 */
export function emptyValues(def: FormDefinition): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of def.fields) {
    if (field.type === "section") continue;
    values[field.key] = field.type === "group" ? Array.from({ length: field.minRows ?? 0 }, () => emptyRow(field)) : emptyValue(field);
  }
  return values;
}

/** A blank row of a repeating group, for `useFieldArray().append`. */
export function emptyRow(group: GroupField): Record<string, unknown> {
  return Object.fromEntries(group.fields.map((field) => [field.key, emptyValue(field)]));
}

function emptyValue(field: Field): unknown {
  switch (field.type) {
    case "checkbox":
      return false;
    case "multiselect":
    case "file":
    case "image":
    case "group":
      return [];
    case "member":
      return field.multiple ? [] : "";
    default:
      return "";
  }
}
