import { useEffect, useMemo, useRef, useState } from "react";
import { useNavigate } from "react-router-dom";
import { api, ApiError, newIdempotencyKey, type FormDetail } from "../api";
import { ErrorMessage, Success } from "../components/Status";
import { BuilderActionsContext } from "./actions";
import { AddField } from "./AddField";
import { ErrorsContext, type DefinitionErrors } from "./errors";
import { FieldCard } from "./FieldCard";
import { FieldProblem, TextBox } from "./inputs";
import { toDefinition, type EditorForm } from "./model";
import { PreviewPane } from "./PreviewPane";
import { useBuilderState } from "./useBuilderState";
import { checkDefinition } from "./validate";

interface BuilderProps {
  orgId: string;
  initial: EditorForm;
  /** The form as loaded (editing) or nothing yet (new). */
  detail?: FormDetail;
  /** Shown once on arrival, e.g. after creating the form. */
  notice?: string;
}

/** The editor (fields, settings, conditions) beside a live preview; 保存草稿 / 发布. */
export function Builder({ orgId, initial, detail, notice }: BuilderProps) {
  const navigate = useNavigate();
  const { form, actions, setMeta, dirty, markSaved } = useBuilderState(initial);
  const [meta, setFormMeta] = useState(detail?.form);
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<{ json: string; errors: DefinitionErrors; title: string }>();
  const [problem, setProblem] = useState<string>();
  const [conflict, setConflict] = useState(false);
  const [done, setDone] = useState<string | undefined>(notice);
  const [saving, setSaving] = useState<"draft" | "publish">();
  const [tab, setTab] = useState<"edit" | "preview">("edit");
  const createKey = useRef(newIdempotencyKey());
  const definition = useMemo(() => toDefinition(form), [form]);
  const json = JSON.stringify(definition);

  // After a first attempt to save, mistakes are shown (and cleared) live as the form is edited;
  // the API's own 422 stays until the definition changes.
  const live = useMemo(() => (attempted ? checkDefinition(definition) : undefined), [attempted, definition]);
  const fromServer = serverErrors?.json === json ? serverErrors : undefined;
  const errors: DefinitionErrors = fromServer?.errors ?? (live && !live.ok ? live.errors : {});
  const count = Object.keys(errors).length;
  const summary = fromServer ? fromServer.title : live && !live.ok ? `还有${count}处需要修改：${live.message}` : undefined;

  // Unsaved changes: let the browser ask before the tab is closed or reloaded.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  async function save(publish: boolean) {
    setProblem(undefined);
    setDone(undefined);
    setAttempted(true);
    const checked = checkDefinition(definition);
    if (!checked.ok) {
      setTab("edit");
      return;
    }
    setSaving(publish ? "publish" : "draft");
    try {
      const saved = meta
        ? await api.saveForm(orgId, meta.formId, checked.definition, publish, meta.latestVersion)
        : await api.createForm(orgId, checked.definition, publish, createKey.current);
      const message = `${publish ? "已发布" : "草稿已保存"}（第${saved.form.latestVersion}版）`;
      setFormMeta(saved.form);
      markSaved();
      if (!meta) navigate(`/orgs/${orgId}/forms/${saved.form.formId}/edit`, { replace: true, state: { notice: message } });
      else setDone(message);
    } catch (error) {
      if (!(error instanceof ApiError)) setProblem("出现了意外错误，请重试");
      else if (error.code === "conflict.stale") setConflict(true);
      else if (error.code === "form.invalid_definition") {
        setServerErrors({ json, errors: error.errors, title: error.title });
        setTab("edit");
      } else if (error.status !== 401) setProblem(error.title);
    } finally {
      setSaving(undefined);
    }
  }

  const published = meta?.publishedVersion !== undefined;
  return (
    <BuilderActionsContext.Provider value={actions}>
      <ErrorsContext.Provider value={errors}>
        <div className="builder-tabs" role="tablist" aria-label="编辑或预览">
          <button type="button" role="tab" id="tab-edit" aria-selected={tab === "edit"} aria-controls="pane-edit" onClick={() => setTab("edit")}>
            编辑
          </button>
          <button type="button" role="tab" id="tab-preview" aria-selected={tab === "preview"} aria-controls="pane-preview" onClick={() => setTab("preview")}>
            预览
          </button>
        </div>
        <div className={`builder builder--${tab}`}>
          <section id="pane-edit" className="builder__edit" role="tabpanel" aria-labelledby="tab-edit">
            <div className="panel builder-meta">
              <TextBox label="表单标题" value={form.title} onChange={(title) => setMeta({ title })} error={errors.title?.[0]} maxLength={100} />
              <TextBox label="表单说明" value={form.description} onChange={(description) => setMeta({ description })} error={errors.description?.[0]} multiline />
              <TextBox
                label="个人信息收集告知"
                value={form.privacyNotice ?? ""}
                onChange={(privacyNotice) => setMeta({ privacyNotice })}
                error={errors.privacyNotice?.[0]}
                hint="不填则使用默认告知（写明收集单位、字段、用途、谁能查看和保存期限）"
                multiline
              />
              <TextBox
                label="个人信息保存期限（天）"
                value={form.retentionDays ?? ""}
                onChange={(retentionDays) => setMeta({ retentionDays })}
                error={errors.retentionDays?.[0]}
                hint="提交后保存的天数，到期自动删除；不填则不自动删除"
                inputMode="numeric"
              />
            </div>
            <h2 className="builder__heading">字段（{form.fields.length}）</h2>
            <FieldProblem message={errors.fields?.[0] ?? errors[""]?.[0]} />
            <ol className="field-cards">
              {form.fields.map((field, index) => (
                <FieldCard key={field.uid} field={field} path={{ index }} siblings={form.fields} />
              ))}
            </ol>
            <AddField />
          </section>
          <section id="pane-preview" className="builder__preview" role="tabpanel" aria-labelledby="tab-preview">
            <h2 className="builder__heading">预览</h2>
            <PreviewPane definition={definition} />
          </section>
        </div>
        <div className="builder-bar">
          {conflict ? (
            <div className="alert" role="alert">
              <p>保存失败：表单已被其他人修改过。为免覆盖对方的修改，请刷新页面载入最新版本后再改。</p>
              <button type="button" className="button" onClick={() => window.location.reload()}>
                刷新页面
              </button>
            </div>
          ) : (
            <ErrorMessage error={problem ?? summary} />
          )}
          {done && <Success>{done}</Success>}
          <p className="builder-bar__state muted" aria-live="polite">
            {meta ? `第${meta.latestVersion}版 · ${published ? `已发布第${meta.publishedVersion}版` : "未发布"}` : "尚未保存"}
            {dirty ? " · 有未保存的修改" : ""}
          </p>
          <div className="builder-bar__buttons">
            <button type="button" className="button" onClick={() => void save(false)} disabled={saving !== undefined || conflict}>
              {saving === "draft" ? "正在保存…" : "保存草稿"}
            </button>
            <button type="button" className="button button--primary" onClick={() => void save(true)} disabled={saving !== undefined || conflict}>
              {saving === "publish" ? "正在发布…" : "发布"}
            </button>
          </div>
        </div>
      </ErrorsContext.Provider>
    </BuilderActionsContext.Provider>
  );
}
