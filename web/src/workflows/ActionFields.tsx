import { useId, useState } from "react";
import type { PeopleChoices, PersonChoice } from "./usePeopleChoices";

interface FieldProps {
  error?: string;
}

function FieldError({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p className="field__error" id={id} role="alert">
      {error}
    </p>
  );
}

/** The comment box (required for 驳回/退回/评论). */
export function CommentField({ label, required, value, onChange, error }: FieldProps & { label: string; required: boolean; value: string; onChange: (v: string) => void }) {
  const id = useId();
  return (
    <div className={error ? "field field--invalid" : "field"}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="field__required" aria-hidden="true">*</span> : <span className="field__optional">（选填）</span>}
      </label>
      <textarea
        id={id}
        rows={3}
        maxLength={2000}
        value={value}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

export interface ReturnTarget {
  value: string;
  label: string;
}

/** 退回到: 提交人 or an earlier step. */
export function ReturnTargetField({ targets, value, onChange, error }: FieldProps & { targets: ReturnTarget[]; value: string; onChange: (v: string) => void }) {
  const id = useId();
  return (
    <div className={error ? "field field--invalid" : "field"}>
      <label htmlFor={id}>退回到</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)} aria-describedby={error ? `${id}-error` : undefined}>
        {targets.map((target) => (
          <option key={target.value} value={target.value}>
            {target.label}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

const describe = (person: PersonChoice) => (person.phone ? `${person.name}（${person.phone.slice(-4)}）` : person.name);

function NoChoices({ choices }: { choices: PeopleChoices }) {
  if (choices.loading) return <p className="loading">正在读取人员名单…</p>;
  if (choices.groups.length > 0) return null;
  return <p className="muted">没有可选的人员。您只能选择本事项的相关人员和您管理或审核的组织的成员；如需选择其他人，请联系组织管理员。</p>;
}

/** One person (转交 / 加签), grouped by org. */
export function PersonField({ label, choices, value, onChange, error }: FieldProps & { label: string; choices: PeopleChoices; value: string; onChange: (v: string) => void }) {
  const id = useId();
  return (
    <div className={error ? "field field--invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} disabled={choices.groups.length === 0} onChange={(event) => onChange(event.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        <option value="">请选择</option>
        {choices.groups.map((group) => (
          <optgroup key={group.label} label={group.label}>
            {group.people.map((person) => (
              <option key={person.accountId} value={person.accountId}>
                {describe(person)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <NoChoices choices={choices} />
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

/** Several people (抄送), with a filter by name or phone. */
export function PeopleField({ choices, value, onChange, error }: FieldProps & { choices: PeopleChoices; value: string[]; onChange: (v: string[]) => void }) {
  const id = useId();
  const [filter, setFilter] = useState("");
  const match = (person: PersonChoice) => !filter || person.name.includes(filter) || Boolean(person.phone?.includes(filter));
  const toggle = (accountId: string, on: boolean) => onChange(on ? [...value, accountId] : value.filter((v) => v !== accountId));
  return (
    <fieldset className={error ? "field checks field--invalid" : "field checks"} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>抄送给{value.length > 0 && `（已选${value.length}人）`}</legend>
      {choices.groups.length > 6 || choices.groups.some((g) => g.people.length > 8) ? (
        <input type="search" className="people__filter" placeholder="按姓名或手机号筛选" aria-label="按姓名或手机号筛选" value={filter} onChange={(e) => setFilter(e.target.value)} />
      ) : null}
      <div className="people">
        {choices.groups.map((group) => (
          <div key={group.label} className="people__group">
            <p className="people__org">{group.label}</p>
            {group.people.filter(match).map((person) => (
              <label key={person.accountId} className="check">
                <input type="checkbox" checked={value.includes(person.accountId)} onChange={(event) => toggle(person.accountId, event.target.checked)} />
                <span>{describe(person)}</span>
              </label>
            ))}
          </div>
        ))}
      </div>
      <NoChoices choices={choices} />
      <FieldError id={`${id}-error`} error={error} />
    </fieldset>
  );
}
