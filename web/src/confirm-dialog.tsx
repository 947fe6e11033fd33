// The app's own yes/no question, in place of the browser's confirm(): a modal <dialog> (showModal
// makes the rest of the page inert; Tab wraps between its buttons; Escape answers "no"), role alertdialog
// with its title and question as its accessible name and description (WAI-ARIA APG, Alert Dialog
// pattern), labelled buttons, and focus back on what opened it when it closes.
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";

export interface ConfirmInput {
  /** The dialog's heading, e.g. "Complete “trip planning”?". */
  title: string;
  /** The question in a sentence or two. */
  message: string;
  /** The label of the button that answers yes, e.g. "Complete all". */
  confirm: string;
  /** The label of the button that answers no; "Cancel" by default. */
  cancel?: string;
}
interface Question extends ConfirmInput {
  answer: (yes: boolean) => void;
}

const ConfirmContext = createContext<(question: ConfirmInput) => Promise<boolean>>(() => Promise.resolve(false));

/** Asks a question in a modal dialog; resolves true when the user picks the confirm button, false on Cancel or Escape. */
export function useConfirm(): (question: ConfirmInput) => Promise<boolean> {
  return useContext(ConfirmContext);
}

export function ConfirmProvider({ children }: { children: ReactNode }) {
  const [question, setQuestion] = useState<Question | null>(null);
  const ask = useCallback(
    (input: ConfirmInput) =>
      new Promise<boolean>((resolve) => {
        setQuestion({
          ...input,
          answer: (yes) => {
            setQuestion(null);
            resolve(yes);
          },
        });
      }),
    [],
  );
  return (
    <ConfirmContext.Provider value={ask}>
      {children}
      {question && <ConfirmDialog {...question} />}
    </ConfirmContext.Provider>
  );
}

function ConfirmDialog({ title, message, confirm, cancel = "Cancel", answer }: Question) {
  const dialog = useRef<HTMLDialogElement>(null);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    // showModal focuses the first button (Cancel); the answer the user came for starts focused.
    yes.current?.focus();
    // Runs once the dialog has left the page, when the opener can take focus again.
    return () => opener?.focus();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-message"
      onCancel={(e) => {
        e.preventDefault();
        answer(false);
      }}
      onKeyDown={(e) => {
        // The focus trap: Tab past the last button wraps to the first (and Shift+Tab back), never out to the browser.
        if (e.key !== "Tab") return;
        const buttons = [...e.currentTarget.querySelectorAll("button")];
        const edge = e.shiftKey ? buttons[0] : buttons[buttons.length - 1];
        if (edge && document.activeElement === edge) {
          e.preventDefault();
          (e.shiftKey ? buttons[buttons.length - 1] : buttons[0])?.focus();
        }
      }}
    >
      <header className="dialog-header">
        <h2 id="confirm-title">{title}</h2>
      </header>
      <div className="dialog-body">
        <p id="confirm-message">{message}</p>
      </div>
      <footer className="dialog-footer">
        <button type="button" className="secondary" onClick={() => answer(false)}>
          {cancel}
        </button>
        <button type="button" ref={yes} onClick={() => answer(true)}>
          {confirm}
        </button>
      </footer>
    </dialog>
  );
}
