// Connected apps: which apps (MCP clients) may use the user's tasks, what they may do, when they were
// last used, and a Disconnect button that ends that app's access at once.
// Built on GET /api/connected-apps and DELETE /api/connected-apps/:clientId.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { DateTime } from "luxon";
import { api, ApiError } from "./api.ts";
import { useToast } from "./toasts.tsx";

interface ConnectedApp {
  clientId: string;
  name: string;
  logoUri: string | null;
  scopes: string[];
  connectedAt: string;
  lastUsedAt: string | null;
}

/**
 * What the granted scopes let the app do, in words (the same meaning as the consent page's): tasks:write
 * includes tasks:read, so it is said once. Unknown scopes are named as they are.
 */
function scopesInWords(scopes: string[]): string {
  const known = scopes.includes("tasks:write")
    ? ["see and change your tasks (add, update, complete and delete them)"]
    : scopes.includes("tasks:read")
      ? ["see your tasks"]
      : [];
  const other = scopes.filter((s) => s !== "tasks:read" && s !== "tasks:write");
  return [...known, ...other].join(" and ") || "do nothing yet";
}

export function ConnectedApps({ zone }: { zone: string }) {
  const client = useQueryClient();
  const toast = useToast();
  const apps = useQuery({ queryKey: ["connected-apps"], queryFn: () => api<{ apps: ConnectedApp[] }>("/api/connected-apps"), retry: false });
  const revoke = useMutation({
    mutationFn: (app: ConnectedApp) => api(`/api/connected-apps/${encodeURIComponent(app.clientId)}`, { method: "DELETE" }),
    onSuccess: (_, app) => {
      toast({ text: `Disconnected ${app.name}` });
      return client.invalidateQueries({ queryKey: ["connected-apps"] });
    },
    onError: (_, app) => toast({ text: `Could not disconnect ${app.name}. Try again.` }),
  });
  const when = (iso: string) => DateTime.fromISO(iso, { zone }).toFormat("d LLL yyyy");

  if (apps.isPending) return <p>Loading…</p>;
  if (apps.isError)
    return (
      <p className="empty">
        {apps.error instanceof ApiError && apps.error.status === 404
          ? "This server does not offer connected apps yet."
          : "Could not load your connected apps."}
      </p>
    );
  if (apps.data.apps.length === 0)
    return <p className="empty">No apps are connected. Apps such as AI assistants ask here before they can use your tasks.</p>;
  return (
    <ul className="app-list" aria-label="Connected apps">
      {apps.data.apps.map((app) => (
        <li key={app.clientId} className="card app">
          <div>
            <strong>{app.name}</strong>
            <p className="hint">
              Can {scopesInWords(app.scopes)}. Connected {when(app.connectedAt)}
              {app.lastUsedAt ? `, last used ${when(app.lastUsedAt)}` : ", not used yet"}.
            </p>
          </div>
          <button type="button" className="secondary danger" disabled={revoke.isPending} onClick={() => revoke.mutate(app)}>
            Disconnect <span className="visually-hidden">{app.name}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
