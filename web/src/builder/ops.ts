import type { FieldType } from "@tongxin/core/forms";
import { newField, renameInCondition, type EditorField } from "./model";

/** Where a field sits: a top-level index, or a sub-field of the group at `index`. */
export interface FieldPath {
  index: number;
  sub?: number;
}

/** The list a path's field belongs to (its key scope) and the field's place in it. */
function withScope(fields: EditorField[], path: FieldPath, change: (scope: EditorField[], at: number) => EditorField[]): EditorField[] {
  if (path.sub === undefined) return change(fields, path.index);
  return fields.map((field, i) => (i === path.index ? { ...field, fields: change(field.fields, path.sub!) } : field));
}

/** Applies a change to one field; a new key is carried into its siblings' conditions. */
export function updateField(fields: EditorField[], path: FieldPath, change: Partial<EditorField>): EditorField[] {
  return withScope(fields, path, (scope, at) => {
    const before = scope[at]!;
    const renamed = change.key !== undefined && change.key !== before.key && before.key !== "";
    return scope.map((field, i) => {
      if (i === at) return { ...field, ...change };
      if (!renamed) return field;
      return { ...field, visibleIf: renameInCondition(field.visibleIf, before.key, change.key!), requiredIf: renameInCondition(field.requiredIf, before.key, change.key!) };
    });
  });
}

export function moveField(fields: EditorField[], path: FieldPath, delta: -1 | 1): EditorField[] {
  return withScope(fields, path, (scope, at) => {
    const to = at + delta;
    if (to < 0 || to >= scope.length) return scope;
    const next = [...scope];
    [next[at], next[to]] = [next[to]!, next[at]!];
    return next;
  });
}

export function removeField(fields: EditorField[], path: FieldPath): EditorField[] {
  return withScope(fields, path, (scope, at) => scope.filter((_, i) => i !== at));
}

/** Adds a field of `type` at the end (of the form, or of the group at `groupIndex`). */
export function addField(fields: EditorField[], type: FieldType, groupIndex?: number): { fields: EditorField[]; added: EditorField } {
  const scope = groupIndex === undefined ? fields : fields[groupIndex]!.fields;
  const added = newField(type, new Set(scope.map((field) => field.key)));
  if (groupIndex === undefined) return { fields: [...fields, added], added };
  return { fields: fields.map((field, i) => (i === groupIndex ? { ...field, fields: [...field.fields, added] } : field)), added };
}

/** `fields.2` or `fields.2.fields.0`: where the definition (and its errors) put this field. */
export const errorPrefix = (path: FieldPath) => (path.sub === undefined ? `fields.${path.index}` : `fields.${path.index}.fields.${path.sub}`);
