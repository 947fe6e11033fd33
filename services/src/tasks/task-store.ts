import type { Priority, TaskFields, TaskRecord } from "./task-model.ts";
import type { SortField } from "./task-inputs.ts";
import type { TaskEventDraft } from "./task-events.ts";
import type { ListEventDraft } from "../lists/list-events.ts";
import type { TaskListRecord } from "../lists/list-model.ts";

/** The fields of a list a use case may write. */
export type ListFields = Pick<TaskListRecord, "name" | "color" | "position">;

/** A resolved list query: every date already turned into instants in the owner's zone. */
export interface TaskListCriteria {
  userId: string;
  status?: "open" | "done";
  priorities?: Priority[];
  tags?: string[];
  /** dueSortAt >= this */
  dueFrom?: Date;
  /** dueSortAt < this */
  dueBefore?: Date;
  /** open tasks with dueAt before `now` or dueDate before `today` */
  overdue?: { now: Date; today: string };
  /** only tasks that do not match, when false */
  notOverdue?: { now: Date; today: string };
  recurring?: boolean;
  /** only tasks in this list */
  listId?: string;
  /**
   * only tasks in the user's (not deleted) list with this id or, failing that, this name key
   * (list-model nameKey): resolved by the list query itself, saving a round trip; no list matches
   * no task. The caller tells "unknown list" from "empty list" when the page is empty.
   */
  listRef?: { id: string | null; key: string };
  searchWords?: string[];
  sort: SortField;
  order: "asc" | "desc";
  /** keyset position: rows strictly after this sort value and id (nulls sort last) */
  after?: { value: string | null; id: string };
  limit: number;
}

/** A page of a user's trash, most recently deleted first. */
export interface TrashCriteria {
  userId: string;
  /** keyset position: rows deleted before this (deletedAt, id) */
  after?: { deletedAt: Date; id: string };
  limit: number;
}

/**
 * What a use case may do inside one transaction: the task change and its event commit together.
 * Every method but the trash ones sees only tasks that are not in the trash.
 */
export interface TaskTransaction {
  get(userId: string, id: string): Promise<TaskRecord | null>;
  /**
   * Reads a task and locks its row until the transaction ends (SELECT … FOR UPDATE): a concurrent
   * change of the same task waits, then sees what this transaction committed.
   */
  getForUpdate(userId: string, id: string): Promise<TaskRecord | null>;
  /** The user's tasks among `ids`, their rows locked until the transaction ends (in id order, so two bulk changes never deadlock). */
  getManyForUpdate(userId: string, ids: string[]): Promise<TaskRecord[]>;
  /** A list query inside the transaction (what a bulk change by filter acts on). */
  list(criteria: TaskListCriteria): Promise<TaskRecord[]>;
  /** The task of series `seriesId` closest after position `afterIndex` (lowest occurrenceIndex above it), if any. */
  nextInSeries(userId: string, seriesId: string, afterIndex: number): Promise<TaskRecord | null>;
  insert(userId: string, fields: TaskFields): Promise<TaskRecord>;
  /**
   * Inserts the next task of a series; null when that occurrence already exists (seriesId +
   * occurrenceIndex). An occurrence in the trash does not count: it is purged and replaced, as a
   * deleted one was before tasks had a trash.
   */
  insertOccurrence(userId: string, fields: TaskFields): Promise<TaskRecord | null>;
  /** Writes the change only if the task is still at `expectedVersion`; null when it is not (or is gone). */
  update(userId: string, id: string, expectedVersion: number, fields: Partial<TaskFields>): Promise<TaskRecord | null>;
  /** Moves a task to the trash at `at` (its version goes up); null when it is not there (or already in the trash). */
  moveToTrash(userId: string, id: string, at: Date): Promise<TaskRecord | null>;
  /** A task in the trash, its row locked until the transaction ends; null when it is not in the trash. */
  getTrashedForUpdate(userId: string, id: string): Promise<TaskRecord | null>;
  /** Takes a task out of the trash (its version goes up); null when it was not in the trash. */
  restoreFromTrash(userId: string, id: string): Promise<TaskRecord | null>;
  /** Deletes a task for good, in the trash or not; false when there was none. */
  purge(userId: string, id: string): Promise<boolean>;
  /** Deletes every task in the user's trash for good; how many. */
  purgeTrash(userId: string): Promise<number>;
  // Subtasks
  /** A task's subtasks outside the trash, in their order (position, then id); `forUpdate` locks their rows. */
  subtasks(userId: string, parentId: string, options?: { forUpdate?: boolean }): Promise<TaskRecord[]>;
  /** A task's subtasks that went to the trash at `deletedAt` (with their parent), in their order. */
  trashedSubtasks(userId: string, parentId: string, deletedAt: Date): Promise<TaskRecord[]>;
  /** Sets the positions of a parent's subtasks to 0, 1, 2… in the order of `ids` (order only: versions stay). */
  setPositions(userId: string, parentId: string, ids: string[]): Promise<void>;
  appendEvent(event: TaskEventDraft | ListEventDraft): Promise<void>;
  // Lists (projects)
  /** The user's lists (not deleted): the Inbox first, then by position and name; each with its open tasks counted. */
  lists(userId: string): Promise<Array<TaskListRecord & { openCount: number }>>;
  /** One of the user's lists; a deleted one only with `includeDeleted`. `lock`: its row is locked until the transaction ends. */
  getList(userId: string, id: string, options?: { includeDeleted?: boolean; lock?: boolean }): Promise<TaskListRecord | null>;
  /** The user's (not deleted) list whose name has this key (see nameKey). */
  findListByKey(userId: string, key: string): Promise<TaskListRecord | null>;
  /** The user's Inbox, made if it does not exist yet (safe against a concurrent first use). */
  ensureInbox(userId: string): Promise<TaskListRecord>;
  /** Inserts a list at the end of the user's lists; null when a list of that name (key) exists. */
  insertList(userId: string, fields: Omit<ListFields, "position">): Promise<TaskListRecord | null>;
  /** Changes a list; null when it is not there, "name_taken" when another list has the new name. */
  updateList(userId: string, id: string, fields: Partial<ListFields>): Promise<TaskListRecord | null | "name_taken">;
  /** Moves every task of a list (those in the trash too) into another; answers the ones not in the trash, as they are now. */
  moveListTasks(userId: string, fromListId: string, toListId: string): Promise<TaskRecord[]>;
  /** Moves a list's tasks that are not in the trash into it at `at`; answers them as they were. */
  trashListTasks(userId: string, listId: string, at: Date): Promise<TaskRecord[]>;
  /** Deletes a list with no tasks left for good. */
  removeList(userId: string, id: string): Promise<void>;
  /** Marks a list deleted (its tasks went to the trash): it leaves the user's lists and frees its name. */
  markListDeleted(userId: string, id: string, at: Date): Promise<void>;
  /** Brings a deleted list back; null when its name is taken by a list made since. */
  reviveList(userId: string, id: string): Promise<TaskListRecord | null>;
}

/** The persistence port of the task rules; implemented by the Prisma adapter in mcp-server. */
export interface TaskStore {
  transaction<T>(work: (tx: TaskTransaction) => Promise<T>): Promise<T>;
  get(userId: string, id: string): Promise<TaskRecord | null>;
  list(criteria: TaskListCriteria): Promise<TaskRecord[]>;
  /** A task's subtasks outside the trash, in their order. */
  subtasks(userId: string, parentId: string): Promise<TaskRecord[]>;
  /** The user's trash, most recently deleted first. */
  listTrash(criteria: TrashCriteria): Promise<TaskRecord[]>;
  /**
   * Deletes for good, for every user, at most `limit` tasks that went to the trash before `cutoff`;
   * how many. The scheduled purge calls it until it returns less than `limit`.
   */
  purgeTrashedBefore(cutoff: Date, limit: number): Promise<number>;
}
