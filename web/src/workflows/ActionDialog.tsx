import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { Controller, useForm, type Resolver } from "react-hook-form";
import { ActionInputSchema, type ParsedActionInput } from "@tongxin/core/workflows/action-input";
import { api, ApiError, type Me } from "../api";
import { ACTION_SPECS, type DialogAction } from "./actionSpecs";
import { CommentField, PeopleField, PersonField, ReturnTargetField, type ReturnTarget } from "./ActionFields";
import type { InstanceView } from "./types";
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

/**
 * The dialog's fields, flat: each action uses some of them and the action schema (the API's own,
 * `ActionInputSchema`) drops the rest. `to` is the return target or, for 转交, the person.
 */
interface ActionValues {
  type: DialogAction;
  comment: string;
  to: string;
  signer: string;
  people: string[];
}
const resolver = zodResolver(ActionInputSchema) as unknown as Resolver<ActionValues, unknown, ParsedActionInput>;

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
  const form = useForm<ActionValues, unknown, ParsedActionInput>({
    resolver,
    defaultValues: { type: action, comment: "", to: ACTION_SPECS[action].needs === "returnTarget" ? "submitter" : "", signer: "", people: [] },
    shouldFocusError: false,
  });
  const { errors } = form.formState;
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

  // The first field with a problem takes the focus (its message is announced as an alert).
  const [refused, setRefused] = useState(0);
  useEffect(() => {
    if (refused === 0) return;
    // A frame later: each field renders its message from the form's state, after this component.
    const frame = requestAnimationFrame(() =>
      dialog.current?.querySelector<HTMLElement>(".field--invalid select, .field--invalid textarea, .field--invalid input")?.focus(),
    );
    return () => cancelAnimationFrame(frame);
  }, [refused]);

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

  const submit = form.handleSubmit(
    async (input) => {
      setBusy(true);
      try {
        onDone(await api.act(instance.instanceId, input), spec.done);
      } catch (error) {
        setBusy(false);
        if (error instanceof ApiError && (await movedOn(error))) return;
        if (!(error instanceof ApiError)) return form.setError("root", { message: "出现了意外错误，请重试" });
        const field = (key: string) => error.errors[key]?.[0];
        const placed = (["comment", "to", "signer", "people"] as const).filter((name) => {
          const message = field(name);
          if (message) form.setError(name, { message });
          return Boolean(message);
        });
        if (placed.length === 0) form.setError("root", { message: error.title });
        else setRefused((n) => n + 1);
      }
    },
    () => setRefused((n) => n + 1),
  );

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby={titleId} onCancel={(event) => (busy ? event.preventDefault() : onClose())}>
      <form className="dialog__body form" onSubmit={submit} noValidate>
        <h2 id={titleId} className="dialog__title">
          {spec.title}
        </h2>
        <p className="dialog__subject muted">{instance.subject.title}</p>
        {spec.intro && <p className={spec.danger ? "notice notice--warn" : "dialog__intro"}>{spec.intro}</p>}
        {spec.needs === "returnTarget" && (
          <Controller
            control={form.control}
            name="to"
            render={({ field, fieldState }) => <ReturnTargetField targets={returnTargets(view)} value={field.value} onChange={field.onChange} error={fieldState.error?.message} />}
          />
        )}
        {spec.needs === "person" && (
          <Controller
            control={form.control}
            name={action === "transfer" ? "to" : "signer"}
            render={({ field, fieldState }) => (
              <PersonField label={action === "transfer" ? "转交给" : "加签人"} choices={choices} value={field.value as string} onChange={field.onChange} error={fieldState.error?.message} />
            )}
          />
        )}
        {spec.needs === "people" && (
          <Controller
            control={form.control}
            name="people"
            render={({ field, fieldState }) => <PeopleField choices={choices} value={field.value} onChange={field.onChange} error={fieldState.error?.message} />}
          />
        )}
        {needsPeople && choices.partial && !choices.loading && <p className="field__hint">部分组织的成员名单您无权查看，未列出。</p>}
        <Controller
          control={form.control}
          name="comment"
          render={({ field, fieldState }) => (
            <CommentField label={spec.comment.label} required={Boolean(spec.comment.required)} value={field.value} onChange={field.onChange} error={fieldState.error?.message} />
          )}
        />
        {errors.root && (
          <p className="alert" role="alert">
            {errors.root.message}
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
