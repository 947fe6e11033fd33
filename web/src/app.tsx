// The page: sign-in until there is a session, then the consent screen at /consent or the dashboard.
import { ConsentPage } from "./consent-page.tsx";
import { DashboardPage } from "./dashboard-page.tsx";
import { usePath } from "./navigation.ts";
import { SessionGate } from "./session.tsx";
import { SignInPage } from "./sign-in-page.tsx";
import { VIEWS, type ViewName } from "./task-views.ts";

export function App() {
  const [path, go] = usePath();
  const consent = path === "/consent";
  const name = path.slice(1);
  const view: ViewName = (VIEWS as readonly string[]).includes(name) ? (name as ViewName) : "today";
  return (
    <SessionGate
      signedOut={(onSignedIn) => <SignInPage onSignedIn={onSignedIn} purpose={consent ? "Sign in to connect an app to your tasks." : undefined} />}
    >
      {consent ? <ConsentPage requestId={new URLSearchParams(window.location.search).get("request")} /> : <DashboardPage view={view} go={go} />}
    </SessionGate>
  );
}
