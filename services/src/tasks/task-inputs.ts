import { z } from "zod";
import { PRIORITIES, RECURRENCE_MODES } from "./task-model.ts";
import { SafeText } from "../validation/text.ts";
import { MAX_REMINDERS } from "../reminders/task-reminders.ts";
import { ListRefInput } from "../lists/list-model.ts";

const Title = SafeText.trim()
  .min(1, { error: "must not be empty" })
  // zod types issue.input as unknown; for this schema it is always the trimmed title, a string.
  .max(500, { error: (issue) => `must be at most 500 characters${typeof issue.input === "string" ? `; got ${issue.input.length}` : ""}` })
  .describe("What to do, 1-500 characters");
const Description = SafeText.max(10_000, { error: "must be at most 10,000 characters" }).describe("Longer notes, up to 10,000 characters");
const Priority = z.enum(PRIORITIES).describe("low, medium, high or urgent");
const Tag = SafeText.trim()
  .transform((tag) => tag.replace(/^#/, "").toLowerCase())
  .pipe(z.string().regex(/^[\p{L}\p{N}_\-./]{1,50}$/u, { error: "each tag must be 1-50 letters, digits or _-./ (no spaces)" }));
const Tags = z
  .array(Tag)
  .max(20, { error: "at most 20 tags" })
  .transform((tags) => [...new Set(tags)])
  .describe('Labels, e.g. ["work", "home"]; stored lower-case without \'#\', duplicates removed');
const Due = SafeText.max(200, { error: "must be at most 200 characters" }).describe(
  "When it is due: a phrase like 'tomorrow 5pm', 'friday', 'in 3 days', or an ISO date (all-day) / date-time (timed), in the user's time zone. " +
    "In an update it changes only what it says: a day alone keeps a timed task's time of day, a time alone keeps its day",
);
const DueAt = SafeText.max(64).describe(
  "A due instant, ISO 8601 (e.g. 2026-12-24T17:00:00Z; without an offset it is read in the user's zone). Makes the task timed.",
);
const DueDate = SafeText.max(32).describe("A due calendar date YYYY-MM-DD. Makes the task all-day.");
const Recurrence = SafeText.max(300, { error: "must be at most 300 characters" }).describe(
  "How it repeats: an RFC 5545 RRULE body (FREQ=WEEKLY;BYDAY=MO; several times a day: FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0) or a phrase like 'every weekday', 'every 2 weeks', 'monthly on the 15th'",
);
const Mode = z
  .enum(RECURRENCE_MODES)
  .describe("schedule: the next occurrence follows the calendar; completion: counted from when the task is completed");
const Reminder = z
  .number()
  .int({ error: "must be a whole number of minutes" })
  .min(0, { error: "must be 0 or more" })
  .max(525_600, { error: "must be at most 525600 (one year)" })
  .describe("Remind this many minutes before the due moment (0 = at the due moment)");
const ReminderAt = SafeText.max(64).describe(
  "An absolute reminder: an ISO date-time (without an offset it is read in the user's zone) or a phrase with a time, like 'Dec 3 at 8am'",
);
const ReminderItem = z
  .strictObject({
    minutesBefore: Reminder.optional(),
    at: ReminderAt.optional(),
    id: z.string().max(64).optional().describe("Ignored: a reminder as returned may be sent back as it is"),
  })
  .refine((item) => (item.minutesBefore === undefined) !== (item.at === undefined), {
    error: "each reminder needs minutesBefore (minutes before the due moment, 0 = at due time) or at (a date-time), not both",
  });
const Reminders = z
  .array(ReminderItem)
  .max(MAX_REMINDERS, { error: `at most ${MAX_REMINDERS} reminders per task` })
  .describe(
    `Up to ${MAX_REMINDERS} reminders: {minutesBefore: 1440} = 1 day before the due moment, {minutesBefore: 0} = at due time, {at: '2026-12-03T08:00'} = at that moment. Replaces all the task's reminders`,
  );
export const TaskId = z.uuid({ error: "must be a task id (a UUID) as returned by add_task or list_tasks" });
// Subtasks
const ParentId = z
  .uuid({ error: "must be the id (a UUID) of the task to put this one under, as returned by add_task or list_tasks" })
  .describe("Make it a subtask of this task (one level only: a subtask cannot have subtasks); it goes last among them");
const Position = z
  .number()
  .int({ error: "must be a whole number" })
  .min(0, { error: "must be 0 or more (0 = first)" })
  .max(1000, { error: "must be at most 1000" })
  .describe("A subtask's place among its parent's subtasks, 0 = first; the others move to make room (a number past the end = last)");
/** What completing a task with open subtasks does to them: complete them too, or refuse (the default). */
export const SUBTASK_COMPLETION = ["complete", "refuse"] as const;
export const CompleteTaskOptions = z.strictObject({
  subtasks: z
    .enum(SUBTASK_COMPLETION, { error: 'must be "complete" (complete its open subtasks too) or "refuse" (the default)' })
    .optional()
    .describe('When the task has open subtasks: "complete" completes them too; "refuse" (default) fails with open_subtasks and changes nothing'),
});
export type CompleteTaskOptions = z.infer<typeof CompleteTaskOptions>;

/** Fields to create a task. Give at most one of due, dueAt, dueDate. */
export const AddTaskInput = z.strictObject({
  title: Title,
  description: Description.optional(),
  priority: Priority.optional(),
  tags: Tags.optional(),
  due: Due.optional(),
  dueAt: DueAt.optional(),
  dueDate: DueDate.optional(),
  recurrence: Recurrence.optional(),
  recurrenceMode: Mode.optional(),
  reminderMinutesBefore: Reminder.optional(),
  parentId: ParentId.optional(),
  reminders: Reminders.optional(),
  list: ListRefInput.optional(),
});
export type AddTaskInput = z.infer<typeof AddTaskInput>;

/** A partial change: absent fields stay as they are, an explicit null clears a field. */
export const UpdateTaskInput = z.strictObject({
  title: Title.optional(),
  description: Description.nullable().optional(),
  priority: Priority.optional(),
  tags: Tags.optional(),
  due: Due.nullable().optional(),
  dueAt: DueAt.nullable().optional(),
  dueDate: DueDate.nullable().optional(),
  recurrence: Recurrence.nullable().optional(),
  recurrenceMode: Mode.optional(),
  reminderMinutesBefore: Reminder.nullable().optional(),
  position: Position.optional(),
  reminders: Reminders.nullable().optional(),
  list: ListRefInput.optional().describe("Move it to this list: a list's name (case-insensitive) or id"),
  version: z.number().int().positive().optional().describe("The version you last read; the update fails with a conflict if the task changed since"),
});
export type UpdateTaskInput = z.infer<typeof UpdateTaskInput>;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date YYYY-MM-DD" });
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) =>
      typeof value === "string"
        ? value
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean)
        : value,
    z.array(item),
  );
const Flag = z.preprocess((value) => (value === "true" ? true : value === "false" ? false : value), z.boolean());

export const SORT_FIELDS = ["dueAt", "priority", "createdAt", "title"] as const;
export type SortField = (typeof SORT_FIELDS)[number];

/** Filters, sort and page of a task list. Strings are accepted for query-string use. */
export const ListTasksInput = z.strictObject({
  status: z.enum(["open", "done", "all"]).default("open").describe("open (default), done or all"),
  priority: oneOrMany(Priority).optional().describe("Only these priorities (any of)"),
  tags: oneOrMany(Tag).optional().describe("Only tasks carrying all of these tags"),
  dueFrom: IsoDate.optional().describe("Due on or after this local date (YYYY-MM-DD)"),
  dueTo: IsoDate.optional().describe("Due on or before this local date (YYYY-MM-DD)"),
  overdue: Flag.optional().describe("true: only open tasks whose due moment has passed"),
  recurring: Flag.optional().describe("true: only repeating tasks; false: only one-off tasks"),
  search: SafeText.trim().max(200).optional().describe("Words that must all appear in the title or description"),
  list: ListRefInput.optional().describe("Only tasks in this list: its name (case-insensitive, e.g. 'Work') or id"),
  sort: z.enum(SORT_FIELDS).default("dueAt").describe("dueAt (default; undated last), priority, createdAt or title"),
  order: z.enum(["asc", "desc"]).optional().describe("asc or desc; default asc, but desc for priority and createdAt"),
  limit: z.coerce
    .number()
    .int()
    .min(1, { error: "must be 1-100" })
    .max(100, { error: "must be 1-100" })
    .default(50)
    .describe("Page size, 1-100 (default 50)"),
  cursor: SafeText.max(500).optional().describe("nextCursor from the previous page"),
});
export type ListTasksInput = z.infer<typeof ListTasksInput>;
