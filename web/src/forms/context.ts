import { createContext, useContext } from "react";

/** A person a member field can name. */
export interface MemberOption {
  accountId: string;
  name: string;
}

/** What fields need to know beyond their definition: where uploads go, who is filling in. */
export interface RendererContextValue {
  /** The form being filled; without it (the builder's preview) nothing is uploaded. */
  formId?: string;
  /** People a member field offers; the person filling in is always among them. */
  members: readonly MemberOption[];
  /** Read-only display of a form (nothing can be changed). */
  disabled?: boolean;
}

export const RendererContext = createContext<RendererContextValue>({ members: [] });

export const useRenderer = (): RendererContextValue => useContext(RendererContext);
