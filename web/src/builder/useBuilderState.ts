import { useMemo, useRef, useState } from "react";
import type { FieldType } from "@tongxin/core/forms";
import type { BuilderActions } from "./actions";
import type { EditorField, EditorForm } from "./model";
import { addField, moveField, removeField, updateField, type FieldPath } from "./ops";

/** The form being edited, the open field editors, and the actions the cards use. */
export function useBuilderState(initial: EditorForm) {
  const [form, setForm] = useState(initial);
  // A form with a single field (a new one) starts with that field's editor open.
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(initial.fields.length === 1 ? [initial.fields[0]!.uid] : []));
  const [dirty, setDirty] = useState(false);
  const latest = useRef(form);
  latest.current = form;

  const actions = useMemo<BuilderActions>(() => {
    const change = (next: (fields: EditorField[]) => EditorField[]) => {
      setForm((current) => ({ ...current, fields: next(current.fields) }));
      setDirty(true);
    };
    return {
      open,
      toggle: (uid) =>
        setOpen((current) => {
          const next = new Set(current);
          if (!next.delete(uid)) next.add(uid);
          return next;
        }),
      edit: (path: FieldPath, patch: Partial<EditorField>) => change((fields) => updateField(fields, path, patch)),
      move: (path, delta) => change((fields) => moveField(fields, path, delta)),
      remove: (path) => change((fields) => removeField(fields, path)),
      add: (type: FieldType, groupIndex?: number) => {
        const { fields, added } = addField(latest.current.fields, type, groupIndex);
        latest.current = { ...latest.current, fields };
        setForm(latest.current);
        setOpen((was) => new Set([...was, added.uid, ...added.fields.map((sub) => sub.uid)]));
        setDirty(true);
      },
    };
  }, [open]);

  const setMeta = (patch: Partial<Pick<EditorForm, "title" | "description" | "privacyNotice" | "retentionDays">>) => {
    setForm((current) => ({ ...current, ...patch }));
    setDirty(true);
  };

  return { form, actions, setMeta, dirty, markSaved: () => setDirty(false) };
}
