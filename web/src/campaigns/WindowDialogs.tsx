import { useId, useState } from "react";
import { ApiError } from "../api";
import { formatDateTime } from "../lib/format";
import { campaignsApi, type Campaign } from "./api";
import { Dialog } from "./Dialog";
import { closeNowBody, hasOpened, windowBody, windowProblems, windowValues, type WindowBody, type WindowField, type WindowValues } from "./windowModel";

/** Sends a window change; a refusal naming a field lands on it, anything else on the dialog. */
async function send(campaign: Campaign, body: WindowBody, onPlaced: (fields: Partial<Record<WindowField, string>>) => void): Promise<Campaign | string> {
  try {
    return await campaignsApi.setWindow(campaign.campaignId, body);
  } catch (error) {
    if (!(error instanceof ApiError)) return "保存失败，请重试";
    const fields: Partial<Record<WindowField, string>> = {};
    for (const field of ["submissionsOpenAt", "submissionsCloseAt"] as const) if (error.errors[field]?.[0]) fields[field] = error.errors[field][0];
    onPlaced(fields);
    return error.title;
  }
}

/** 调整征集时间: extend the window (延长征集期) or move the opening of a window not yet open. */
export function WindowDialog({ campaign, onDone, onClose }: { campaign: Campaign; onDone: (next: Campaign) => void; onClose: () => void }) {
  const [values, setValues] = useState<WindowValues>(() => windowValues(campaign));
  const [errors, setErrors] = useState<Partial<Record<WindowField, string>>>({});
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const openId = useId();
  const closeId = useId();
  const opened = hasOpened(campaign);

  async function submit() {
    const found = windowProblems(values, campaign);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setProblem(undefined);
    const result = await send(campaign, windowBody(values, campaign), setErrors);
    if (typeof result === "string") {
      setBusy(false);
      setProblem(result);
    } else onDone(result);
  }

  const field = (id: string, key: WindowField, label: string, value: string, onChange: (value: string) => void, disabled = false, hint?: string) => (
    <div className={errors[key] ? "field field--invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="datetime-local" step={1} value={value} disabled={disabled} onChange={(event) => onChange(event.target.value)} aria-invalid={errors[key] ? true : undefined} aria-describedby={hint ? `${id}-hint` : undefined} />
      {hint && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {errors[key] && (
        <p className="field__error" role="alert">
          {errors[key]}
        </p>
      )}
    </div>
  );

  return (
    <Dialog title="调整征集时间" subject={campaign.title} confirm="保存征集时间" busy={busy} problem={problem} onSubmit={submit} onClose={onClose}>
      {field(openId, "submissionsOpenAt", "开始征集", values.openAt, (openAt) => setValues((v) => ({ ...v, openAt })), opened, opened ? "征集已经开始，开始时间不能再改" : undefined)}
      {field(closeId, "submissionsCloseAt", "截止提交", values.closeAt, (closeAt) => setValues((v) => ({ ...v, closeAt })), false, "延长征集期请选更晚的时间；要立即停止征集，请用“提前截止”")}
    </Dialog>
  );
}

/** 提前截止: closes the window now, after a confirmation. */
export function CloseEarlyDialog({ campaign, onDone, onClose }: { campaign: Campaign; onDone: (next: Campaign) => void; onClose: () => void }) {
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit() {
    setBusy(true);
    setProblem(undefined);
    const result = await send(campaign, closeNowBody(), () => undefined);
    if (typeof result === "string") {
      setBusy(false);
      setProblem(result);
    } else onDone(result);
  }

  return (
    <Dialog title="提前截止征集" subject={campaign.title} confirm="确认提前截止" danger busy={busy} problem={problem} onSubmit={submit} onClose={onClose}>
      <p>原定截止时间为 {formatDateTime(campaign.submissionsCloseAt)}。提前截止后，各单位将不能再申报或保存草稿；被退回修改的案例仍可修改后重新提交，直至开始评审。</p>
      <p className="muted">截止后完成形式审查即可开始评审。开始评审后征集时间不能再调整。</p>
    </Dialog>
  );
}
