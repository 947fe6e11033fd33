import type { TaskContext } from "@todo/services";
import type { Logger } from "@todo/http-kit";

/** What every tool needs: the signed-in user's task context and a logger. */
export interface ToolDeps {
  context: TaskContext;
  logger: Logger;
}
