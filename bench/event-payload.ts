/**
 * The `data` of a task event for the relay benchmarks: a plain open task of `userId` (UTC), with
 * `task` fields overriding the defaults (e.g. its id and title).
 */
export function benchEventPayload(userId: string, task: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    version: 1,
    userId,
    timeZone: "UTC",
    task: {
      id: "00000000-0000-4000-8000-000000000000",
      title: "x",
      description: null,
      status: "open",
      priority: "medium",
      tags: [],
      dueAt: null,
      dueDate: null,
      overdue: false,
      recurrence: null,
      recurrenceMode: null,
      reminderMinutesBefore: null,
      seriesId: null,
      occurrenceIndex: 1,
      completedAt: null,
      createdAt: "2026-11-26T00:00:00Z",
      updatedAt: "2026-11-26T00:00:00Z",
      version: 1,
      ...task,
    },
    ...extra,
  };
}
