// The trash: deleted tasks, most recent first, each with when it was deleted ("deleted 2 days ago"),
// Restore and Delete forever; Empty trash asks first. Built on GET /api/trash, POST
// /api/trash/:id/restore, DELETE /api/trash/:id and DELETE /api/trash. Its own chunk.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { DateTime } from "luxon";
import { useState } from "react";
import { api, type TaskView } from "./api.ts";
import { useToast } from "./toasts.tsx";

interface TrashPage {
  tasks: Array<TaskView & { deletedAt: string }>;
  nextCursor: string | null;
  retentionDays: number;
}

/** "deleted 2 days ago", "deleted 5 minutes ago", in the user's zone. */
export function deletedAgo(deletedAt: string, zone: string, now: Date): string {
  const deleted = DateTime.fromISO(deletedAt, { zone });
  const base = DateTime.fromJSDate(now, { zone });
  // Under a minute (or a clock a little behind the server's): not "in 2 seconds".
  if (base.diff(deleted, "seconds").seconds < 60) return "deleted just now";
  return `deleted ${deleted.toRelative({ base }) ?? "just now"}`;
}

export function TrashView({ zone, now }: { zone: string; now: Date }) {
  const client = useQueryClient();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const trash = useQuery({ queryKey: ["trash"], queryFn: () => api<TrashPage>("/api/trash?limit=100") });
  // A restore or purge changes the task lists too: read everything again.
  const refresh = () => client.invalidateQueries();
  const restore = useMutation({
    mutationFn: (task: TaskView) => api(`/api/trash/${task.id}/restore`, { method: "POST" }),
    onSuccess: (_, task) => {
      toast({ text: `Restored "${task.title}"` });
      return refresh();
    },
    onError: (error) => toast({ text: `Could not restore: ${error.message}` }),
  });
  const purge = useMutation({
    mutationFn: (task: TaskView) => api(`/api/trash/${task.id}`, { method: "DELETE" }),
    onSuccess: (_, task) => {
      toast({ text: `Deleted "${task.title}" forever` });
      return refresh();
    },
    onError: (error) => toast({ text: `Could not delete: ${error.message}` }),
  });
  const empty = useMutation({
    mutationFn: () => api<{ purged: number }>("/api/trash", { method: "DELETE" }),
    onSuccess: (result) => {
      setConfirming(false);
      toast({ text: `Emptied the trash (${result.purged} task${result.purged === 1 ? "" : "s"} deleted forever)` });
      return refresh();
    },
    onError: (error) => toast({ text: `Could not empty the trash: ${error.message}` }),
  });

  if (trash.isPending) return <p className="loading">Loading…</p>;
  if (trash.isError)
    return (
      <p className="error" role="alert">
        Could not load the trash. {trash.error.message}
      </p>
    );
  const { tasks, retentionDays } = trash.data;
  return (
    <section aria-label="Trash" className="trash">
      <p className="hint">Deleted tasks stay here {retentionDays} days, then they are deleted for good.</p>
      {tasks.length === 0 ? (
        <p className="empty">The trash is empty.</p>
      ) : (
        <>
          <div className="trash-actions">
            {confirming ? (
              <div role="alertdialog" aria-label="Empty the trash?" className="confirm">
                <span>Delete {tasks.length === 1 ? "this task" : `all ${tasks.length} tasks`} forever? This cannot be undone.</span>
                <button type="button" className="danger" disabled={empty.isPending} onClick={() => empty.mutate()}>
                  Yes, empty trash
                </button>
                <button type="button" className="secondary" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </div>
            ) : (
              <button type="button" className="secondary danger" onClick={() => setConfirming(true)}>
                Empty trash
              </button>
            )}
          </div>
          <ul className="app-list" aria-label="Deleted tasks">
            {tasks.map((task) => (
              <li key={task.id} className="card app trash-item">
                <div>
                  <strong>{task.title}</strong>
                  <p className="hint">{deletedAgo(task.deletedAt, zone, now)}</p>
                </div>
                <span className="row-buttons">
                  <button type="button" className="secondary" disabled={restore.isPending} onClick={() => restore.mutate(task)}>
                    Restore <span className="visually-hidden">{task.title}</span>
                  </button>
                  <button type="button" className="secondary danger" disabled={purge.isPending} onClick={() => purge.mutate(task)}>
                    Delete forever <span className="visually-hidden">{task.title}</span>
                  </button>
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
