// Lists (issue 13): the dialogs to create a list, rename/recolour one, and delete one (asking where its
// tasks go: Inbox or the trash). Modal <dialog>s like the task dialog; their own chunk, fetched when
// first opened. Built on POST /api/lists, PATCH /api/lists/:id and DELETE /api/lists/:id?tasks=….
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { api, ApiError } from "./api.ts";
import { listsKey, type ListSummary } from "./lists-data.ts";
import { useToast } from "./toasts.tsx";

const COLORS = ["#2563eb", "#16a34a", "#dc2626", "#d97706", "#9333ea", "#0891b2", "#db2777", "#4b5563"];

function Modal({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="task-dialog list-dialog"
      aria-labelledby="list-dialog-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <header className="dialog-header">
        <h2 id="list-dialog-title">{title}</h2>
      </header>
      {children}
    </dialog>
  );
}

/** Creates a list (`list` null) or renames/recolours `list`; `onSaved` gets the saved list. */
export function ListDialog({ list, onClose, onSaved }: { list: ListSummary | null; onClose: () => void; onSaved: (list: ListSummary) => void }) {
  const client = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState(list?.name ?? "");
  const [color, setColor] = useState(list?.color ?? COLORS[0] ?? "#2563eb");
  const [problem, setProblem] = useState("");
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return setProblem("Give the list a name");
    if (name.trim().length > 100) return setProblem("Keep the name to 100 characters");
    setBusy(true);
    try {
      const body = { name: name.trim(), color };
      const saved = list
        ? await api<{ list: ListSummary }>(`/api/lists/${list.id}`, { method: "PATCH", body })
        : await api<{ list: ListSummary }>("/api/lists", { method: "POST", body });
      await client.invalidateQueries({ queryKey: listsKey });
      // A rename shows on every task card of the list.
      if (list) void client.invalidateQueries({ queryKey: ["tasks"] });
      toast({ text: list ? `Saved list “${saved.list.name}”` : `Created list “${saved.list.name}”` });
      onSaved(saved.list);
    } catch (error) {
      setBusy(false);
      setProblem(
        error instanceof ApiError
          ? error.code === "conflict"
            ? `You already have a list called “${name.trim()}”`
            : error.message.replace(/^name: /, "The name ")
          : "Could not reach the server. Try again.",
      );
    }
  }

  return (
    <Modal title={list ? "Edit list" : "New list"} onClose={onClose}>
      <form onSubmit={(e) => void save(e)} noValidate>
        <div className="dialog-body">
          <label htmlFor="list-name">Name</label>
          <input
            id="list-name"
            autoFocus
            value={name}
            maxLength={120}
            onChange={(e) => setName(e.target.value)}
            {...(problem ? { "aria-invalid": true, "aria-describedby": "list-name-error" } : {})}
          />
          {problem && (
            <p id="list-name-error" className="field-error">
              {problem}
            </p>
          )}
          <fieldset className="colors">
            <legend>Colour</legend>
            {COLORS.map((c) => (
              <label key={c} className="color-choice">
                <input type="radio" name="list-color" value={c} checked={color === c} onChange={() => setColor(c)} aria-label={`Colour ${c}`} />
                <span className="dot" style={{ background: c }} aria-hidden="true" />
              </label>
            ))}
          </fieldset>
        </div>
        <footer className="dialog-footer">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={busy}>
            {list ? "Save" : "Create list"}
          </button>
        </footer>
      </form>
    </Modal>
  );
}

/** Deletes `list` after asking where its `openCount` tasks go; `onDeleted` runs after. */
export function DeleteListDialog({ list, onClose, onDeleted }: { list: ListSummary; onClose: () => void; onDeleted: () => void }) {
  const client = useQueryClient();
  const toast = useToast();
  const [tasks, setTasks] = useState<"inbox" | "trash">("inbox");
  const [problem, setProblem] = useState("");
  const [busy, setBusy] = useState(false);
  const n = list.openCount;
  const noun = n === 1 ? "task" : "tasks";

  async function remove(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const result = await api<{ movedToInbox?: number; trashed?: number }>(`/api/lists/${list.id}?tasks=${tasks}`, { method: "DELETE" });
      await Promise.all([client.invalidateQueries({ queryKey: listsKey }), client.invalidateQueries({ queryKey: ["tasks"] })]);
      const moved = result.movedToInbox ?? result.trashed ?? 0;
      toast({
        text: `Deleted list “${list.name}”; ${moved} task${moved === 1 ? "" : "s"} ${tasks === "inbox" ? "moved to Inbox" : "moved to the trash"}`,
      });
      onDeleted();
    } catch (error) {
      setBusy(false);
      setProblem(error instanceof ApiError ? error.message : "Could not reach the server. Try again.");
    }
  }

  return (
    <Modal title={`Delete “${list.name}”?`} onClose={onClose}>
      <form onSubmit={(e) => void remove(e)}>
        <div className="dialog-body">
          <fieldset className="choices">
            <legend>What happens to its tasks?</legend>
            <label>
              <input type="radio" name="list-tasks" value="inbox" checked={tasks === "inbox"} onChange={() => setTasks("inbox")} />
              Move its {n} {noun} to Inbox
            </label>
            <label>
              <input type="radio" name="list-tasks" value="trash" checked={tasks === "trash"} onChange={() => setTasks("trash")} />
              Move them to the trash
            </label>
          </fieldset>
          {problem && (
            <p className="error" role="alert">
              {problem}
            </p>
          )}
        </div>
        <footer className="dialog-footer">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={busy}>
            Delete list
          </button>
        </footer>
      </form>
    </Modal>
  );
}
