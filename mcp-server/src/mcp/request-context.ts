import { AsyncLocalStorage } from "node:async_hooks";
import type { TaskContext } from "@todo/services";

const current = new AsyncLocalStorage<TaskContext>();

function active(): TaskContext {
  const context = current.getStore();
  if (!context) throw new Error("no MCP request is being answered: the request-scoped task context is only readable inside runInRequestContext");
  return context;
}

/**
 * A TaskContext whose every field is read from the MCP request being answered (see
 * `runInRequestContext`). It lets one McpServer, with its tools registered once, answer many
 * requests for different users: each request's context follows its own async calls
 * (AsyncLocalStorage), so two requests answered at once never see each other's user. Reading
 * it outside a request throws.
 */
export const requestScopedContext: TaskContext = new Proxy({} as TaskContext, {
  get: (_target, key): unknown => Reflect.get(active(), key) as unknown,
  has: (_target, key) => Reflect.has(active(), key),
  ownKeys: () => Reflect.ownKeys(active()),
  getOwnPropertyDescriptor: (_target, key) => {
    const descriptor = Reflect.getOwnPropertyDescriptor(active(), key);
    // A proxy may only report an own property as configurable when its target lacks it.
    return descriptor ? { ...descriptor, configurable: true } : undefined;
  },
});

/** Runs `work` (and everything it starts) with `context` as the request-scoped task context. */
export function runInRequestContext<T>(context: TaskContext, work: () => T): T {
  return current.run(context, work);
}
