import { useId } from "react";
import { useController } from "react-hook-form";
import type { FormValues, LeafField } from "@tongxin/core/forms";
import { useRenderer } from "../context";
import { controlProps, describedBy, FieldFrame, useFieldError } from "../FieldFrame";

type MemberField = Extract<LeafField, { type: "member" }>;

/** 成员: one person (a list) or several (checkboxes), among the people the page could load. */
export function MemberInput({ field, name, required }: { field: MemberField; name: string; required: boolean }) {
  const id = useId();
  const error = useFieldError(name);
  const { members } = useRenderer();
  const { field: control } = useController<FormValues>({ name });

  if (!field.multiple) {
    const value = typeof control.value === "string" ? control.value : "";
    const known = members.some((member) => member.accountId === value);
    return (
      <FieldFrame id={id} field={field} required={required} error={error}>
        <select ref={control.ref} value={value} onChange={(event) => control.onChange(event.target.value)} onBlur={control.onBlur} {...controlProps(id, field.help, error, required)}>
          <option value="">请选择</option>
          {!known && value && <option value={value}>{value}</option>}
          {members.map((member) => (
            <option key={member.accountId} value={member.accountId}>
              {member.name}
            </option>
          ))}
        </select>
      </FieldFrame>
    );
  }

  const picked = Array.isArray(control.value) ? (control.value as string[]) : [];
  const people = [...members, ...picked.filter((accountId) => !members.some((m) => m.accountId === accountId)).map((accountId) => ({ accountId, name: accountId }))];
  const toggle = (accountId: string, on: boolean) => control.onChange(on ? [...picked, accountId] : picked.filter((p) => p !== accountId));
  return (
    <FieldFrame id={id} field={field} required={required} error={error} group>
      <div className="checks__list" aria-describedby={describedBy(id, field.help, error)}>
        {people.map((member, index) => (
          <label key={member.accountId} className="check">
            <input
              type="checkbox"
              ref={index === 0 ? control.ref : undefined}
              checked={picked.includes(member.accountId)}
              onChange={(event) => toggle(member.accountId, event.target.checked)}
              onBlur={control.onBlur}
            />
            <span>{member.name}</span>
          </label>
        ))}
      </div>
    </FieldFrame>
  );
}
