// One task in a list: a checkbox to complete (or reopen) it, its title, when it is due in words
// ("Today 5:00 PM", overdue in red), how it repeats, its reminder, priority and tags, and icon buttons
// to edit or delete it (labelled for screen readers).
import { dueLabel, remindersInWords, repeatInWords } from "@todo/services/format";
import type { ReactNode } from "react";
import type { TaskView } from "./api.ts";
import { Icon } from "./icons.tsx";
import { SubtaskForm } from "./subtask-form.tsx";

interface Props {
  task: TaskView;
  zone: string;
  now: Date;
  /** Hide the day in the due label (the Upcoming view's day heading says it). */
  timeOnly?: boolean;
  onToggle: (task: TaskView) => void;
  onEdit: (task: TaskView) => void;
  onDelete: (task: TaskView) => void;
  // Subtasks: shown under the card (rendered by the list), and added inline.
  children?: ReactNode;
  onAddSubtask?: (task: TaskView, title: string) => void;
  /** Lists: name the task's list (small, with its colour). */
  showList?: boolean;
}

export function TaskCard({ task, zone, now, timeOnly, onToggle, onEdit, onDelete, children, onAddSubtask, showList }: Props) {
  const done = task.status === "done";
  let due = dueLabel(task, zone, now);
  if (timeOnly && due) due = task.dueAt ? due.replace(/^.*?(\d{1,2}:\d{2} [AP]M)$/, "$1") : "All day";
  const repeat = repeatInWords(task.recurrence);
  const reminder = done ? null : remindersInWords(task.reminders ?? [], zone, now);
  return (
    <li className={`task${done ? " done" : ""}${task.overdue ? " overdue" : ""}`} data-task-id={task.id}>
      <input
        type="checkbox"
        className="task-check"
        checked={done}
        aria-label={`${done ? "Reopen" : "Complete"} ${task.title}`}
        onChange={() => onToggle(task)}
      />
      <div className="task-body">
        <span className="task-title">{task.title}</span>
        {task.description && <span className="task-notes">{task.description}</span>}
        <span className="meta">
          {task.overdue && <span className="overdue-label">Overdue</span>}
          {showList && task.list && (
            <span className="task-list-name">
              <span className="dot" style={{ background: task.list.color ?? "var(--muted)" }} aria-hidden="true" />
              <span className="visually-hidden">List </span>
              {task.list.name}
            </span>
          )}
          {due && <span className="due">{due}</span>}
          {repeat && (
            <span className="recurring">
              <Icon name="repeat" size={14} />
              <span className="visually-hidden">Repeats </span>
              {repeat}
            </span>
          )}
          {reminder && (
            <span className="reminder">
              <Icon name="bell" size={14} />
              <span className="visually-hidden">Reminder </span>
              {reminder}
            </span>
          )}
          {task.priority !== "medium" && <span className={`badge ${task.priority}`}>{task.priority}</span>}
          {task.tags.map((tag) => (
            <span key={tag} className="chip">
              #{tag}
            </span>
          ))}
          {task.subtaskCount.total > 0 && (
            <span className="subtask-count" aria-label={`${task.subtaskCount.done} of ${task.subtaskCount.total} subtasks done`}>
              {task.subtaskCount.done}/{task.subtaskCount.total}
            </span>
          )}
        </span>
        {children}
        {onAddSubtask && !task.parentId && !done && <SubtaskForm parent={task} onAdd={onAddSubtask} />}
      </div>
      <div className="task-buttons">
        <button type="button" className="icon-button" aria-label={`Edit ${task.title}`} title="Edit" onClick={() => onEdit(task)}>
          <Icon name="edit" />
        </button>
        <button type="button" className="icon-button danger" aria-label={`Delete ${task.title}`} title="Delete" onClick={() => onDelete(task)}>
          <Icon name="trash" />
        </button>
      </div>
    </li>
  );
}
