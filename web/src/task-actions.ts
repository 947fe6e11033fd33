// Complete, reopen and delete, each shown in every list at once and undoable from a toast: Undo of a
// completion reopens the task (POST /api/tasks/:id/reopen, which also reopens the subtasks it completed
// and removes the next occurrence it made), Undo of a delete restores it from the trash (POST /api/trash/:id/restore).
import { useQueryClient } from "@tanstack/react-query";
import { dueLabel } from "@todo/services/format";
import { api, ApiError, type CompleteResult, type TaskView } from "./api.ts";
import { changeLists, restoreLists } from "./task-data.ts";
import { useToast } from "./toasts.tsx";
import { useConfirm } from "./confirm-dialog.tsx";

export function useTaskActions(zone: string) {
  const client = useQueryClient();
  const toast = useToast();
  const confirm = useConfirm();
  const refresh = () => client.invalidateQueries({ queryKey: ["tasks"] });
  const failed = (what: string, error: unknown) =>
    toast({ text: error instanceof ApiError ? `Could not ${what}: ${error.message}` : `Could not ${what}: the server did not answer.` });

  /** Reopens `task`; `subtaskIds`: the subtasks its completion completed, shown open at once too (the server reopens them). */
  async function reopen(task: TaskView, announce = true, subtaskIds: string[] = []) {
    const lists = changeLists(client, (tasks) =>
      tasks.map((t) => (t.id === task.id || subtaskIds.includes(t.id) ? { ...t, status: "open", completedAt: null } : t)),
    );
    try {
      const result = await api<{ task: TaskView; nextOccurrence?: { kept?: boolean; reason?: string } }>(`/api/tasks/${task.id}/reopen`, {
        method: "POST",
      });
      if (result.nextOccurrence?.kept)
        toast({ text: `Reopened “${task.title}”; the next one stays: ${result.nextOccurrence.reason ?? "it was changed"}.` });
      else if (announce) toast({ text: `Reopened “${task.title}”` });
    } catch (error) {
      restoreLists(client, lists);
      failed(`reopen “${task.title}”`, error);
    }
    await refresh();
  }

  async function complete(task: TaskView) {
    // Subtasks: a parent with open subtasks is completed with them only when the user says so.
    const open = task.subtaskCount.total - task.subtaskCount.done;
    const noun = open === 1 ? "subtask" : "subtasks";
    if (
      open > 0 &&
      !(await confirm({
        title: `Complete “${task.title}”?`,
        message: `It has ${open} open ${noun}. Complete all completes ${open === 1 ? "it" : `all ${open}`} too.`,
        confirm: "Complete all",
      }))
    )
      return;
    const lists = changeLists(client, (tasks) =>
      tasks.map((t) =>
        t.id === task.id || (open > 0 && t.parentId === task.id)
          ? { ...t, status: "done", overdue: false, completedAt: new Date().toISOString() }
          : t,
      ),
    );
    try {
      const result = await api<CompleteResult>(`/api/tasks/${task.id}/complete`, {
        method: "POST",
        body: open > 0 ? { subtasks: "complete" } : {},
      });
      const next = result.next ? dueLabel(result.next, zone, new Date()) : null;
      toast({
        text: next ? `Done: “${task.title}”. Next one: ${next}` : `Done: “${task.title}”`,
        undo: () =>
          reopen(
            task,
            false,
            (result.completedSubtasks ?? []).map((s) => s.id),
          ),
      });
    } catch (error) {
      restoreLists(client, lists);
      failed(`complete “${task.title}”`, error);
    }
    await refresh();
  }

  async function remove(task: TaskView) {
    const lists = changeLists(client, (tasks) => tasks.filter((t) => t.id !== task.id));
    try {
      await api(`/api/tasks/${task.id}`, { method: "DELETE" });
      toast({
        text: `Deleted “${task.title}”`,
        undo: async () => {
          try {
            await api(`/api/trash/${task.id}/restore`, { method: "POST" });
          } catch (error) {
            failed(`restore “${task.title}”`, error);
          }
          await refresh();
        },
      });
    } catch (error) {
      restoreLists(client, lists);
      failed(`delete “${task.title}”`, error);
    }
    await refresh();
  }

  /** Subtasks: adds a subtask under `parent`, last among its subtasks. */
  async function addSubtask(parent: TaskView, title: string) {
    try {
      await api(`/api/tasks`, { method: "POST", body: { title, parentId: parent.id } });
    } catch (error) {
      failed(`add “${title}” under “${parent.title}”`, error);
    }
    await refresh();
  }

  return { complete, reopen, remove, addSubtask };
}
