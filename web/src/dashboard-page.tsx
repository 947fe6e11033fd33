// The signed-in page: the views (Today, Upcoming, All, Done) with their counts, the current view's
// tasks, and the chat beside them on a wide screen (a tab on a narrow one). Shortcuts: n new task,
// / search, ? help.
import { lazy, Suspense, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { TaskView } from "./api.ts";
import { useAfterFirstPaint } from "./after-first-paint.ts";
import { Icon } from "./icons.tsx";
import { useLiveUpdates } from "./live-updates.ts";
import { enablePush } from "./push.ts";
import { useSession } from "./session.tsx";
import { useTaskActions } from "./task-actions.ts";
import { DEFAULT_FILTERS, useDoneTasks, useFilteredTasks, useOpenTasks, type TaskFilters } from "./task-data.ts";
import { TaskList } from "./task-list.tsx";
import { byDue, dayHeading, todayTasks, upcomingGroups, VIEW_TITLES, type ViewName } from "./task-views.ts";
import { useShortcuts } from "./shortcuts.tsx";
import { listPath, useLists, type ListSummary } from "./lists-data.ts";
import { ListsNav } from "./lists-nav.tsx";

// Not needed for the first paint of a task view: each is its own chunk, fetched when first shown (the
// chat right after the list, beside it), so the dashboard's entry chunk stays small.
const ChatPanel = lazy(() => import("./chat-panel.tsx").then((m) => ({ default: m.ChatPanel })));
const ConnectedApps = lazy(() => import("./connected-apps.tsx").then((m) => ({ default: m.ConnectedApps })));
const CreateTaskDialog = lazy(() => import("./create-task-dialog.tsx").then((m) => ({ default: m.CreateTaskDialog })));
const TrashView = lazy(() => import("./trash-view.tsx").then((m) => ({ default: m.TrashView })));
const SettingsView = lazy(() => import("./settings-view.tsx").then((m) => ({ default: m.SettingsView })));
// Lists: the create/edit/delete list dialogs.
const ListDialog = lazy(() => import("./list-dialogs.tsx").then((m) => ({ default: m.ListDialog })));
const DeleteListDialog = lazy(() => import("./list-dialogs.tsx").then((m) => ({ default: m.DeleteListDialog })));
const ShortcutsHelp = lazy(() => import("./shortcuts-help.tsx").then((m) => ({ default: m.ShortcutsHelp })));

const TASK_VIEWS: ViewName[] = ["today", "upcoming", "all", "done"];
const NAV_TITLES: Record<string, string> = { today: "Today", upcoming: "Upcoming", all: "All", done: "Done" };

export function DashboardPage({ view, listId = null, go }: { view: ViewName; listId?: string | null; go: (path: string) => void }) {
  const { user, signOut } = useSession();
  const zone = user.timeZone;
  const [now, setNow] = useState(() => new Date());
  const [filters, setFilters] = useState<TaskFilters>(DEFAULT_FILTERS);
  const [editing, setEditing] = useState<TaskView | "new" | null>(null);
  const [help, setHelp] = useState(false);
  const [pane, setPane] = useState<"tasks" | "chat">("tasks");
  const [pushStatus, setPushStatus] = useState("");
  const title = useRef<HTMLHeadingElement>(null);
  const app = useRef<HTMLDivElement>(null);
  const panes = useRef<HTMLDivElement>(null);
  const open = useOpenTasks();
  // The chat, the Done list and the live stream start once the first list is on screen (issue 17).
  const drawn = useAfterFirstPaint(!open.isPending);
  const done = useDoneTasks(drawn || view === "done");
  const filtered = useFilteredTasks(filters, view === "all");
  const actions = useTaskActions(zone);
  useLiveUpdates(drawn);
  // Lists: read after the first list is drawn (issue 17), at once when a list is the view.
  const lists = useLists(drawn || view === "list");
  const [listDialog, setListDialog] = useState<{ kind: "new" | "edit" | "delete"; list: ListSummary | null } | null>(null);
  const currentList = view === "list" ? (lists.data?.find((l) => l.id === listId) ?? null) : null;
  const inboxId = lists.data?.find((l) => l.isInbox)?.id;

  // The chat beside the list is as tall as the window below the header (issue 17): `--panes-top` is
  // where the panes start on the page, in CSS px, re-measured whenever the header above them changes
  // height (a status line, wrapping on a narrower window).
  useLayoutEffect(() => {
    const root = app.current;
    const below = panes.current;
    if (!root || !below) return;
    const measure = () => root.style.setProperty("--panes-top", `${Math.round(below.getBoundingClientRect().top + window.scrollY)}px`);
    measure();
    const observer = new ResizeObserver(measure);
    for (const element of Array.from(root.children)) if (element !== below) observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // "Today" moves at midnight: re-read the clock every minute.
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    document.title = `${currentList?.name ?? VIEW_TITLES[view]} · todo-chatbot`;
  }, [view, currentList?.name]);
  const ready =
    open.isSuccess && (view !== "done" || done.isSuccess) && (view !== "all" || filtered.isSuccess) && (view !== "list" || lists.isSuccess);
  useEffect(() => {
    if (ready) document.body.dataset.ready = "true";
    return () => void delete document.body.dataset.ready;
  }, [ready, view]);

  useShortcuts({
    newTask: () => setEditing("new"),
    search: () => {
      go("/all");
      setPane("tasks");
      setTimeout(() => document.getElementById("filter-search")?.focus(), 0);
    },
    help: () => setHelp(true),
    enabled: editing === null && !help && listDialog === null,
  });

  const openTasks = (open.data ?? []).filter((t) => t.status === "open");
  const today = todayTasks(openTasks, zone, now);
  const upcoming = upcomingGroups(openTasks, zone, now);
  const doneTasks = (done.data ?? []).filter((t) => t.status === "done");
  const allTasks = (filtered.data ?? []).filter((t) => filters.status === "all" || t.status === filters.status);
  // Lists: the open tasks of the list in view, and every list's open count.
  const listTasks =
    view === "list"
      ? byDue(
          openTasks.filter((t) => t.list.id === listId),
          zone,
        )
      : [];
  const listCounts = open.isSuccess ? new Map<string, number>() : null;
  for (const task of openTasks) listCounts?.set(task.list.id, (listCounts.get(task.list.id) ?? 0) + 1);
  const counts: Record<string, number> = {
    today: today.length,
    upcoming: upcoming.reduce((n, g) => n + g.tasks.length, 0),
    all: openTasks.length,
    done: doneTasks.length,
  };
  const toggle = (task: TaskView) => void (task.status === "done" ? actions.reopen(task) : actions.complete(task));
  const listProps = {
    zone,
    now,
    onToggle: toggle,
    onEdit: (t: TaskView) => setEditing(t),
    onDelete: (t: TaskView) => void actions.remove(t),
    // Subtasks: found among every open task, added inline.
    all: openTasks,
    onAddSubtask: (t: TaskView, title: string) => void actions.addSubtask(t, title),
    // Lists: a card names its list, except in a list's own view and for Inbox.
    hideListOf: (t: TaskView) => view === "list" || (inboxId ? t.list.id === inboxId : t.list.name === "Inbox"),
  };
  const setFilter = <K extends keyof TaskFilters>(key: K, value: TaskFilters[K]) => setFilters((f) => ({ ...f, [key]: value }));

  return (
    <div className={`app pane-${pane}`} ref={app}>
      <header className="topbar">
        <span className="brand">todo-chatbot</span>
        <span className="who">
          {user.username} · {zone}
        </span>
        <span className="spacer" />
        <button
          type="button"
          className="icon-button"
          aria-label="Enable notifications"
          title="Enable notifications"
          onClick={() => void enablePush().then(setPushStatus)}
        >
          <Icon name="bell" />
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Connected apps"
          title="Connected apps"
          aria-current={view === "apps" ? "page" : undefined}
          onClick={() => go("/apps")}
        >
          <Icon name="apps" />
        </button>
        {(["trash", "settings"] as const).map((page) => (
          <button
            key={page}
            type="button"
            className="icon-button"
            aria-label={VIEW_TITLES[page]}
            title={VIEW_TITLES[page]}
            aria-current={view === page ? "page" : undefined}
            onClick={() => go(`/${page}`)}
          >
            <Icon name={page} />
          </button>
        ))}
        <button type="button" className="secondary small" onClick={signOut}>
          Sign out
        </button>
      </header>
      <p className="status" role="status" id="push-status">
        {pushStatus}
      </p>
      <nav className="views" aria-label="Views">
        {TASK_VIEWS.map((name) => (
          <a
            key={name}
            href={`/${name}`}
            className="view-link"
            aria-current={view === name ? "page" : undefined}
            onClick={(e) => {
              e.preventDefault();
              go(`/${name}`);
              setPane("tasks");
            }}
          >
            {NAV_TITLES[name]} <span className="count">{open.isSuccess ? counts[name] : ""}</span>
          </a>
        ))}
      </nav>
      <div className="panes" ref={panes}>
        <ListsNav
          lists={lists.data}
          counts={listCounts}
          current={view === "list" ? listId : null}
          go={(path) => {
            go(path);
            setPane("tasks");
          }}
          onNew={() => setListDialog({ kind: "new", list: null })}
        />
        <main className="dashboard" aria-labelledby="view-title">
          <div className="view-head">
            <h1 id="view-title" ref={title} tabIndex={-1}>
              {view === "list" && currentList?.color && <span className="dot" style={{ background: currentList.color }} aria-hidden="true" />}
              {view === "list" ? (currentList?.name ?? (lists.isSuccess ? "List not found" : "")) : VIEW_TITLES[view]}
            </h1>
            <span className="spacer" />
            {currentList && (
              <>
                <button type="button" className="secondary small" onClick={() => setListDialog({ kind: "edit", list: currentList })}>
                  Edit list
                </button>
                {!currentList.isInbox && (
                  <button
                    type="button"
                    className="secondary small"
                    onClick={() =>
                      setListDialog({ kind: "delete", list: { ...currentList, openCount: listCounts?.get(currentList.id) ?? currentList.openCount } })
                    }
                  >
                    Delete list
                  </button>
                )}
              </>
            )}
            {(TASK_VIEWS.includes(view) || currentList) && (
              <button type="button" onClick={() => setEditing("new")} aria-keyshortcuts="n">
                <Icon name="plus" size={18} />
                New task
              </button>
            )}
          </div>
          {open.isError && (
            <p className="error" role="alert">
              Could not load your tasks. {open.error.message}
            </p>
          )}
          {view === "today" && (
            <TaskList {...listProps} tasks={today} label="Today's tasks" empty={open.isSuccess ? "Nothing due today. Enjoy!" : undefined} />
          )}
          {view === "upcoming" &&
            (upcoming.length === 0
              ? open.isSuccess && <p className="empty">Nothing due in the next two weeks.</p>
              : upcoming.map((group) => (
                  <section key={group.date} className="day" aria-labelledby={`day-${group.date}`}>
                    <h2 id={`day-${group.date}`} className="day-heading">
                      {dayHeading(group.date, zone, now)}
                    </h2>
                    <TaskList {...listProps} tasks={group.tasks} timeOnly label={dayHeading(group.date, zone, now)} />
                  </section>
                )))}
          {view === "all" && (
            <>
              <form className="filters" role="search" aria-label="Filter tasks" onSubmit={(e) => e.preventDefault()}>
                <div className="search-field">
                  <label htmlFor="filter-search">Search</label>
                  <input
                    id="filter-search"
                    type="search"
                    placeholder="words in title or notes"
                    value={filters.search}
                    onChange={(e) => setFilter("search", e.target.value)}
                    aria-keyshortcuts="/"
                  />
                </div>
                <div>
                  <label htmlFor="filter-status">Status</label>
                  <select id="filter-status" value={filters.status} onChange={(e) => setFilter("status", e.target.value as TaskFilters["status"])}>
                    <option value="open">Open</option>
                    <option value="done">Done</option>
                    <option value="all">All</option>
                  </select>
                </div>
                <div>
                  <label htmlFor="filter-priority">Priority</label>
                  <select
                    id="filter-priority"
                    value={filters.priority}
                    onChange={(e) => setFilter("priority", e.target.value as TaskFilters["priority"])}
                  >
                    <option value="">Any</option>
                    <option value="urgent">Urgent</option>
                    <option value="high">High</option>
                    <option value="medium">Medium</option>
                    <option value="low">Low</option>
                  </select>
                </div>
                <div>
                  <label htmlFor="filter-tag">Tag</label>
                  <input id="filter-tag" placeholder="e.g. work" value={filters.tag} onChange={(e) => setFilter("tag", e.target.value)} />
                </div>
                <div>
                  <label htmlFor="filter-sort">Sort</label>
                  <select id="filter-sort" value={filters.sort} onChange={(e) => setFilter("sort", e.target.value as TaskFilters["sort"])}>
                    <option value="dueAt">Due date</option>
                    <option value="priority">Priority</option>
                    <option value="createdAt">Newest</option>
                    <option value="title">Title</option>
                  </select>
                </div>
              </form>
              <p className="muted" id="task-count" aria-live="polite">
                {filtered.isSuccess ? (allTasks.length === 0 ? "No tasks match." : `${allTasks.length} task${allTasks.length === 1 ? "" : "s"}`) : ""}
              </p>
              <TaskList {...listProps} tasks={allTasks} label="Tasks" />
            </>
          )}
          {view === "list" && currentList && (
            <TaskList {...listProps} tasks={listTasks} label={`Tasks in ${currentList.name}`} empty="No open tasks in this list." />
          )}
          {view === "done" && (
            <TaskList {...listProps} tasks={doneTasks} label="Done tasks" empty={done.isSuccess ? "Nothing done yet." : undefined} />
          )}
          {view === "apps" && (
            <Suspense fallback={<p className="loading">Loading…</p>}>
              <ConnectedApps zone={zone} />
            </Suspense>
          )}
          {view === "trash" && (
            <Suspense fallback={<p className="loading">Loading…</p>}>
              <TrashView zone={zone} now={now} />
            </Suspense>
          )}
          {view === "settings" && (
            <Suspense fallback={<p className="loading">Loading…</p>}>
              <SettingsView zone={zone} />
            </Suspense>
          )}
        </main>
        <aside className="chat card" aria-labelledby="chat-title">
          <Suspense fallback={<p className="loading">Loading…</p>}>
            {drawn ? <ChatPanel titleId="chat-title" /> : <p className="loading">Loading…</p>}
          </Suspense>
        </aside>
      </div>
      <nav className="pane-tabs" aria-label="Show">
        <button type="button" aria-pressed={pane === "tasks"} onClick={() => setPane("tasks")}>
          Tasks
        </button>
        <button type="button" aria-pressed={pane === "chat"} onClick={() => setPane("chat")}>
          Chat
        </button>
      </nav>
      <Suspense fallback={null}>
        {editing !== null && (
          <CreateTaskDialog task={editing === "new" ? null : editing} zone={zone} listId={currentList?.id} onClose={() => setEditing(null)} />
        )}
        {listDialog && listDialog.kind !== "delete" && (
          <ListDialog
            list={listDialog.list}
            onClose={() => setListDialog(null)}
            onSaved={(saved) => {
              setListDialog(null);
              go(listPath(saved.id));
            }}
          />
        )}
        {listDialog?.kind === "delete" && listDialog.list && (
          <DeleteListDialog
            list={listDialog.list}
            onClose={() => setListDialog(null)}
            onDeleted={() => {
              setListDialog(null);
              go(inboxId ? listPath(inboxId) : "/all");
            }}
          />
        )}
        {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
      </Suspense>
    </div>
  );
}
