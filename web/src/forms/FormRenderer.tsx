import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, type ReactNode } from "react";
import { FormProvider, useForm, type UseFormReturn } from "react-hook-form";
import { compileForm, emptyValues, type FormDefinition, type FormValues, type Mode } from "@tongxin/core/forms";
import { RendererContext, type RendererContextValue } from "./context";
import { FormFields } from "./FormFields";

export type DefinitionForm = UseFormReturn<FormValues, unknown, FormValues>;

/**
 * react-hook-form for a definition, checked by the very schema the API uses
 * (`compileForm(definition, { mode })`). What `handleSubmit` passes on is the answers as
 * they will be stored: only shown fields, normalized.
 */
export function useDefinitionForm(definition: FormDefinition, mode: Mode, initial?: FormValues): DefinitionForm {
  const resolver = useMemo(() => zodResolver(compileForm(definition, { mode })), [definition, mode]);
  return useForm<FormValues, unknown, FormValues>({
    resolver,
    defaultValues: initial ?? emptyValues(definition),
    mode: "onSubmit",
    reValidateMode: "onChange",
  });
}

interface FormRendererProps {
  definition: FormDefinition;
  form: DefinitionForm;
  context?: Partial<RendererContextValue>;
  /** Shown above the fields, e.g. the form's description or a status line. */
  header?: ReactNode;
}

/** Renders a definition's fields (title and description first) into the given form. */
export function FormRenderer({ definition, form, context, header }: FormRendererProps) {
  const value = useMemo<RendererContextValue>(() => ({ members: [], ...context }), [context]);
  return (
    <FormProvider {...form}>
      <RendererContext.Provider value={value}>
        {definition.description && <p className="form-description">{definition.description}</p>}
        {header}
        <FormFields definition={definition} />
      </RendererContext.Provider>
    </FormProvider>
  );
}
