// The create/edit dialog: a modal <dialog> (focus stays inside; Escape or Cancel closes it) with the
// Save/Cancel footer always in view. Problems show next to their field in plain words. Saving an edit
// updates the list at once; if the task changed elsewhere meanwhile (409), the dialog offers
// "Reload and keep my changes" or "Discard mine".
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { DateTime } from "luxon";
import { api, ApiError, type TaskView } from "./api.ts";
import { changeLists, restoreLists } from "./task-data.ts";
import { RepeatEditor, repeatValueOf, ruleOf, type RepeatValue } from "./repeat-editor.tsx";
import { repeatProblems } from "./repeat-rule.ts";
import { RemindersEditor, reminderProblem, reminderRowsOf, remindersOf, type ReminderRow } from "./reminders-editor.tsx";
import { useToast } from "./toasts.tsx";
import { useLists } from "./lists-data.ts";

interface FormValues {
  title: string;
  description: string;
  priority: TaskView["priority"];
  tags: string;
  date: string;
  time: string;
  repeat: RepeatValue;
  mode: "schedule" | "completion";
  reminders: ReminderRow[];
  /** Lists: the list id ("" = the server's default, Inbox). */
  list: string;
}
type Field = "list" | "title" | "description" | "tags" | "date" | "repeat" | "interval" | "end" | "reminder" | "form";
type Problems = Partial<Record<Field, string>>;

function valuesOf(task: TaskView | null, zone: string, listId = ""): FormValues {
  const due = task?.dueAt ? DateTime.fromISO(task.dueAt, { zone }) : null;
  return {
    title: task?.title ?? "",
    description: task?.description ?? "",
    priority: task?.priority ?? "medium",
    tags: task?.tags.join(", ") ?? "",
    date: due ? (due.toISODate() ?? "") : (task?.dueDate ?? ""),
    time: due ? due.toFormat("HH:mm") : "",
    repeat: repeatValueOf(task?.recurrence ?? null),
    mode: task?.recurrenceMode ?? "schedule",
    reminders: reminderRowsOf(task?.reminders, zone),
    list: task?.list.id ?? listId,
  };
}

/** The change the form asks for, as the API takes it (`due` is read in the user's zone). */
function changesOf(values: FormValues) {
  const recurrence = ruleOf(values.repeat, values.date);
  return {
    title: values.title.trim(),
    description: values.description.trim() || null,
    priority: values.priority,
    tags: values.tags
      .split(/[,\s]+/)
      .map((t) => t.replace(/^#/, "").trim())
      .filter(Boolean),
    due: values.date ? (values.time ? `${values.date}T${values.time}` : values.date) : null,
    recurrence,
    ...(recurrence ? { recurrenceMode: values.mode } : {}),
    reminders: remindersOf(values.reminders),
    ...(values.list ? { list: values.list } : {}),
  };
}

/** Problems the page can see before asking the server, in the user's terms. */
function problemsOf(values: FormValues): Problems {
  const problems: Problems = {};
  if (!values.title.trim()) problems.title = "Give the task a title";
  else if (values.title.trim().length > 500) problems.title = "Keep the title under 500 characters (put the rest in the notes)";
  if (values.time && !values.date) problems.date = "Pick a day for this time, or clear the time";
  const reminder = reminderProblem(values.reminders, Boolean(values.date));
  if (reminder) problems.reminder = reminder;
  if (values.repeat.choice === "custom") Object.assign(problems, repeatProblems(values.repeat.custom, values.date));
  return problems;
}

/** The server's refusal as a message next to the field it names. */
function problemFromServer(error: ApiError): Problems {
  if (/^(?:a )?reminder/i.test(error.message))
    return { reminder: `That reminder can't be used: ${error.message.replace(/^reminders(?:\[\d+\])?(?:\.\w+)?:? /, "")}` };
  const text = error.message.replace(/^[a-zA-Z]+(?:\.\d+)?: /, "");
  switch (error.field) {
    case "title":
      return { title: text === "must not be empty" ? "Give the task a title" : `The title ${text}` };
    case "description":
      return { description: `The notes ${text}` };
    case "tags":
      return { tags: "Tags are single words (letters, digits, _ - . /), up to 50 characters, at most 20" };
    case "due":
    case "dueAt":
    case "dueDate":
      return { date: `That due date can't be used: ${text}` };
    case "recurrence":
    case "recurrenceMode":
      return { repeat: `That repeat can't be used: ${text}` };
    case "list":
      return { list: `That list can't be used: ${text}` };
    case "reminderMinutesBefore":
      return { reminder: `That reminder can't be used: ${text}` };
    default:
      return { form: error.message };
  }
}

interface Props {
  /** The task to edit, or null for a new one. */
  task: TaskView | null;
  zone: string;
  /** Lists: the list a new task goes into (the list being viewed); else Inbox. */
  listId?: string;
  onClose: () => void;
}

export function CreateTaskDialog({ task, zone, listId, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const client = useQueryClient();
  const toast = useToast();
  const [base, setBase] = useState<TaskView | null>(task);
  const [values, setValues] = useState<FormValues>(() => valuesOf(task, zone, listId));
  const lists = useLists();
  const inboxId = lists.data?.find((l) => l.isInbox)?.id;
  // "" (the server's default) shows as Inbox once the lists are here.
  const listValue = values.list || inboxId || "";
  const [problems, setProblems] = useState<Problems>({});
  const [conflict, setConflict] = useState(false);
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) => setValues((v) => ({ ...v, [key]: value }));

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    document.getElementById("task-title")?.focus();
  }, []);

  // The modal dialog makes the page behind it inert; Tab from the last control comes back to the first.
  function trapFocus(event: KeyboardEvent<HTMLDialogElement>) {
    if (event.key !== "Tab" || !dialog.current) return;
    const focusable = [...dialog.current.querySelectorAll<HTMLElement>("button, input, select, textarea, [tabindex]:not([tabindex='-1'])")].filter(
      (el) => !el.hasAttribute("disabled"),
    );
    const first = focusable[0];
    const last = focusable.at(-1);
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  }

  async function reload(keepMine: boolean) {
    if (!base) return;
    try {
      const { task: latest } = await api<{ task: TaskView }>(`/api/tasks/${base.id}`);
      const theirs = valuesOf(latest, zone);
      const original = valuesOf(base, zone);
      // Keep what this user changed; take the other side's value for every field they left alone.
      const merged = Object.fromEntries(
        (Object.keys(theirs) as Array<keyof FormValues>).map((key) => [
          key,
          JSON.stringify(values[key]) === JSON.stringify(original[key]) ? theirs[key] : values[key],
        ]),
      ) as unknown as FormValues;
      setBase(latest);
      setValues(keepMine ? merged : theirs);
      setConflict(false);
      setNotice(keepMine ? "Loaded the latest version. Your changes are still here: Save to apply them." : "Showing the latest version.");
      client.setQueryData<TaskView[]>(["tasks", "open"], (tasks) => tasks?.map((t) => (t.id === latest.id ? latest : t)));
    } catch (error) {
      setProblems({ form: error instanceof ApiError && error.status === 404 ? "This task was deleted elsewhere." : "Could not reload the task." });
    }
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const found = problemsOf(values);
    setProblems(found);
    setNotice("");
    if (Object.keys(found).length > 0) {
      const first = Object.keys(found)[0];
      document.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
      return;
    }
    const changes = changesOf(values);
    setBusy(true);
    if (!base) {
      try {
        const body = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0)));
        const { task: created } = await api<{ task: TaskView }>("/api/tasks", { method: "POST", body });
        void client.invalidateQueries({ queryKey: ["tasks"] });
        toast({ text: `Added “${created.title}”` });
        onClose();
      } catch (error) {
        setProblems(error instanceof ApiError ? problemFromServer(error) : { form: "Could not reach the server. Try again." });
        setBusy(false);
      }
      return;
    }
    const before = base;
    const lists = changeLists(client, (tasks) =>
      tasks.map((t) =>
        t.id === before.id ? { ...t, title: changes.title, description: changes.description, priority: changes.priority, tags: changes.tags } : t,
      ),
    );
    try {
      const { task: saved } = await api<{ task: TaskView }>(`/api/tasks/${before.id}`, {
        method: "PATCH",
        body: { ...changes, version: before.version },
      });
      void client.invalidateQueries({ queryKey: ["tasks"] });
      const previous = changesOf(valuesOf(before, zone));
      toast({
        text: `Saved “${saved.title}”`,
        undo: async () => {
          await api(`/api/tasks/${saved.id}`, {
            method: "PATCH",
            body: { ...previous, recurrenceMode: before.recurrenceMode ?? undefined, version: saved.version },
          }).catch(() => toast({ text: `Could not undo: “${saved.title}” changed again since.` }));
          await client.invalidateQueries({ queryKey: ["tasks"] });
        },
      });
      onClose();
    } catch (error) {
      restoreLists(client, lists);
      // A live update may have refreshed the lists while the save was out: read them again, not the rolled-back copy.
      void client.invalidateQueries({ queryKey: ["tasks"] });
      setBusy(false);
      if (error instanceof ApiError && error.status === 409) setConflict(true);
      else setProblems(error instanceof ApiError ? problemFromServer(error) : { form: "Could not reach the server. Try again." });
    }
  }

  const described = (field: Field) => (problems[field] ? { "aria-invalid": true, "aria-describedby": `${field}-error` } : {});
  const problem = (field: Field) =>
    problems[field] ? (
      <p id={`${field}-error`} className="field-error">
        {problems[field]}
      </p>
    ) : null;
  const repeats = values.repeat.choice !== "never";

  return (
    <dialog
      ref={dialog}
      className="task-dialog"
      aria-labelledby="dialog-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={trapFocus}
    >
      <form onSubmit={(e) => void save(e)} noValidate>
        <header className="dialog-header">
          <h2 id="dialog-title">{task ? "Edit task" : "New task"}</h2>
        </header>
        <div className="dialog-body">
          {conflict && (
            <div className="conflict" role="alert">
              <p>This task was changed somewhere else since you opened it.</p>
              <div className="row">
                <button type="button" onClick={() => void reload(true)}>
                  Reload and keep my changes
                </button>
                <button type="button" className="secondary" onClick={() => void reload(false)}>
                  Discard mine
                </button>
              </div>
            </div>
          )}
          {notice && (
            <p className="notice" role="status">
              {notice}
            </p>
          )}
          <label htmlFor="task-title">Title</label>
          <input
            id="task-title"
            data-field="title"
            value={values.title}
            maxLength={600}
            onChange={(e) => set("title", e.target.value)}
            {...described("title")}
          />
          {problem("title")}
          <label htmlFor="task-description">Notes</label>
          <textarea
            id="task-description"
            data-field="description"
            rows={2}
            value={values.description}
            onChange={(e) => set("description", e.target.value)}
            {...described("description")}
          />
          {problem("description")}
          <label htmlFor="task-list">List</label>
          <select id="task-list" data-field="list" value={listValue} onChange={(e) => set("list", e.target.value)} {...described("list")}>
            {!lists.data?.some((l) => l.id === listValue) && <option value={listValue}>{listValue ? (task?.list.name ?? "…") : "Inbox"}</option>}
            {(lists.data ?? []).map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
          {problem("list")}
          <div className="grid">
            <div>
              <label htmlFor="task-priority">Priority</label>
              <select id="task-priority" value={values.priority} onChange={(e) => set("priority", e.target.value as TaskView["priority"])}>
                <option value="low">Low</option>
                <option value="medium">Medium</option>
                <option value="high">High</option>
                <option value="urgent">Urgent</option>
              </select>
            </div>
            <div>
              <label htmlFor="task-tags">Tags</label>
              <input
                id="task-tags"
                data-field="tags"
                placeholder="work, home"
                value={values.tags}
                onChange={(e) => set("tags", e.target.value)}
                {...described("tags")}
              />
              {problem("tags")}
            </div>
            <div>
              <label htmlFor="task-date">Due date</label>
              <input
                id="task-date"
                data-field="date"
                type="date"
                value={values.date}
                onChange={(e) => set("date", e.target.value)}
                {...described("date")}
              />
              {problem("date")}
            </div>
            <div>
              <label htmlFor="task-time">Time (optional)</label>
              <input id="task-time" type="time" value={values.time} onChange={(e) => set("time", e.target.value)} />
            </div>
          </div>
          <div data-field="repeat" tabIndex={-1}>
            <RepeatEditor
              value={values.repeat}
              dueDate={values.date}
              onChange={(repeat) => set("repeat", repeat)}
              errors={{ repeat: problems.repeat, interval: problems.interval, end: problems.end }}
            />
          </div>
          {repeats && (
            <>
              <label htmlFor="task-mode">Next one counts from</label>
              <select id="task-mode" value={values.mode} onChange={(e) => set("mode", e.target.value as FormValues["mode"])}>
                <option value="schedule">The calendar</option>
                <option value="completion">When I complete it</option>
              </select>
            </>
          )}
          <RemindersEditor rows={values.reminders} onChange={(rows) => set("reminders", rows)} error={problems.reminder} />
          {problems.form && (
            <p className="error" role="alert">
              {problems.form}
            </p>
          )}
        </div>
        <footer className="dialog-footer">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={busy}>
            Save
          </button>
        </footer>
      </form>
    </dialog>
  );
}
