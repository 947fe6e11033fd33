// /consent?request=<id>: an app asks to use the user's tasks. Shows which app, where it will send the
// user back, and what it may do, then sends Allow or Deny and follows the redirect the server gives.
// Built on the OAuth consent API: GET /api/oauth/requests/:id, POST /api/oauth/requests/:id/decision.
import { useEffect, useState } from "react";
import { DateTime } from "luxon";
import { api, ApiError } from "./api.ts";
import { useSession } from "./session.tsx";

interface ConsentRequest {
  client: { id: string; name: string; logoUri: string | null; clientUri: string | null };
  redirectHost: string;
  scopes: Array<{ name: string; description: string }>;
  expiresAt: string;
}

export function ConsentPage({ requestId }: { requestId: string | null }) {
  const { user, signOut } = useSession();
  const [request, setRequest] = useState<ConsentRequest | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!requestId) return;
    api<ConsentRequest>(`/api/oauth/requests/${encodeURIComponent(requestId)}`).then(setRequest, (caught: unknown) =>
      setError(
        caught instanceof ApiError && caught.status === 404
          ? "This request has expired or was already answered. Start connecting the app again."
          : "Could not load the request. Try again.",
      ),
    );
  }, [requestId]);

  async function decide(allow: boolean) {
    if (!requestId) return;
    setBusy(true);
    try {
      const { redirectTo } = await api<{ redirectTo: string }>(`/api/oauth/requests/${encodeURIComponent(requestId)}/decision`, {
        method: "POST",
        body: { allow },
      });
      window.location.assign(redirectTo);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Could not send your answer. Try again.");
      setBusy(false);
    }
  }

  const problem = requestId ? error : "This link is missing the request. Start connecting the app again.";
  return (
    <main className="auth consent">
      <h1>Connect an app</h1>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {!request && !problem && <p>Loading…</p>}
      {request && (
        <section className="card" aria-labelledby="consent-app">
          <div className="app-identity">
            <span className="app-avatar" aria-hidden="true">
              {request.client.name.slice(0, 1).toUpperCase()}
            </span>
            <h2 id="consent-app">{request.client.name}</h2>
          </div>
          <p>
            wants to use your tasks as <strong>{user.username}</strong>. It will send you back to <strong>{request.redirectHost}</strong>.
          </p>
          <h3>It will be able to</h3>
          <ul className="scopes">
            {request.scopes.map((scope) => (
              <li key={scope.name}>{scope.description}</li>
            ))}
          </ul>
          <p className="hint">
            You can disconnect it any time under Connected apps. This request expires{" "}
            {DateTime.fromISO(request.expiresAt, { zone: user.timeZone }).toRelative() ?? "soon"}.
          </p>
          <div className="row">
            <button type="button" className="secondary" disabled={busy} onClick={() => void decide(false)}>
              Deny
            </button>
            <button type="button" disabled={busy} onClick={() => void decide(true)}>
              Allow
            </button>
          </div>
          <p className="hint">
            Not {user.username}?{" "}
            <button type="button" className="link" onClick={signOut}>
              Sign in as someone else
            </button>
          </p>
        </section>
      )}
    </main>
  );
}
