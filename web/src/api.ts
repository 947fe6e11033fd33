// The page's only door to the server: JSON over fetch with the session's bearer token. Every answer
// that is not 2xx becomes an ApiError carrying the HTTP status, the API's error code and, when the
// message names one ("title: must not be empty"), the field it is about.
import type { TaskView } from "@todo/services/format";
import { takeEarlyResponse, TOKEN_KEY } from "./boot.ts";

export type { TaskView };
export type Priority = TaskView["priority"];

export interface User {
  id: string;
  username: string;
  timeZone: string;
}

/** The session token kept in this browser (localStorage), or null when signed out. */
export function storedToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}
export function storeToken(token: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

/** An API answer other than 2xx: `status` (HTTP), `code` (the API's, e.g. "conflict"), `field` when named. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly field: string | null,
  ) {
    super(message);
  }
}

let onUnauthorized: () => void = () => undefined;
/** Called when the server answers 401 to a signed-in request (the session ended elsewhere). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/**
 * Sends `body` as JSON to `path` and reads the JSON answer (null for 204).
 * @throws ApiError for any non-2xx answer; TypeError when the network fails.
 */
export async function api<T>(path: string, options: { method?: string; body?: unknown; token?: string | null } = {}): Promise<T> {
  const token = options.token === undefined ? storedToken() : options.token;
  const method = options.method ?? "GET";
  // The page's first GETs were sent by boot.ts before this code arrived: take the answer already travelling.
  const early = method === "GET" ? takeEarlyResponse(path, token) : null;
  const response = await (early ??
    fetch(path, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    }));
  if (response.status === 401 && token) onUnauthorized();
  const data: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw errorFrom(response.status, data);
  return data as T;
}

/** The ApiError for an error answer `{ error: { code, message } }` (or anything else). */
export function errorFrom(status: number, data: unknown): ApiError {
  const error = (data as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const message = typeof error?.message === "string" ? error.message : `The server answered ${status}`;
  const field = /^([a-zA-Z]+)(?:\.\d+)?: /.exec(message)?.[1] ?? null;
  return new ApiError(message, status, typeof error?.code === "string" ? error.code : "error", field);
}

export interface TaskPage {
  tasks: TaskView[];
  nextCursor: string | null;
}

/** The fields the create/edit dialog sends (see AddTaskInput / UpdateTaskInput in services). */
export interface TaskChanges {
  title?: string;
  description?: string | null;
  priority?: Priority;
  tags?: string[];
  dueAt?: string | null;
  dueDate?: string | null;
  recurrence?: string | null;
  recurrenceMode?: "schedule" | "completion";
  reminderMinutesBefore?: number | null;
  reminders?: Array<{ minutesBefore: number } | { at: string }> | null;
  version?: number;
}

/** POST /api/tasks/:id/complete: the task, and when it repeats, when the next one is due. */
export interface CompleteResult {
  task: TaskView;
  next?: { dueAt: string | null; dueDate: string | null } | null;
  /** The open subtasks completed with it (subtasks: "complete"); Undo reopens them. */
  completedSubtasks?: TaskView[];
}
