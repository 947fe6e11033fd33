// Who is signed in: the token kept in this browser and the account it belongs to (GET /api/auth/me).
// Signing out ends the session on the server too and stops this browser's push subscription, which
// belongs to the account that made it.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api, setUnauthorizedHandler, storedToken, storeToken, type User } from "./api.ts";
import { openTasksQuery } from "./task-data.ts";

interface Session {
  user: User;
  token: string;
  signOut: () => void;
}
type SessionState = { kind: "loading" } | { kind: "signed-out" } | ({ kind: "signed-in" } & Session);

const SessionContext = createContext<Session | null>(null);

/** The signed-in session; only rendered inside {@link SessionGate}'s signed-in branch. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside a signed-in page");
  return session;
}

async function endSession(token: string): Promise<void> {
  try {
    const registration = await navigator.serviceWorker?.getRegistration();
    const subscription = await registration?.pushManager.getSubscription();
    if (subscription) {
      await api("/api/push/subscriptions", { method: "DELETE", body: { endpoint: subscription.endpoint }, token });
      await subscription.unsubscribe();
    }
  } catch {
    // Push may be unsupported or refused; signing out goes on.
  }
  await api("/api/auth/logout", { method: "POST", token }).catch(() => undefined);
}

/** Renders `signedOut` until a session is known, then `children` with the session in context. */
export function SessionGate({ signedOut, children }: { signedOut: (onSignedIn: (token: string) => void) => ReactNode; children: ReactNode }) {
  const [state, setState] = useState<SessionState>(() => (storedToken() ? { kind: "loading" } : { kind: "signed-out" }));
  const client = useQueryClient();

  const signOut = useCallback(() => {
    const token = storedToken();
    if (token) void endSession(token);
    storeToken(null);
    localStorage.removeItem("todo.conversation");
    client.clear();
    setState({ kind: "signed-out" });
  }, [client]);

  const start = useCallback(
    (token: string) => {
      storeToken(token);
      // Asked together with who this is, not after: the dashboard's list is ready one round trip sooner.
      void client.prefetchQuery(openTasksQuery);
      api<{ user: User }>("/api/auth/me", { token }).then(
        ({ user }) => setState({ kind: "signed-in", user, token, signOut }),
        () => signOut(),
      );
    },
    [signOut, client],
  );

  useEffect(() => {
    setUnauthorizedHandler(signOut);
    const token = storedToken();
    if (token) start(token);
  }, [signOut, start]);

  if (state.kind === "loading") return <p className="loading">Loading…</p>;
  if (state.kind === "signed-out") return <>{signedOut(start)}</>;
  return <SessionContext.Provider value={{ user: state.user, token: state.token, signOut }}>{children}</SessionContext.Provider>;
}
