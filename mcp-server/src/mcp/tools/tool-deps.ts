import type { TaskContext } from "@todo/services";
import type { Logger } from "../../logger.ts";

/** What every tool needs: the signed-in user's task context and a logger. */
export interface ToolDeps {
  context: TaskContext;
  logger: Logger;
}
