import { EventEmitter } from "node:events";

export interface InAppNotification {
  kind: "reminder" | "task-changed";
  taskId: string;
  title: string;
  body: string;
  at: string;
}

/** Fans in-app notifications out to the open SSE streams of each user, in this process. */
export class NotificationHub {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  subscribe(userId: string, listener: (notification: InAppNotification) => void): () => void {
    this.emitter.on(userId, listener);
    return () => this.emitter.off(userId, listener);
  }

  publish(userId: string, notification: InAppNotification): void {
    this.emitter.emit(userId, notification);
  }
}
