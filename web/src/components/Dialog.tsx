import { useEffect, useId, useRef, type FormEvent, type ReactNode } from "react";

interface DialogProps {
  title: string;
  subject?: string;
  children: ReactNode;
  confirm: string;
  busy: boolean;
  danger?: boolean;
  problem?: string;
  onSubmit: () => void;
  onClose: () => void;
  wide?: boolean;
}

/** A modal form (the platform's <dialog> look): its fields, a problem line, 取消 and the confirming button. */
export function Dialog({ title, subject, children, confirm, busy, danger, problem, onSubmit, onClose, wide }: DialogProps) {
  const titleId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const element = dialog.current;
    element?.showModal();
    return () => {
      element?.close();
      opener?.focus();
    };
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <dialog ref={dialog} className={wide ? "dialog dialog--wide" : "dialog"} aria-labelledby={titleId} onCancel={(event) => (busy ? event.preventDefault() : onClose())}>
      <form className="dialog__body form" onSubmit={submit} noValidate>
        <h2 id={titleId} className="dialog__title">
          {title}
        </h2>
        {subject && <p className="dialog__subject muted">{subject}</p>}
        {children}
        {problem && (
          <p className="alert" role="alert">
            {problem}
          </p>
        )}
        <div className="dialog__buttons">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            取消
          </button>
          <button type="submit" className={danger ? "button button--danger-solid" : "button button--primary"} disabled={busy}>
            {busy ? "正在提交…" : confirm}
          </button>
        </div>
      </form>
    </dialog>
  );
}
