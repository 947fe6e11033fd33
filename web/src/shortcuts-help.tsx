// The ? overlay listing the keyboard shortcuts (loaded on first use, its own chunk).
import { useEffect, useRef } from "react";

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
