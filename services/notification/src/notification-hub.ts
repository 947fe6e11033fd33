import { EventEmitter } from "node:events";

export interface InAppNotification {
  kind: "reminder" | "task-changed";
  taskId: string;
  title: string;
  body: string;
  at: string;
}

/** An open in-app stream, as the hub tracks it to close it when its token stops being valid. */
export interface OpenStream {
  userId: string;
  /** sha256 of the bearer token the stream was opened with (as `ApiToken.tokenHash`). */
  tokenHash: string;
  /** Whether the token still authenticates this user (false: revoked, expired, or another user). */
  stillValid: () => Promise<boolean>;
  /** Ends the stream, telling the page why. */
  close: (reason: StreamCloseReason) => void;
}
export type StreamCloseReason = "token-revoked" | "too-many-streams";

export interface NotificationHubOptions {
  /** How often open streams re-check their token, in ms (default 20 s); the revocation delay on other replicas. */
  recheckMs?: number;
  /** Open streams a user may have at once (default 10); one more closes their oldest. */
  maxStreamsPerUser?: number;
  /** Told when a re-check fails (e.g. the database is down); streams stay open then. */
  onRecheckError?: (error: unknown) => void;
}

/**
 * Fans in-app notifications out to the open SSE streams of each user, in this process, and keeps
 * those streams honest: a stream lives only as long as its token — closed at once by
 * {@link NotificationHub.closeToken} on this process, and within `recheckMs` anywhere, since every
 * replica re-checks its open streams' tokens (one check per distinct token per tick, not per stream).
 */
export class NotificationHub {
  private readonly emitter = new EventEmitter();
  /** Open streams per user, oldest first. */
  private readonly streams = new Map<string, OpenStream[]>();
  private readonly recheckMs: number;
  private readonly maxStreamsPerUser: number;
  private timer: NodeJS.Timeout | undefined;
  private rechecking = false;

  constructor(private readonly options: NotificationHubOptions = {}) {
    this.emitter.setMaxListeners(0);
    this.recheckMs = options.recheckMs ?? 20_000;
    this.maxStreamsPerUser = options.maxStreamsPerUser ?? 10;
  }

  subscribe(userId: string, listener: (notification: InAppNotification) => void): () => void {
    this.emitter.on(userId, listener);
    return () => this.emitter.off(userId, listener);
  }

  publish(userId: string, notification: InAppNotification): void {
    this.emitter.emit(userId, notification);
  }

  /**
   * Registers an open stream; returns the function to call when it ends (idempotent). When the user
   * already has `maxStreamsPerUser` open, the oldest is closed ("too-many-streams").
   */
  track(stream: OpenStream): () => void {
    const list = this.streams.get(stream.userId) ?? [];
    this.streams.set(stream.userId, list);
    list.push(stream);
    for (const oldest of list.slice(0, Math.max(0, list.length - this.maxStreamsPerUser))) this.end(oldest, "too-many-streams");
    this.timer ??= setInterval(() => void this.recheck(), this.recheckMs).unref();
    return () => this.untrack(stream);
  }

  /** Closes every open stream of this token (e.g. just revoked); returns how many. */
  closeToken(tokenHash: string): number {
    const doomed = [...this.streams.values()].flat().filter((stream) => stream.tokenHash === tokenHash);
    for (const stream of doomed) this.end(stream, "token-revoked");
    return doomed.length;
  }

  /** Open streams in this process (all users). */
  get openStreams(): number {
    let count = 0;
    for (const list of this.streams.values()) count += list.length;
    return count;
  }

  /** Re-checks each distinct token of the open streams once; closes the streams of invalid ones. */
  async recheck(): Promise<number> {
    if (this.rechecking) return 0;
    this.rechecking = true;
    try {
      const byToken = new Map<string, OpenStream>();
      for (const stream of [...this.streams.values()].flat()) if (!byToken.has(stream.tokenHash)) byToken.set(stream.tokenHash, stream);
      let closed = 0;
      for (const [tokenHash, stream] of byToken) {
        const valid = await stream.stillValid().catch((error: unknown) => {
          this.options.onRecheckError?.(error);
          return true;
        });
        if (!valid) closed += this.closeToken(tokenHash);
      }
      return closed;
    } finally {
      this.rechecking = false;
    }
  }

  /** Stops the re-check timer (streams themselves end with their connections). */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private end(stream: OpenStream, reason: StreamCloseReason): void {
    this.untrack(stream);
    stream.close(reason);
  }

  private untrack(stream: OpenStream): void {
    const list = this.streams.get(stream.userId);
    const index = list?.indexOf(stream) ?? -1;
    if (!list || index < 0) return;
    list.splice(index, 1);
    if (!list.length) this.streams.delete(stream.userId);
    if (!this.streams.size) this.stop();
  }
}
