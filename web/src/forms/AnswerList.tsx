import { fenToYuan, type CalculatedField, type Field, type FormDefinition, type LeafField } from "@tongxin/core/forms";
import { uploadUrl } from "../api";
import { formatSize, type FileRef } from "./upload";

interface AnswerListProps {
  definition: FormDefinition;
  data: Record<string, unknown>;
  /** accountId → name, for member fields. */
  memberNames?: ReadonlyMap<string, string>;
}

const isBlank = (value: unknown) => value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);

function optionLabel(field: Field, value: unknown): string {
  const options = "options" in field ? field.options : [];
  return options.find((option) => option.value === value)?.label ?? String(value);
}

/** One answer as a person reads it: 元 for money, option labels, 是/否, names, file links. */
function Answer({ field, value, memberNames }: { field: LeafField | CalculatedField; value: unknown; memberNames?: ReadonlyMap<string, string> }) {
  if (isBlank(value)) return <span className="muted">{field.type === "calculated" ? "—" : "未填写"}</span>;
  switch (field.type) {
    case "calculated":
      return <>{field.format === "money" ? `¥${fenToYuan(Number(value))}` : String(value)}</>;
    case "money":
      return <>¥{fenToYuan(Number(value))}</>;
    case "select":
    case "radio":
      return <>{optionLabel(field, value)}</>;
    case "multiselect":
      return <>{(value as unknown[]).map((v) => optionLabel(field, v)).join("、")}</>;
    case "checkbox":
      return <>{value ? "是" : "否"}</>;
    case "datetime":
      return <>{String(value).replace("T", " ")}</>;
    case "member":
      return <>{(Array.isArray(value) ? value : [value]).map((id) => memberNames?.get(String(id)) ?? String(id)).join("、")}</>;
    case "file":
    case "image":
      return (
        <ul className="files files--plain">
          {(value as FileRef[]).map((file) => (
            <li key={file.uploadId} className="files__item">
              {field.type === "image" && <img className="files__thumb" src={uploadUrl(file.uploadId)} alt={file.name} />}
              <a className="files__name" href={uploadUrl(file.uploadId)} target="_blank" rel="noreferrer">
                {file.name}
              </a>
              <span className="files__size">{formatSize(file.size)}</span>
            </li>
          ))}
        </ul>
      );
    default:
      return <>{String(value)}</>;
  }
}

/** Read-only answers, label by label, in the definition's order (sections as headings). */
export function AnswerList({ definition, data, memberNames }: AnswerListProps) {
  return (
    <div className="answers">
      {definition.fields.map((field) => {
        if (field.type === "section") {
          return (
            <h3 key={field.key} className="answers__section">
              {field.label}
            </h3>
          );
        }
        const value = data[field.key];
        if (field.type !== "group") {
          if (isBlank(value) && field.visibleIf) return null; // hidden by its condition when answered
          return (
            <dl key={field.key} className="answers__item">
              <dt>{field.label}</dt>
              <dd>
                <Answer field={field} value={value} memberNames={memberNames} />
              </dd>
            </dl>
          );
        }
        const rows = Array.isArray(value) ? (value as Array<Record<string, unknown>>) : [];
        if (rows.length === 0 && field.visibleIf) return null;
        return (
          <div key={field.key} className="answers__item">
            <p className="answers__label">{field.label}</p>
            {rows.length === 0 && <p className="muted">未填写</p>}
            {rows.map((row, index) => (
              <div key={index} className="answers__row">
                <p className="answers__row-title">第{index + 1}行</p>
                <dl>
                  {field.fields.map((sub) => (
                    <div key={sub.key} className="answers__pair">
                      <dt>{sub.label}</dt>
                      <dd>
                        <Answer field={sub} value={row[sub.key]} memberNames={memberNames} />
                      </dd>
                    </div>
                  ))}
                </dl>
              </div>
            ))}
          </div>
        );
      })}
    </div>
  );
}
