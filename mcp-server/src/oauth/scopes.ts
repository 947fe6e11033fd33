/** The OAuth scopes of the task API (MCP spec 2025-11-25 "Authorization", scope selection). */
export const SCOPES = ["tasks:read", "tasks:write"] as const;
export type Scope = (typeof SCOPES)[number];

/** What the consent page shows for each scope. */
export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  "tasks:read": "See your tasks: list them and read their details",
  "tasks:write": "Change your tasks: add, update, complete and delete them",
};

export const isScope = (value: string): value is Scope => (SCOPES as readonly string[]).includes(value);

/** Space-separated scope text (RFC 6749 §3.3) as a list without repeats, in SCOPES order. */
export function parseScopes(text: string): string[] {
  const asked = new Set(text.split(" ").filter(Boolean));
  return [...SCOPES.filter((scope) => asked.has(scope)), ...[...asked].filter((scope) => !isScope(scope))];
}

/** Whether `granted` allows `needed`: tasks:write includes tasks:read (every change also reads the task it answers with). */
export function allows(granted: readonly string[], needed: Scope): boolean {
  return granted.includes(needed) || (needed === "tasks:read" && granted.includes("tasks:write"));
}
