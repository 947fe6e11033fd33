import { z } from "zod";
import { PRIORITIES, RECURRENCE_MODES } from "@todo/services";

export const TaskOutput = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  status: z.enum(["open", "done"]),
  priority: z.enum(PRIORITIES),
  tags: z.array(z.string()),
  dueAt: z.string().nullable().describe("Due instant with the user's UTC offset, for a timed task"),
  dueDate: z.string().nullable().describe("Due local date, for an all-day task"),
  overdue: z.boolean(),
  recurrence: z.string().nullable(),
  recurrenceMode: z.enum(RECURRENCE_MODES).nullable(),
  reminderMinutesBefore: z.number().nullable(),
  seriesId: z.string().nullable(),
  completedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});

export const OneTaskOutput = z.object({ task: TaskOutput });
export const TaskPageOutput = z.object({
  tasks: z.array(TaskOutput),
  nextCursor: z.string().nullable().describe("Pass as cursor to get the next page; null on the last page"),
});
