import { useMemo, useRef, useState } from "react";
import type { FormDefinition } from "@tongxin/core/forms";
import { useMe } from "../components/AppShell";
import { Success } from "../components/Status";
import { FormRenderer, useDefinitionForm } from "../forms/FormRenderer";
import { checkDefinition } from "./validate";

/** The real renderer on a definition being edited: try the fields, see conditions work, check answers. */
function PreviewForm({ definition }: { definition: FormDefinition }) {
  const me = useMe();
  const form = useDefinitionForm(definition, "submit");
  const [checked, setChecked] = useState(false);
  const context = useMemo(() => ({ members: [{ accountId: me.account.accountId, name: `${me.account.name}（本人）` }] }), [me]);
  const onSubmit = form.handleSubmit(
    () => setChecked(true),
    () => setChecked(false),
  );
  return (
    <form className="form fill-form preview-form" onSubmit={onSubmit} noValidate aria-label="表单预览">
      <h2 className="preview-form__title">{definition.title}</h2>
      <FormRenderer definition={definition} form={form} context={context} />
      {checked && <Success>预览：填写内容符合要求。</Success>}
      <div className="actions">
        <button type="submit" className="button button--primary">
          试提交（不会保存）
        </button>
        <button type="button" className="button" onClick={() => { form.reset(); setChecked(false); }}>
          清空
        </button>
      </div>
    </form>
  );
}

/**
 * 预览: the definition as people will fill it. While the definition has a mistake the last
 * good version stays on screen under a notice.
 */
export function PreviewPane({ definition }: { definition: unknown }) {
  const checked = useMemo(() => checkDefinition(definition), [definition]);
  const lastGood = useRef<FormDefinition | undefined>(undefined);
  if (checked.ok) lastGood.current = checked.definition;
  const shown = checked.ok ? checked.definition : lastGood.current;
  // A field added, removed, retyped or re-keyed starts the preview afresh; other edits keep the answers.
  const shape = shown ? JSON.stringify(shown.fields.map((f) => [f.key, f.type, f.type === "group" ? f.fields.map((s) => [s.key, s.type]) : 0])) : "";
  return (
    <div className="preview">
      {!checked.ok && (
        <p className="notice notice--warn" role="status">
          表单定义有待修正的地方，预览显示的是上一次正确的样子：{checked.message}
        </p>
      )}
      {shown ? <PreviewForm key={shape} definition={shown} /> : <p className="muted">添加字段后在这里预览。</p>}
    </div>
  );
}
