import type { PrismaClient } from "@todo/db";
import { AppError, continueSeries, type EventTaskView, type SeriesOutcome, type TaskContext } from "@todo/services";
import type { AuthenticatedUser } from "../accounts/accounts.ts";

/** Creates the next occurrence after `completed` for the user `userId` (see `continueSeries`). */
export type ContinueSeriesOf = (userId: string, completed: EventTaskView) => Promise<SeriesOutcome>;

/**
 * The one way a series is continued for a user, whoever asks: the recurrence consumer in the
 * embedded process, or the recurrence worker through `/internal/series/continue`. Throws AppError
 * `not_found` when the user no longer exists, which consumers treat as a permanent failure (DROP).
 */
export function seriesContinuer(prisma: PrismaClient, contextFor: (user: AuthenticatedUser) => TaskContext): ContinueSeriesOf {
  return async (userId, completed) => {
    const user = await prisma.user.findUnique({ where: { id: userId } });
    if (!user) throw new AppError("not_found", `No user ${userId}; the series ends with its account`);
    return continueSeries(contextFor(user), completed);
  };
}
