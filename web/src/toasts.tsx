// Short messages at the bottom of the screen, optionally with an Undo button. Announced politely to
// screen readers; each goes away after 8 seconds, or at once when undone or dismissed.
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";

export interface ToastInput {
  text: string;
  /** Shown as an "Undo" button; the toast closes when it is pressed. */
  undo?: () => Promise<void> | void;
}
interface Toast extends ToastInput {
  id: number;
}

const TOAST_MS = 8000;
const ToastContext = createContext<(toast: ToastInput) => number>(() => 0);
const UpdateContext = createContext<(id: number, text: string) => void>(() => undefined);

/** Shows a toast; returns its id (for {@link useUpdateToast}). */
export function useToast(): (toast: ToastInput) => number {
  return useContext(ToastContext);
}
/** Changes a shown toast's text (e.g. once the next occurrence of a repeating task is known). */
export function useUpdateToast(): (id: number, text: string) => void {
  return useContext(UpdateContext);
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback(
    (toast: ToastInput) => {
      const id = next.current++;
      setToasts((all) => [...all.slice(-2), { ...toast, id }]);
      setTimeout(() => dismiss(id), TOAST_MS);
      return id;
    },
    [dismiss],
  );
  const update = useCallback((id: number, text: string) => setToasts((all) => all.map((t) => (t.id === id ? { ...t, text } : t))), []);
  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      <UpdateContext.Provider value={update}>
        {children}
        <div className="toasts" role="status" aria-live="polite">
          {toasts.map((toast) => (
            <div key={toast.id} className="toast">
              <span>{toast.text}</span>
              {toast.undo && (
                <button
                  type="button"
                  className="toast-undo"
                  onClick={() => {
                    dismiss(toast.id);
                    void toast.undo?.();
                  }}
                >
                  Undo
                </button>
              )}
              <button type="button" className="icon-button toast-close" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
                <span aria-hidden="true">×</span>
              </button>
            </div>
          ))}
        </div>
      </UpdateContext.Provider>
    </ToastContext.Provider>
  );
}
