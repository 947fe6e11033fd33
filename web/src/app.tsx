// The page: sign-in until there is a session, then the consent screen at /consent or the dashboard.
// The dashboard is in the entry chunk (the page most loads show); sign-in and consent are their own
// chunks, fetched only when shown.
import { lazy, Suspense } from "react";
import { DashboardPage } from "./dashboard-page.tsx";
import { usePath } from "./navigation.ts";
import { SessionGate } from "./session.tsx";
import { VIEWS, type ViewName } from "./task-views.ts";

const SignInPage = lazy(() => import("./sign-in-page.tsx").then((m) => ({ default: m.SignInPage })));
const ConsentPage = lazy(() => import("./consent-page.tsx").then((m) => ({ default: m.ConsentPage })));
const loading = <p className="loading">Loading…</p>;

export function App() {
  const [path, go] = usePath();
  const consent = path === "/consent";
  const name = path.slice(1);
  // Lists: /lists/<id> shows one list's open tasks.
  const listId = path.startsWith("/lists/") ? decodeURIComponent(path.slice("/lists/".length)) || null : null;
  const view: ViewName = listId ? "list" : (VIEWS as readonly string[]).includes(name) ? (name as ViewName) : "today";
  return (
    <SessionGate
      signedOut={(onSignedIn) => (
        <Suspense fallback={loading}>
          <SignInPage onSignedIn={onSignedIn} purpose={consent ? "Sign in to connect an app to your tasks." : undefined} />
        </Suspense>
      )}
    >
      {consent ? (
        <Suspense fallback={loading}>
          <ConsentPage requestId={new URLSearchParams(window.location.search).get("request")} />
        </Suspense>
      ) : (
        <DashboardPage view={view} listId={listId} go={go} />
      )}
    </SessionGate>
  );
}
