import { createContext, useContext } from "react";
import type { FieldType } from "@tongxin/core/forms";
import type { EditorField } from "./model";
import type { FieldPath } from "./ops";

/** What the field cards may do to the form being edited. */
export interface BuilderActions {
  edit: (path: FieldPath, change: Partial<EditorField>) => void;
  move: (path: FieldPath, delta: -1 | 1) => void;
  remove: (path: FieldPath) => void;
  add: (type: FieldType, groupIndex?: number) => void;
  /** Fields whose editor is open, by uid. */
  open: ReadonlySet<string>;
  toggle: (uid: string) => void;
}

export const BuilderActionsContext = createContext<BuilderActions | null>(null);

export function useBuilderActions(): BuilderActions {
  const actions = useContext(BuilderActionsContext);
  if (!actions) throw new Error("useBuilderActions outside the builder");
  return actions;
}
