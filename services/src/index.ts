export { AppError, APP_ERROR_CODES, describeZodError, parseInput, type AppErrorCode } from "./errors.ts";
export { systemClock, fixedClock, type Clock } from "./clock.ts";
export { isValidTimeZone, machineTimeZone, localDate, startOfLocalDate, addDays, formatInstant, TimeZone } from "./time/zone.ts";
export { resolveDue, parseIsoDate, parseIsoDateTime, type ResolvedDue, type ResolveContext } from "./time/resolve-due.ts";
export { statedDue, type StatedDue } from "./time/resolve-due.ts";
export { resolveRecurrence, validateRRule } from "./time/resolve-recurrence.ts";
export {
  PRIORITIES,
  STATUSES,
  RECURRENCE_MODES,
  toTaskView,
  isOverdue,
  dueSortInstant,
  type Priority,
  type TaskStatus,
  type RecurrenceMode,
  type TaskRecord,
  type TaskFields,
  type TaskView,
  type SubtaskCount,
} from "./tasks/task-model.ts";
export { AddTaskInput, UpdateTaskInput, ListTasksInput, TaskId, SORT_FIELDS, type SortField } from "./tasks/task-inputs.ts";
export {
  TaskEventPayload,
  TASK_EVENT_TYPES,
  TASK_EVENT_SCHEMA_VERSION,
  taskEvent,
  type EventTaskView,
  type TaskEventDraft,
  type TaskEventType,
} from "./tasks/task-events.ts";
export type { TaskStore, TaskTransaction, TaskListCriteria, TrashCriteria, ListFields } from "./tasks/task-store.ts";
export type { TaskContext } from "./tasks/task-context.ts";
export { addTask } from "./tasks/add-task.ts";
export { updateTask } from "./tasks/update-task.ts";
export {
  completeTask,
  completeTaskAndSubtasks,
  reopenTask,
  type CompletedTask,
  type NextOccurrenceOutcome,
  type ReopenResult,
} from "./tasks/complete-task.ts";
export { CompleteTaskOptions, SUBTASK_COMPLETION } from "./tasks/task-inputs.ts";
export { MAX_SUBTASKS } from "./tasks/subtasks.ts";
export {
  deleteTask,
  restoreTask,
  listTrash,
  purgeTask,
  emptyTrash,
  purgeExpiredTrash,
  ListTrashInput,
  DEFAULT_TRASH_RETENTION_DAYS,
  type TrashPage,
} from "./tasks/trash.ts";
export { getTask, getTaskWithSubtasks, type TaskWithSubtasks } from "./tasks/get-task.ts";
export {
  addTasks,
  updateTasks,
  completeTasks,
  AddTasksInput,
  UpdateTasksInput,
  CompleteTasksInput,
  TaskFilter,
  MAX_ADD_TASKS,
  MAX_BULK_TASKS,
  type BulkChangeResult,
} from "./tasks/bulk.ts";
export { listTasks, type TaskPage } from "./tasks/list-tasks.ts";
export { listLists, createList, updateList, deleteList, resolveListId, resolveListIn, inboxOf, reviveListOf } from "./lists/lists.ts";
export {
  CreateListInput,
  UpdateListInput,
  DeleteListInput,
  ListId,
  ListRefInput,
  INBOX_NAME,
  MAX_LISTS,
  DELETE_LIST_TASKS,
  nameKey,
  type ListRef,
  type TaskListRecord,
  type TaskListView,
  type DeleteListResult,
} from "./lists/list-model.ts";
export {
  LIST_EVENT_TYPES,
  LIST_EVENT_SCHEMA_VERSION,
  ListEventPayload,
  ListViewSchema,
  listEvent,
  type ListEventDraft,
  type ListEventType,
} from "./lists/list-events.ts";
export { SignupInput, LoginInput, CreateTokenInput, Username, Password } from "./users/user-inputs.ts";
export { parse, parseAdd, type ParseContext } from "./nl/parse.ts";
export { readListPhrase, type ListPhrase } from "./nl/list-phrases.ts";
export type {
  ParsedIntent,
  AddTaskIntent,
  UpdateTaskIntent,
  CompleteTaskIntent,
  DeleteTaskIntent,
  ListTasksIntent,
  UnknownIntent,
  SaidFields,
  ListFilter,
  IntentName,
} from "./nl/intent.ts";
export { INTENTS } from "./nl/intent.ts";
export { interpret, isNo, isUndo, isYes, type ChatIntent } from "./nl/chat.ts";
export { matchTarget, readChoice, scoreTarget, type TargetMatch } from "./nl/target.ts";
export { firstOccurrence, nextOccurrence, type NextOccurrence, type RecurringTask } from "./time/occurrences.ts";
export { nextDueOf } from "./series/next-due.ts";
export { intendedWallTime, placeWallTime, formatWallTime, parseWallTime, type WallTime } from "./time/occurrences.ts";
export { TaskViewSchema } from "./tasks/task-events.ts";
export {
  TaskCloudEvent,
  ListCloudEvent,
  toCloudEvent,
  isTaskCloudEvent,
  type DomainCloudEvent,
  type HandlerResult,
  type OutboxRow,
} from "./events/task-cloud-event.ts";
export { idempotent, type ProcessedEvents, type EventHandler } from "./events/idempotent-consumer.ts";
export { classifyFailure, type FailureAnswer } from "./events/classify-failure.ts";
export { continueSeries, type SeriesOutcome } from "./series/continue-series.ts";
export { completeAndContinue, type CompletionNext, type CompletionResult } from "./series/complete-and-continue.ts";
export { planReminders, LEGACY_REMINDER_ID, type ReminderPlan } from "./reminders/reminder-time.ts";
export {
  MAX_REMINDERS,
  readReminders,
  remindersToView,
  isRelative,
  type TaskReminder,
  type ReminderView,
  type ReminderInputItem,
} from "./reminders/task-reminders.ts";
export { newToken, hashToken, looksLikeToken } from "./users/tokens.ts";
export { SafeText, isSafeText, UNSAFE_TEXT_MESSAGE } from "./validation/text.ts";
export { FIRST_YEAR, LAST_YEAR, DATE_RANGE_TEXT, isInDateRange, assertInDateRange } from "./time/date-range.ts";
export {
  OneTaskOutput,
  GetTaskOutput,
  DeleteTaskOutput,
  AddTasksToolInput,
  UpdateTasksToolInput,
  CompleteTasksToolInput,
  AddTasksOutput,
  BulkChangeOutput,
  CompleteTaskOutput,
  TaskPageOutput,
  TaskIdToolInput,
  CompleteTaskToolInput,
  UpdateTaskToolInput,
  ListTasksToolInput,
  TOOL_SCHEMAS,
  ListsOutput,
  OneListOutput,
  DeleteListOutput,
  ListsToolInput,
  UpdateListToolInput,
  DeleteListToolInput,
  TOOL_ERROR_CODES,
  TOOL_ERROR_META_KEY,
  ToolError,
  isToolName,
  type ToolName,
  type ToolInput,
  type ToolOutput,
  type ToolErrorCode,
} from "./mcp/tool-schemas.ts";
export { dayInWords, dueInWords, dueLabel, repeatInWords, taskInWords, reminderInWords, remindersInWords } from "./format/task-words.ts";
export {
  renderCalendar,
  feedTasks,
  feedEtag,
  feedLastModified,
  feedNotFound,
  feedOwner,
  feedSecretOf,
  calendarFeedState,
  regenerateCalendarFeed,
  COMPLETED_MARK,
  type CalendarFeedStore,
  type CalendarFeedState,
} from "./feeds/calendar-feed.ts";
export {
  exportUserData,
  exportTasksCsv,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  CSV_COLUMNS,
  type ExportDocument,
  type ExportedTask,
} from "./io/export-data.ts";
export { importUserData, MAX_IMPORT_BYTES, MAX_IMPORT_TASKS, type ImportResult } from "./io/import-data.ts";
export { importTodoistCsv } from "./io/todoist-csv.ts";
