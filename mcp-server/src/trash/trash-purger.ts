import { purgeExpiredTrash, type Clock, type TaskStore } from "@todo/services";
import type { Logger } from "@todo/http-kit";

export interface TrashPurgerOptions {
  store: TaskStore;
  clock: Clock;
  logger: Logger;
  /** Days a deleted task stays in the trash (TRASH_RETENTION_DAYS). */
  retentionDays: number;
  /** How often to look, in ms (default one hour); the first look is at start. */
  intervalMs?: number;
}

/**
 * The scheduled purge of the trash: at start and then every `intervalMs`, deletes for good the tasks
 * deleted more than `retentionDays` ago. The query is by deadline (`deletedAt` before now minus the
 * retention), so a process that was down catches up at its next start, and replicas running it at
 * the same time share the work (rows are taken with SKIP LOCKED).
 */
export class TrashPurger {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly options: TrashPurgerOptions) {}

  /** One purge now; resolves to how many tasks were deleted for good. A failure is logged, not thrown. */
  runOnce(): Promise<number> {
    this.running ??= purgeExpiredTrash(this.options.store, this.options.clock, this.options.retentionDays)
      .then((purged) => {
        if (purged) this.options.logger.info({ purged, retentionDays: this.options.retentionDays }, "purged expired tasks from the trash");
        return purged;
      })
      .catch((error: unknown) => {
        this.options.logger.warn({ err: error }, "could not purge the trash; will try again at the next interval");
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  start(): void {
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), this.options.intervalMs ?? 3_600_000);
    this.timer.unref();
  }

  /** Stops the timer and waits for a purge in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
