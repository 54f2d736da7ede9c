import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from "react";
import { api, ApiError, type Me } from "../api";
import { ACTION_SPECS, type DialogAction } from "./actionSpecs";
import { CommentField, PeopleField, PersonField, ReturnTargetField, type ReturnTarget } from "./ActionFields";
import type { ActionInput, InstanceView } from "./types";
import { usePeopleChoices } from "./usePeopleChoices";

interface ActionDialogProps {
  action: DialogAction;
  view: InstanceView;
  me: Me;
  onClose: () => void;
  /** The action went through: the approval as it now is. */
  onDone: (view: InstanceView, message: string) => void;
  /** Someone else acted first (409) or the viewer may no longer act (403): reload. */
  onStale: (message: string) => void;
}

type Errors = Partial<Record<"comment" | "to" | "person" | "people" | "form", string>>;

/** Where a return may go: the submitter, or an earlier step that has approvers. */
function returnTargets(view: InstanceView): ReturnTarget[] {
  const { instance } = view;
  const earlier = instance.steps
    .map((step, index) => ({ step, index }))
    .filter(({ step, index }) => index < instance.state.step.index && step.assignees.some((id) => id !== instance.submitterId));
  return [
    { value: "submitter", label: `提交人（${instance.submitterName}）修改后重新提交` },
    ...earlier.map(({ step, index }) => ({ value: String(index), label: `第${index + 1}步：${step.name}` })),
  ];
}

/** One action in a modal dialog: its fields, client checks, then POST; server field errors land on the fields. */
export function ActionDialog({ action, view, me, onClose, onDone, onStale }: ActionDialogProps) {
  const spec = ACTION_SPECS[action];
  const titleId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [comment, setComment] = useState("");
  const [to, setTo] = useState("submitter");
  const [person, setPerson] = useState("");
  const [people, setPeople] = useState<string[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const { instance } = view;
  const exclude = useMemo(() => {
    const ids = [me.account.accountId, instance.submitterId];
    if (action === "cc") ids.push(...instance.state.cc);
    else ids.push(...instance.state.step.assignees, ...instance.state.step.added);
    return new Set(ids);
  }, [action, instance, me.account.accountId]);
  const needsPeople = spec.needs === "person" || spec.needs === "people";
  const choices = usePeopleChoices(view, me, exclude, needsPeople);

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const element = dialog.current;
    element?.showModal();
    return () => {
      element?.close();
      opener?.focus();
    };
  }, []);

  /** A change to a field clears its message. */
  const edit =
    <T,>(field: keyof Errors, set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setErrors((current) => (current[field] ? { ...current, [field]: undefined } : current));
    };

  // The first field with a problem takes the focus (its message is announced as an alert).
  const [refused, setRefused] = useState(0);
  useEffect(() => {
    if (refused > 0) dialog.current?.querySelector<HTMLElement>(".field--invalid select, .field--invalid textarea, .field--invalid input")?.focus();
  }, [refused]);

  function check(): Errors {
    const found: Errors = {};
    if (spec.comment.required && !comment.trim()) found.comment = spec.comment.required;
    if (spec.needs === "person" && !person) found.person = action === "transfer" ? "请选择转交对象" : "请选择加签人";
    if (spec.needs === "people" && people.length === 0) found.people = "请选择抄送对象";
    return found;
  }

  /**
   * Someone acted first (409 workflow.conflict), the approval moved on since this page loaded
   * (an action that no longer fits), or the viewer is no longer an approver (403): show the
   * approval as it is now. An action refused on the current state stays in the dialog.
   */
  async function movedOn(error: ApiError): Promise<boolean> {
    let message: string | undefined;
    if (error.code === "workflow.conflict") message = "该事项刚被他人处理，已刷新为最新状态";
    else if (error.code === "workflow.not_assignee") message = `${error.title}，已刷新为最新状态`;
    else if (error.code === "workflow.invalid_action") {
      const latest = await api.instance(instance.instanceId).catch(() => undefined);
      if (latest && latest.instance.state.version !== instance.state.version) message = "该事项刚被他人处理，已刷新为最新状态";
    }
    if (message) onStale(message);
    return message !== undefined;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = check();
    setErrors(found);
    if (Object.keys(found).length > 0) return setRefused((n) => n + 1);
    const input: ActionInput = { type: action, comment: comment.trim() || undefined };
    if (spec.needs === "returnTarget") input.to = to === "submitter" ? "submitter" : Number(to);
    if (action === "transfer") input.to = person;
    if (action === "add_signer") input.signer = person;
    if (action === "cc") input.people = people;
    setBusy(true);
    try {
      onDone(await api.act(instance.instanceId, input), spec.done);
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && (await movedOn(error))) return;
      if (!(error instanceof ApiError)) return setErrors({ form: "出现了意外错误，请重试" });
      const field = (key: string) => error.errors[key]?.[0];
      const next: Errors = { comment: field("comment"), to: field("to"), person: field("to") ?? field("signer"), people: field("people") };
      const placed = Object.values(next).some(Boolean);
      setErrors({ ...next, form: placed ? undefined : error.title });
      if (placed) setRefused((n) => n + 1);
    }
  }

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby={titleId} onCancel={(event) => (busy ? event.preventDefault() : onClose())}>
      <form className="dialog__body form" onSubmit={submit} noValidate>
        <h2 id={titleId} className="dialog__title">
          {spec.title}
        </h2>
        <p className="dialog__subject muted">{instance.subject.title}</p>
        {spec.intro && <p className={spec.danger ? "notice notice--warn" : "dialog__intro"}>{spec.intro}</p>}
        {spec.needs === "returnTarget" && <ReturnTargetField targets={returnTargets(view)} value={to} onChange={edit("to", setTo)} error={errors.to} />}
        {spec.needs === "person" && (
          <PersonField label={action === "transfer" ? "转交给" : "加签人"} choices={choices} value={person} onChange={edit("person", setPerson)} error={errors.person} />
        )}
        {spec.needs === "people" && <PeopleField choices={choices} value={people} onChange={edit("people", setPeople)} error={errors.people} />}
        {needsPeople && choices.partial && !choices.loading && <p className="field__hint">部分组织的成员名单你无权查看，未列出。</p>}
        <CommentField label={spec.comment.label} required={Boolean(spec.comment.required)} value={comment} onChange={edit("comment", setComment)} error={errors.comment} />
        {errors.form && (
          <p className="alert" role="alert">
            {errors.form}
          </p>
        )}
        <div className="dialog__buttons">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            取消
          </button>
          <button type="submit" className={spec.danger ? "button button--danger-solid" : "button button--primary"} disabled={busy}>
            {busy ? "正在提交…" : spec.confirm}
          </button>
        </div>
      </form>
    </dialog>
  );
}
