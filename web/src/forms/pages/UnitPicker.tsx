import { useId } from "react";
import type { Me, Membership } from "../../api";

/** The orgs a person may submit a form for: theirs at or beneath the form's org. */
export function submitterUnits(me: Me, formOrgId: string): Membership[] {
  return me.memberships.filter((m) => m.orgId === formOrgId || (m.orgPath ?? []).includes(formOrgId));
}

interface UnitPickerProps {
  units: Membership[];
  value: string;
  onChange: (orgId: string) => void;
  /** A draft exists: its unit is fixed. */
  locked: boolean;
  error?: string;
}

/**
 * 提交单位, for people in several orgs beneath the form's org (a member of a 新空间 and of a
 * 分会): the approval chain starts from the unit chosen, so it is asked, not guessed.
 */
export function UnitPicker({ units, value, onChange, locked, error }: UnitPickerProps) {
  const id = useId();
  if (locked) {
    const unit = units.find((u) => u.orgId === value);
    return (
      <p className="unit-picker__fixed">
        提交单位：<strong>{unit?.orgName ?? "草稿所属单位"}</strong>
        <span className="muted">（草稿已按此单位保存）</span>
      </p>
    );
  }
  return (
    <div className={error ? "field field--invalid unit-picker" : "field unit-picker"}>
      <label htmlFor={id}>
        提交单位<span className="field__required" aria-hidden="true">*</span>
      </label>
      <select
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : `${id}-hint`}
      >
        <option value="">请选择提交单位</option>
        {units.map((unit) => (
          <option key={unit.orgId} value={unit.orgId}>
            {unit.orgName}
          </option>
        ))}
      </select>
      {error ? (
        <p className="field__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : (
        <p className="field__hint" id={`${id}-hint`}>
          您属于多个组织，审批将从所选单位开始。
        </p>
      )}
    </div>
  );
}
