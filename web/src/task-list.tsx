// A list of task cards. When a task leaves the list after being completed from its checkbox, focus
// moves to the next task's checkbox (or the previous one at the end), never to <body>.
import { useLayoutEffect, useRef } from "react";
import type { TaskView } from "./api.ts";
import { TaskCard } from "./task-card.tsx";

interface Props {
  tasks: TaskView[];
  zone: string;
  now: Date;
  label: string;
  timeOnly?: boolean;
  empty?: string;
  onToggle: (task: TaskView) => void;
  onEdit: (task: TaskView) => void;
  onDelete: (task: TaskView) => void;
  /** Subtasks: every open task, where a card finds its subtasks (a subtask is shown under its parent when the parent is listed). */
  all?: TaskView[];
  onAddSubtask?: (task: TaskView, title: string) => void;
  /** Lists: true when a card should not name its list (the list's own view, Inbox). */
  hideListOf?: (task: TaskView) => boolean;
}

export function TaskList({ tasks, zone, now, label, timeOnly, empty, onToggle, onEdit, onDelete, all, onAddSubtask, hideListOf }: Props) {
  const list = useRef<HTMLUListElement>(null);
  const refocus = useRef<number | null>(null);

  useLayoutEffect(() => {
    if (refocus.current === null || !list.current) return;
    const boxes = list.current.querySelectorAll<HTMLInputElement>(".task-check");
    const target = boxes[Math.min(refocus.current, boxes.length - 1)];
    refocus.current = null;
    if (target) target.focus();
    else document.getElementById("view-title")?.focus();
  }, [tasks]);

  const keepFocus = (task: TaskView, action: (task: TaskView) => void) => {
    const box = list.current?.querySelector<HTMLElement>(`[data-task-id="${task.id}"] .task-check, [data-task-id="${task.id}"] .icon-button`);
    const inside = box && list.current?.querySelector(`[data-task-id="${task.id}"]`)?.contains(document.activeElement);
    if (inside) refocus.current = tasks.findIndex((t) => t.id === task.id);
    action(task);
  };

  // Subtasks: a subtask whose parent is in this list is shown under the parent, with the parent's other open subtasks.
  const listed = new Set(tasks.map((task) => task.id));
  const subtasksOf = (task: TaskView) =>
    task.subtaskCount.total > 0 ? [...(all ?? tasks)].filter((t) => t.parentId === task.id).sort((a, b) => a.position - b.position) : [];
  const card = (task: TaskView, children?: TaskView[]) => (
    <TaskCard
      key={task.id}
      task={task}
      zone={zone}
      now={now}
      timeOnly={timeOnly}
      onToggle={(t) => keepFocus(t, onToggle)}
      onEdit={onEdit}
      onDelete={(t) => keepFocus(t, onDelete)}
      onAddSubtask={onAddSubtask}
      showList={hideListOf ? !hideListOf(task) : false}
    >
      {children?.length ? (
        <ul className="subtasks" aria-label={`Subtasks of ${task.title}`}>
          {children.map((child) => card(child))}
        </ul>
      ) : undefined}
    </TaskCard>
  );

  if (tasks.length === 0 && empty) return <p className="empty">{empty}</p>;
  return (
    <ul className="task-list" aria-label={label} ref={list}>
      {tasks.filter((task) => !task.parentId || !listed.has(task.parentId)).map((task) => card(task, subtasksOf(task)))}
    </ul>
  );
}
