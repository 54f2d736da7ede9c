import { useMemo, useRef, useState } from "react";
import { useParams } from "react-router-dom";
import { api, ApiError, newIdempotencyKey, type Form, type FormVersion, type PrivacyNotice, type Submission } from "../../api";
import { ConsentBox, type ConsentState } from "../ConsentBox";
import { useMe } from "../../components/AppShell";
import { ErrorMessage, Loading } from "../../components/Status";
import { applyAnswerErrors, toFormValues } from "../answers";
import { FormRenderer, useDefinitionForm } from "../FormRenderer";
import { formatTime } from "../../lib/format";
import { useResource } from "../../lib/useResource";
import { useTitle } from "../../lib/useTitle";
import { RoutePreview } from "../../workflows/RoutePreview";
import { Receipt } from "./Receipt";
import { submitterUnits, UnitPicker } from "./UnitPicker";
import { useAutosave, type SaveStatus } from "./useAutosave";
import { useMemberOptions } from "./useMemberOptions";

interface Loaded {
  form: Form;
  version: FormVersion;
  notice?: PrivacyNotice;
  /** My latest draft of this form, if any. */
  draft?: Submission;
}

/** 填写表单 (/forms/:formId/fill): the published version, my draft resumed, autosaved, submitted. */
export default function FillPage() {
  const { formId = "" } = useParams();
  const [round, setRound] = useState(0);
  const [receipt, setReceipt] = useState<Submission>();
  const loaded = useResource<Loaded>(
    async (signal) => {
      const [fill, mine] = await Promise.all([api.formToFill(formId, undefined, signal), api.mySubmissions(formId, signal)]);
      return { ...fill, draft: mine.items.find((submission) => submission.status === "draft") };
    },
    [formId, round],
  );
  useTitle(loaded.data?.form.title ?? "填写表单");

  if (loaded.loading) return <Loading />;
  if (!loaded.data) return <ErrorMessage error={loaded.error} />;
  const { form, version, draft, notice } = loaded.data;
  return (
    <FillForm
      key={`${version.version}-${round}`}
      form={form}
      version={version}
      notice={notice}
      draft={draft}
      receipt={receipt}
      onSubmitted={setReceipt}
      onAnother={() => {
        setReceipt(undefined);
        setRound((n) => n + 1);
      }}
    />
  );
}

interface FillFormProps {
  form: Form;
  version: FormVersion;
  notice?: PrivacyNotice;
  draft?: Submission;
  receipt?: Submission;
  onSubmitted: (submission: Submission) => void;
  onAnother: () => void;
}

/** Whether the answers include a sensitive one (which needs the separate consent). */
function answersSensitive(notice: PrivacyNotice, data: Record<string, unknown>): boolean {
  return notice.fields.some((field) => {
    if (field.level !== "sensitive") return false;
    const [group, inner] = field.key.split(".");
    const value = data[group!];
    if (inner) return Array.isArray(value) && value.some((row) => row && (row as Record<string, unknown>)[inner] !== undefined && (row as Record<string, unknown>)[inner] !== "");
    return value !== undefined && value !== null && value !== "";
  });
}

function FillForm({ form, version, notice, draft, receipt, onSubmitted, onAnother }: FillFormProps) {
  const me = useMe();
  const { definition } = version;
  // A draft of an older version is carried over into the current one as a new draft.
  const sameVersion = draft?.version === version.version ? draft : undefined;
  const initial = useMemo(() => (draft ? toFormValues(definition, draft.data) : undefined), [definition, draft]);
  const methods = useDefinitionForm(definition, "submit", initial);
  const units = useMemo(() => submitterUnits(me, form.orgId), [me, form.orgId]);
  const chooseUnit = units.length > 1; // else the server takes the only one
  const [unitId, setUnitId] = useState(draft?.unitId ?? "");
  const [unitError, setUnitError] = useState<string>();
  const autosave = useAutosave({ formId: form.formId, version: version.version, definition, form: methods, draft: sameVersion, unitId: chooseUnit ? unitId || null : undefined });
  const unitMissing = () => chooseUnit && !unitId && !autosave.hasDraft();
  const members = useMemberOptions(definition, form.orgId, me);
  const context = useMemo(() => ({ formId: form.formId, members }), [form.formId, members]);
  const memberNames = useMemo(() => new Map(members.map((m) => [m.accountId, m.name])), [members]);
  const submitKey = useRef<string | undefined>(undefined);
  const [problem, setProblem] = useState<string>();
  const [outdated, setOutdated] = useState(false);
  const [consent, setConsent] = useState<ConsentState>({ notice: false, sensitive: false });
  const [consentErrors, setConsentErrors] = useState<{ notice?: string; sensitive?: string }>({});
  const consentMissing = (data: Record<string, unknown>) => {
    if (!notice) return false;
    const errors = {
      notice: consent.notice ? undefined : "请阅读并同意个人信息收集告知",
      sensitive: consent.sensitive || !answersSensitive(notice, data) ? undefined : "填写身份证号、手机号等敏感个人信息须单独同意",
    };
    setConsentErrors(errors);
    if (!errors.notice && !errors.sensitive) return false;
    document.getElementById(errors.notice ? "consent-notice" : "consent-sensitive")?.focus();
    return true;
  };

  const onSubmit = methods.handleSubmit(
    async (data) => {
      setProblem(undefined);
      if (unitMissing()) {
        setUnitError("请选择提交单位");
        setProblem("请先选择提交单位");
        document.querySelector<HTMLSelectElement>(".unit-picker select")?.focus();
        return;
      }
      if (consentMissing(data)) {
        setProblem("请先阅读并同意个人信息收集告知");
        return;
      }
      const given = notice ? { noticeVersion: notice.version, notice: consent.notice, sensitive: consent.sensitive } : undefined;
      const saved = await autosave.pause();
      submitKey.current ??= newIdempotencyKey(); // kept for a retry of the same attempt
      try {
        const submission = saved
          ? await api.updateSubmission(saved.submissionId, { data, draft: false, revision: saved.revision, consent: given })
          : await api.createSubmission(form.formId, { data, draft: false, version: version.version, unitId: chooseUnit ? unitId : undefined, consent: given }, submitKey.current);
        submitKey.current = undefined;
        onSubmitted(submission);
        window.scrollTo(0, 0);
      } catch (error) {
        autosave.resume();
        if (error instanceof ApiError && error.code === "form.version_outdated") setOutdated(true);
        else if (error instanceof ApiError && error.code === "conflict.stale") setProblem("这份草稿已在别处修改或提交，请刷新页面后再试");
        else setProblem(applyAnswerErrors(error, methods.setError, definition));
      }
    },
    () => {
      if (unitMissing()) setUnitError("请选择提交单位");
      setProblem("还有未填或填写有误的项目，请按提示修改");
    },
  );

  if (receipt) return <Receipt submission={receipt} definition={definition} memberNames={memberNames} onAnother={onAnother} />;

  const { isSubmitting } = methods.formState;
  const unitPicker = chooseUnit && (
    <UnitPicker
      units={units}
      value={unitId}
      locked={autosave.hasDraft()}
      error={unitError}
      onChange={(orgId) => {
        setUnitId(orgId);
        setUnitError(undefined);
        autosave.schedule();
      }}
    />
  );
  return (
    <>
      <header className="page-head">
        <h1>{definition.title}</h1>
      </header>
      {draft && (
        <p className="notice" role="status">
          已恢复上次保存的草稿{sameVersion ? "" : "（表单已更新，请核对各项内容）"}
        </p>
      )}
      <form className="form fill-form" onSubmit={onSubmit} noValidate>
        <FormRenderer definition={definition} form={methods} context={context} header={unitPicker} />
        {notice && (
          <ConsentBox
            notice={notice}
            value={consent}
            errors={consentErrors}
            onChange={(next) => {
              setConsent(next);
              setConsentErrors({});
            }}
          />
        )}
        {outdated || autosave.status.kind === "outdated" ? (
          <div className="alert" role="alert">
            <p>表单已更新，请刷新后按新版本填写。已保存的草稿会自动恢复。</p>
            <button type="button" className="button" onClick={() => window.location.reload()}>
              刷新页面
            </button>
          </div>
        ) : (
          <ErrorMessage error={problem} />
        )}
        {form.workflowId && (!chooseUnit || unitId) && <RoutePreview formId={form.formId} form={methods} unitId={chooseUnit ? unitId : undefined} />}
        <div className="fill-form__bar">
          <SaveState status={autosave.status} waitingForUnit={chooseUnit && !unitId} />
          <button type="submit" className="button button--primary" disabled={isSubmitting}>
            {isSubmitting ? "正在提交…" : "提交"}
          </button>
        </div>
      </form>
    </>
  );
}

/** 草稿已保存 14:05 / 正在保存草稿… / why it could not be saved. */
function SaveState({ status, waitingForUnit }: { status: SaveStatus; waitingForUnit: boolean }) {
  const text =
    status.kind === "saved"
      ? `草稿已保存 ${formatTime(status.at)}`
      : status.kind === "saving"
        ? "正在保存草稿…"
        : status.kind === "failed"
          ? `草稿未能保存：${status.message}`
          : status.kind === "outdated"
            ? "表单已更新，草稿未能保存"
            : waitingForUnit
              ? "选择提交单位后会自动保存草稿"
              : "填写内容会自动保存为草稿";
  return (
    <p className={status.kind === "failed" ? "save-state save-state--failed" : "save-state"} role="status" aria-live="polite">
      {text}
    </p>
  );
}
