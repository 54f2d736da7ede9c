import { useCallback, useRef, useState, type ReactNode } from "react";
import { Dialog } from "./Dialog";

export interface ConfirmQuestion {
  title: string;
  /** What happens, in a sentence. */
  message: string;
  /** The confirming button's words (e.g. 确认冻结). */
  confirm: string;
  danger?: boolean;
}

/**
 * The app's own confirmation (instead of the browser's `window.confirm`): `ask(question)` opens the
 * platform dialog and resolves true on the confirming button, false on 取消 or Esc. Render
 * `dialog` somewhere in the component.
 */
export function useConfirm(): { ask: (question: ConfirmQuestion) => Promise<boolean>; dialog: ReactNode } {
  const [question, setQuestion] = useState<ConfirmQuestion>();
  const settle = useRef<(answer: boolean) => void>(undefined);
  const ask = useCallback(
    (next: ConfirmQuestion) =>
      new Promise<boolean>((resolve) => {
        settle.current?.(false);
        settle.current = resolve;
        setQuestion(next);
      }),
    [],
  );
  const answer = (yes: boolean) => {
    settle.current?.(yes);
    settle.current = undefined;
    setQuestion(undefined);
  };
  const dialog = question ? (
    <Dialog title={question.title} confirm={question.confirm} danger={question.danger} busy={false} onSubmit={() => answer(true)} onClose={() => answer(false)}>
      <p>{question.message}</p>
    </Dialog>
  ) : null;
  return { ask, dialog };
}
