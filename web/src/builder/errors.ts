import { createContext, useContext } from "react";

/** Definition errors as the validator (or the API's 422) keys them: `fields.1.key` → messages. */
export type DefinitionErrors = Readonly<Record<string, readonly string[]>>;

export const ErrorsContext = createContext<DefinitionErrors>({});

/** The first message at exactly this path. */
export function useErrorAt(path: string): string | undefined {
  return useContext(ErrorsContext)[path]?.[0];
}

/** Every error at or beneath `prefix` (`fields.2` → `fields.2`, `fields.2.options.0.value`, …). */
export function errorsUnder(errors: DefinitionErrors, prefix: string): Array<[string, string]> {
  return Object.entries(errors)
    .filter(([path]) => path === prefix || path.startsWith(`${prefix}.`))
    .flatMap(([path, messages]) => messages.map((message) => [path, message] as [string, string]));
}
