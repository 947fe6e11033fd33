import type { Clock } from "../clock.ts";
import type { TaskStore } from "./task-store.ts";

/** Who is acting and with what: every task use case runs for one signed-in user. */
export interface TaskContext {
  store: TaskStore;
  clock: Clock;
  user: { id: string; timeZone: string };
}
