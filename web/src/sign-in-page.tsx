// Sign in or create an account. The account's time zone is this browser's at sign-up.
import { useState, type FormEvent } from "react";
import { api, ApiError } from "./api.ts";

export function SignInPage({ onSignedIn, purpose }: { onSignedIn: (token: string) => void; purpose?: string }) {
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const mode = submitter?.value === "signup" ? "signup" : "login";
    const form = new FormData(event.currentTarget);
    const text = (name: string) => {
      const value = form.get(name);
      return typeof value === "string" ? value : "";
    };
    const username = text("username").trim();
    const password = text("password");
    setError("");
    setBusy(true);
    try {
      // The one read of the browser's own zone: a new account starts in the zone of the person signing up.
      // eslint-disable-next-line no-restricted-syntax
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const { token } = await api<{ token: string }>(mode === "signup" ? "/api/auth/signup" : "/api/auth/login", {
        method: "POST",
        body: mode === "signup" ? { username, password, timeZone } : { username, password },
        token: null,
      });
      onSignedIn(token);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Could not reach the server. Check your connection and try again.");
      setBusy(false);
    }
  }

  return (
    <main className="auth">
      <h1>todo-chatbot</h1>
      <p className="lede">{purpose ?? "Talk to your tasks."}</p>
      <form className="card auth-form" onSubmit={(e) => void submit(e)} aria-describedby={error ? "auth-error" : undefined}>
        <label htmlFor="auth-username">Username</label>
        <input id="auth-username" name="username" autoComplete="username" required minLength={3} maxLength={32} />
        <label htmlFor="auth-password">Password</label>
        <input
          id="auth-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          minLength={10}
          aria-describedby="password-hint"
        />
        <p id="password-hint" className="hint">
          At least 10 characters, not containing your username.
        </p>
        <p id="auth-error" className="error" role="alert">
          {error}
        </p>
        <div className="row">
          <button type="submit" name="mode" value="login" disabled={busy}>
            Sign in
          </button>
          <button type="submit" name="mode" value="signup" className="secondary" disabled={busy}>
            Create account
          </button>
        </div>
      </form>
    </main>
  );
}
