// Subtasks: "+ Subtask" under a task card opens a one-line field; Enter adds the subtask, Escape closes it.
import { useState } from "react";
import type { TaskView } from "./api.ts";

export function SubtaskForm({ parent, onAdd }: { parent: TaskView; onAdd: (parent: TaskView, title: string) => void }) {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState("");
  if (!open) {
    return (
      <button type="button" className="link-button add-subtask" aria-label={`Add a subtask to ${parent.title}`} onClick={() => setOpen(true)}>
        + Subtask
      </button>
    );
  }
  return (
    <form
      className="subtask-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (title.trim()) onAdd(parent, title.trim());
        setTitle("");
      }}
    >
      <input
        autoFocus
        aria-label={`New subtask of ${parent.title}`}
        placeholder="Subtask"
        maxLength={500}
        value={title}
        onChange={(event) => setTitle(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") setOpen(false);
        }}
      />
      <button type="submit">Add</button>
    </form>
  );
}
