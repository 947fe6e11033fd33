// Keyboard shortcuts for power users: n new task, / search, ? this help. Ignored while typing in a
// text field or list, or with a modifier key held.
import { useEffect, useLayoutEffect, useRef } from "react";

export function useShortcuts(options: { newTask: () => void; search: () => void; help: () => void; enabled: boolean }): void {
  const latest = useRef(options);
  useLayoutEffect(() => {
    latest.current = options;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (!latest.current.enabled || event.ctrlKey || event.metaKey || event.altKey) return;
      const typing =
        target instanceof HTMLTextAreaElement ||
        target instanceof HTMLSelectElement ||
        (target instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit"].includes(target.type)) ||
        target?.isContentEditable === true;
      if (typing) return;
      const action = { n: latest.current.newTask, "/": latest.current.search, "?": latest.current.help }[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
}

export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="help-dialog"
      aria-labelledby="help-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id="help-title">Keyboard shortcuts</h2>
      <dl className="shortcuts">
        <dt>
          <kbd>n</kbd>
        </dt>
        <dd>New task</dd>
        <dt>
          <kbd>/</kbd>
        </dt>
        <dd>Search all tasks</dd>
        <dt>
          <kbd>?</kbd>
        </dt>
        <dd>Show these shortcuts</dd>
        <dt>
          <kbd>Esc</kbd>
        </dt>
        <dd>Close a dialog</dd>
      </dl>
      <div className="row">
        <button type="button" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
