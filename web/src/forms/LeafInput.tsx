import { memo } from "react";
import type { LeafField } from "@tongxin/core/forms";
import { ChoiceInput } from "./inputs/ChoiceInput";
import { FileInput } from "./inputs/FileInput";
import { MemberInput } from "./inputs/MemberInput";
import { MoneyInput } from "./inputs/MoneyInput";
import { TextInput } from "./inputs/TextInput";

interface LeafInputProps {
  field: LeafField;
  /** Where the answer sits in the form: `key`, or `group.0.sub`. */
  name: string;
  /** The file-upload field path: `key`, or `group.sub`. */
  uploadPath: string;
  required: boolean;
}

/** The control for one answer, by field type. */
export const LeafInput = memo(function LeafInput({ field, name, uploadPath, required }: LeafInputProps) {
  switch (field.type) {
    case "money":
      return <MoneyInput field={field} name={name} required={required} />;
    case "select":
    case "radio":
    case "multiselect":
    case "checkbox":
      return <ChoiceInput field={field} name={name} required={required} />;
    case "file":
    case "image":
      return <FileInput field={field} name={name} uploadPath={uploadPath} required={required} />;
    case "member":
      return <MemberInput field={field} name={name} required={required} />;
    default:
      return <TextInput field={field} name={name} required={required} />;
  }
});
