// The first requests of a signed-in load, sent before the app's code has arrived. index.html runs this
// tiny module first (its own entry chunk, `async`, see vite.config.ts): with a token in this browser it
// asks who is signed in and for the first page of open tasks at once, so both answers travel while
// React, TanStack Query and the app are downloaded and evaluated, instead of after. `api()` picks an
// answer up by path and token (each once); a path never asked, or asked with another token, goes to
// the network as usual. No imports: anything imported would be loaded before this could run.

/** Where the session token is kept (localStorage); api.ts reads and writes the same key. */
export const TOKEN_KEY = "todo.token";

/** GET paths the dashboard asks for first; the open list's first page as task-data.ts spells it. */
export const EARLY_PATHS = ["/api/auth/me", "/api/tasks?status=open&sort=dueAt&limit=100"] as const;

const early = new Map<string, { token: string; response: Promise<Response> }>();

function start(): void {
  let token: string | null;
  try {
    token = localStorage.getItem(TOKEN_KEY);
  } catch {
    return; // storage refused (privacy settings): the app asks when it runs.
  }
  if (!token) return;
  for (const path of EARLY_PATHS) {
    const response = fetch(path, { headers: { "content-type": "application/json", authorization: `Bearer ${token}` } });
    // A failed early request is reported when (and if) the app takes it, not here.
    response.catch(() => undefined);
    early.set(path, { token, response });
  }
}
start();

/**
 * The answer to the early request for GET `path` made with `token`, once; null when there is none
 * (never asked, another token, already taken). The promise rejects with a TypeError when the network failed.
 */
export function takeEarlyResponse(path: string, token: string | null): Promise<Response> | null {
  const found = early.get(path);
  if (!found) return null;
  early.delete(path);
  return found.token === token ? found.response : null;
}
