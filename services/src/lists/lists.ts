import { AppError, parseInput } from "../errors.ts";
import { toTaskView } from "../tasks/task-model.ts";
import { taskEvent } from "../tasks/task-events.ts";
import type { TaskContext } from "../tasks/task-context.ts";
import type { TaskTransaction } from "../tasks/task-store.ts";
import { listEvent } from "./list-events.ts";
import {
  CreateListInput,
  DeleteListInput,
  INBOX_NAME,
  ListId,
  ListRefInput,
  MAX_LISTS,
  nameKey,
  UpdateListInput,
  type DeleteListResult,
  type TaskListRecord,
  type TaskListView,
} from "./list-model.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function listNotFound(id: string): AppError {
  return new AppError("not_found", `No list with id ${id}; list_lists (GET /api/lists) shows your lists`);
}

function nameTaken(name: string): AppError {
  return new AppError("conflict", `name: you already have a list called '${name}'; pick another name`);
}

function toView(list: TaskListRecord, openCount = 0): TaskListView {
  return { id: list.id, name: list.name, color: list.color, position: list.position, isInbox: list.isInbox, openCount };
}

/**
 * The list a task input names (`list`: an id or a name, case-insensitive; "inbox" is always the
 * Inbox), inside a transaction; the Inbox when `ref` is undefined. Throws AppError `invalid_input`
 * naming `list` (`field`) for a name that is none of the user's lists, listing theirs.
 */
export async function resolveListIn(tx: TaskTransaction, userId: string, ref: string | undefined, field = "list"): Promise<TaskListRecord> {
  if (ref === undefined) return tx.ensureInbox(userId);
  const text = ref.trim();
  if (UUID.test(text)) {
    const byId = await tx.getList(userId, text.toLowerCase());
    if (byId) return byId;
  }
  const key = nameKey(text);
  const byName = await tx.findListByKey(userId, key);
  if (byName) return byName;
  if (key === nameKey(INBOX_NAME)) return tx.ensureInbox(userId);
  const names = (await tx.lists(userId)).map((list) => `'${list.name}'`);
  throw new AppError(
    "invalid_input",
    `${field}: you have no list called '${text.slice(0, 100)}'; your lists are ${names.join(", ") || "'Inbox'"} (add_list creates one)`,
    { field, list: text.slice(0, 100) },
  );
}

/** The user's Inbox (made on first use if the user has none yet). */
export async function inboxOf(ctx: TaskContext): Promise<TaskListRecord> {
  return ctx.store.transaction((tx) => tx.ensureInbox(ctx.user.id));
}

/** The id of the list `idOrName` names (see resolveListIn). Throws AppError `invalid_input` naming `list`. */
export async function resolveListId(ctx: TaskContext, idOrName: unknown): Promise<string> {
  const ref = parseInput(ListRefInput, idOrName, "list");
  return ctx.store.transaction(async (tx) => (await resolveListIn(tx, ctx.user.id, ref)).id);
}

/**
 * A list reference (`idOrName`) as a list query resolves it itself (TaskListCriteria.listRef): the
 * id when it has a UUID's shape (lower-cased), and the name key. Throws AppError `invalid_input`
 * naming `list` for a bad reference.
 */
export function listRefOf(idOrName: unknown): { id: string | null; key: string } {
  const text = parseInput(ListRefInput, idOrName, "list").trim();
  return { id: UUID.test(text) ? text.toLowerCase() : null, key: nameKey(text) };
}

/** The user's lists, the Inbox first then by position, each with how many open tasks it holds. */
export async function listLists(ctx: TaskContext): Promise<TaskListView[]> {
  return ctx.store.transaction(async (tx) => {
    await tx.ensureInbox(ctx.user.id);
    return (await tx.lists(ctx.user.id)).map((list) => toView(list, list.openCount));
  });
}

/**
 * Creates a list `{name, color?}` at the end of the user's lists and emits list.created. Throws
 * AppError `invalid_input` (bad name or colour; more than 200 lists) or `conflict` (name taken,
 * case-insensitively).
 */
export async function createList(ctx: TaskContext, rawInput: unknown): Promise<TaskListView> {
  const input = parseInput(CreateListInput, rawInput);
  return ctx.store.transaction(async (tx) => {
    await tx.ensureInbox(ctx.user.id);
    const existing = await tx.lists(ctx.user.id);
    if (existing.length >= MAX_LISTS) {
      throw new AppError("invalid_input", `you have ${existing.length} lists, the most one account may have; delete one first`);
    }
    const list = await tx.insertList(ctx.user.id, { name: input.name, color: input.color ?? null });
    if (!list) throw nameTaken(input.name);
    await tx.appendEvent(listEvent("list.created", ctx.user.id, list));
    return toView(list);
  });
}

/**
 * Renames, recolours or moves a list (`{name?, color?, position?}`) and emits list.updated with the
 * changed fields. The Inbox keeps its name. Throws AppError `not_found`, `invalid_input` or
 * `conflict` (name taken).
 */
export async function updateList(ctx: TaskContext, rawId: unknown, rawInput: unknown): Promise<TaskListView> {
  const id = parseInput(ListId, rawId, "id");
  const input = parseInput(UpdateListInput, rawInput);
  return ctx.store.transaction(async (tx) => {
    const current = await tx.getList(ctx.user.id, id, { lock: true });
    if (!current) throw listNotFound(id);
    if (current.isInbox && input.name !== undefined && input.name !== current.name) {
      throw new AppError("invalid_input", "name: the Inbox keeps its name (its colour and position can change); make another list instead");
    }
    const changedFields = (["name", "color", "position"] as const).filter((key) => input[key] !== undefined && input[key] !== current[key]);
    const count = async () => (await tx.lists(ctx.user.id)).find((list) => list.id === id)?.openCount ?? 0;
    if (changedFields.length === 0) return toView(current, await count());
    const updated = await tx.updateList(ctx.user.id, id, Object.fromEntries(changedFields.map((key) => [key, input[key]])));
    if (updated === "name_taken") throw nameTaken(input.name ?? "");
    if (!updated) throw listNotFound(id);
    await tx.appendEvent(listEvent("list.updated", ctx.user.id, updated, { changedFields }));
    return toView(updated, await count());
  });
}

/**
 * Deletes a list. `{tasks: "inbox"}`: its tasks (those in the trash too) move to the Inbox (one
 * task.updated each) and the list is gone. `{tasks: "trash"}`: its tasks go to the trash (one
 * task.deleted each) and the list is kept as deleted: restoring any of its tasks brings the list
 * back (or, when a list of that name was made since, puts the task in that one). Emits
 * list.deleted. Throws AppError `not_found`, `invalid_input` (no `tasks`; the Inbox).
 */
export async function deleteList(ctx: TaskContext, rawId: unknown, rawInput: unknown): Promise<DeleteListResult> {
  const id = parseInput(ListId, rawId, "id");
  const { tasks } = parseInput(DeleteListInput, rawInput);
  const zone = ctx.user.timeZone;
  return ctx.store.transaction(async (tx) => {
    const list = await tx.getList(ctx.user.id, id, { lock: true });
    if (!list) throw listNotFound(id);
    if (list.isInbox) throw new AppError("invalid_input", "the Inbox cannot be deleted (every task without another list is in it)");
    const now = ctx.clock.now();
    if (tasks === "inbox") {
      const inbox = await tx.ensureInbox(ctx.user.id);
      const moved = await tx.moveListTasks(ctx.user.id, id, inbox.id);
      for (const task of moved) await tx.appendEvent(taskEvent("task.updated", ctx.user, toTaskView(task, now, zone), ["listId"]));
      await tx.removeList(ctx.user.id, id);
      await tx.appendEvent(listEvent("list.deleted", ctx.user.id, list, { tasks, taskCount: moved.length }));
      return { movedToInbox: moved.length };
    }
    const trashed = await tx.trashListTasks(ctx.user.id, id, now);
    for (const task of trashed) await tx.appendEvent(taskEvent("task.deleted", ctx.user, toTaskView(task, now, zone)));
    await tx.markListDeleted(ctx.user.id, id, now);
    await tx.appendEvent(listEvent("list.deleted", ctx.user.id, list, { tasks, taskCount: trashed.length }));
    return { trashed: trashed.length };
  });
}

/**
 * For a task just restored from the trash: when its list was deleted with it, brings the list back
 * (emitting list.created with `restored`), or, when a list of the same name was made since, moves
 * the task into that one. Answers the list id the task should now be in, when that changed.
 */
export async function reviveListOf(
  tx: TaskTransaction,
  userId: string,
  listId: string,
): Promise<{ revived: true } | { movedTo: string } | { unchanged: true }> {
  const list = await tx.getList(userId, listId, { includeDeleted: true, lock: true });
  if (!list?.deletedAt) return { unchanged: true };
  const revived = await tx.reviveList(userId, listId);
  if (revived) {
    await tx.appendEvent(listEvent("list.created", userId, revived, { restored: true }));
    return { revived: true };
  }
  const namesake = await tx.findListByKey(userId, nameKey(list.name));
  return { movedTo: (namesake ?? (await tx.ensureInbox(userId))).id };
}
