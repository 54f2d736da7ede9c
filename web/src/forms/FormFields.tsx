import { useWatch } from "react-hook-form";
import { calculateAll, requiredFields, visibleFields, type FormDefinition, type FormValues } from "@tongxin/core/forms";
import { CalculatedOutput } from "./CalculatedOutput";
import { GroupInput } from "./GroupInput";
import { LeafInput } from "./LeafInput";

/**
 * The fields of a definition shown for the current answers (`visibleFields`), re-evaluated
 * as the person types, with "*" on those that must be filled in. Sections are headings;
 * calculated fields show their result, read-only.
 */
export function FormFields({ definition }: { definition: FormDefinition }) {
  const values = useWatch<FormValues>() as FormValues;
  const visible = visibleFields(definition, values);
  const required = requiredFields(definition, values);
  // The same evaluation the API stores (forms/calculated.ts); whatever the form holds for these keys is ignored there.
  const computed = calculateAll(definition, values, visible);
  return (
    <div className="form-fields">
      {definition.fields
        .filter((field) => visible.has(field.key))
        .map((field) => {
          if (field.type === "section") {
            return (
              <div key={field.key} className="form-section">
                <h2>{field.label}</h2>
                {field.help && <p className="muted">{field.help}</p>}
              </div>
            );
          }
          if (field.type === "calculated") return <CalculatedOutput key={field.key} field={field} value={computed[field.key]} />;
          if (field.type === "group") return <GroupInput key={field.key} group={field} required={required.has(field.key)} />;
          return <LeafInput key={field.key} field={field} name={field.key} uploadPath={field.key} required={required.has(field.key)} />;
        })}
    </div>
  );
}
