import { z } from "zod";
import { TaskViewSchema } from "@todo/services";

export const OneTaskOutput = z.object({ task: TaskViewSchema });
export const TaskPageOutput = z.object({
  tasks: z.array(TaskViewSchema),
  nextCursor: z.string().nullable().describe("Pass as cursor to get the next page; null on the last page"),
});
