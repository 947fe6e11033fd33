import type { Priority, TaskFields, TaskRecord } from "./task-model.ts";
import type { SortField } from "./task-inputs.ts";
import type { TaskEventDraft } from "./task-events.ts";

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
  searchWords?: string[];
  sort: SortField;
  order: "asc" | "desc";
  /** keyset position: rows strictly after this sort value and id (nulls sort last) */
  after?: { value: string | null; id: string };
  limit: number;
}

/** What a use case may do inside one transaction: the task change and its event commit together. */
export interface TaskTransaction {
  get(userId: string, id: string): Promise<TaskRecord | null>;
  /**
   * Reads a task and locks its row until the transaction ends (SELECT … FOR UPDATE): a concurrent
   * change of the same task waits, then sees what this transaction committed.
   */
  getForUpdate(userId: string, id: string): Promise<TaskRecord | null>;
  /** The task of series `seriesId` closest after position `afterIndex` (lowest occurrenceIndex above it), if any. */
  nextInSeries(userId: string, seriesId: string, afterIndex: number): Promise<TaskRecord | null>;
  insert(userId: string, fields: TaskFields): Promise<TaskRecord>;
  /** Inserts the next task of a series; null when that occurrence already exists (seriesId + occurrenceIndex). */
  insertOccurrence(userId: string, fields: TaskFields): Promise<TaskRecord | null>;
  /** Writes the change only if the task is still at `expectedVersion`; null when it is not (or is gone). */
  update(userId: string, id: string, expectedVersion: number, fields: Partial<TaskFields>): Promise<TaskRecord | null>;
  delete(userId: string, id: string): Promise<boolean>;
  appendEvent(event: TaskEventDraft): Promise<void>;
}

/** The persistence port of the task rules; implemented by the Prisma adapter in mcp-server. */
export interface TaskStore {
  transaction<T>(work: (tx: TaskTransaction) => Promise<T>): Promise<T>;
  get(userId: string, id: string): Promise<TaskRecord | null>;
  list(criteria: TaskListCriteria): Promise<TaskRecord[]>;
}
