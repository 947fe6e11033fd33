// Settings: the private calendar feed (create, copy, regenerate, turn off), export (JSON, CSV) and
// import (our JSON, a Todoist CSV export) with what was imported and skipped. Built on
// /api/calendar-feed, GET /api/export and POST /api/import. Its own chunk.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { DateTime } from "luxon";
import { useId, useState } from "react";
import { api, errorFrom, storedToken } from "./api.ts";
import { useToast } from "./toasts.tsx";

interface FeedState {
  url: string | null;
  active: boolean;
  createdAt: string | null;
}
interface ImportResult {
  imported: number;
  skipped: Array<{ row: number; reason: string }>;
  /** Rows imported with something left out (e.g. a past reminder); absent when none. */
  warnings?: Array<{ row: number; reason: string }>;
}

/** A signed-in request whose body or answer is not JSON (a file). @throws ApiError for a non-2xx answer. */
async function fileRequest(path: string, init: { method?: string; body?: string; contentType?: string } = {}): Promise<Response> {
  const token = storedToken();
  const response = await fetch(path, {
    method: init.method ?? "GET",
    headers: { ...(init.contentType ? { "content-type": init.contentType } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: init.body,
  });
  if (!response.ok) throw errorFrom(response.status, await response.json().catch(() => null));
  return response;
}

/** Saves a download under the name the server gave (Content-Disposition). */
async function download(format: "json" | "csv"): Promise<void> {
  const response = await fileRequest(`/api/export?format=${format}`);
  const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? `todo-export.${format}`;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function CalendarFeed({ zone }: { zone: string }) {
  const client = useQueryClient();
  const toast = useToast();
  const [made, setMade] = useState<string | null>(null);
  const feed = useQuery({ queryKey: ["calendar-feed"], queryFn: () => api<FeedState>("/api/calendar-feed") });
  const regenerate = useMutation({
    mutationFn: () => api<FeedState>("/api/calendar-feed", { method: "POST" }),
    onSuccess: (state) => {
      setMade(state.url);
      client.setQueryData(["calendar-feed"], state);
    },
    onError: (error) => toast({ text: `Could not make the feed: ${error.message}` }),
  });
  const turnOff = useMutation({
    mutationFn: () => api("/api/calendar-feed", { method: "DELETE" }),
    onSuccess: () => {
      setMade(null);
      toast({ text: "Calendar feed turned off" });
      return client.invalidateQueries({ queryKey: ["calendar-feed"] });
    },
  });
  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      toast({ text: "Feed address copied" });
    } catch {
      toast({ text: "Could not copy; select the address and copy it" });
    }
  };
  if (feed.isPending) return <p className="loading">Loading…</p>;
  if (feed.isError) return <p className="error">Could not load the calendar feed. {feed.error.message}</p>;
  const state = feed.data;
  return (
    <>
      <p className="hint">
        Subscribe to your tasks from Google Calendar, Apple Calendar or Outlook: tasks with a due date appear as events, repeating ones repeat,
        completed ones are marked ✓. Anyone with the address can see these tasks: keep it private.
      </p>
      {state.active && made && (
        <div className="feed-url">
          <label htmlFor="feed-url">Feed address (shown only now)</label>
          <span className="row-buttons">
            <input id="feed-url" readOnly value={made} onFocus={(e) => e.currentTarget.select()} />
            <button type="button" onClick={() => void copy(made)}>
              Copy
            </button>
          </span>
        </div>
      )}
      {state.active && !made && (
        <p>
          Your feed is on since {state.createdAt ? DateTime.fromISO(state.createdAt, { zone }).toFormat("d LLL yyyy") : "—"}. Its address is shown
          only when it is made: regenerate to get a new one (the old one stops working).
        </p>
      )}
      <span className="row-buttons">
        <button type="button" className={state.active ? "secondary" : undefined} disabled={regenerate.isPending} onClick={() => regenerate.mutate()}>
          {state.active ? "Regenerate address" : "Create calendar feed"}
        </button>
        {state.active && (
          <button type="button" className="secondary danger" disabled={turnOff.isPending} onClick={() => turnOff.mutate()}>
            Turn off feed
          </button>
        )}
      </span>
    </>
  );
}

function ImportForm() {
  const client = useQueryClient();
  const id = useId();
  const [format, setFormat] = useState<"json" | "todoist-csv">("json");
  const [file, setFile] = useState<File | null>(null);
  const importFile = useMutation({
    mutationFn: async () => {
      if (!file) throw new Error("Choose a file first");
      const response = await fileRequest(`/api/import?format=${format}`, {
        method: "POST",
        body: await file.text(),
        contentType: format === "json" ? "application/json" : "text/csv",
      });
      return (await response.json()) as ImportResult;
    },
    onSuccess: () => client.invalidateQueries(),
  });
  const result = importFile.data;
  return (
    <form
      className="import-form"
      onSubmit={(e) => {
        e.preventDefault();
        importFile.mutate();
      }}
    >
      <div>
        <label htmlFor={`${id}-format`}>File type</label>
        <select id={`${id}-format`} value={format} onChange={(e) => setFormat(e.target.value as "json" | "todoist-csv")}>
          <option value="json">todo-chatbot export (JSON)</option>
          <option value="todoist-csv">Todoist export (CSV)</option>
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-file`}>File</label>
        <input
          id={`${id}-file`}
          type="file"
          accept={format === "json" ? ".json,application/json" : ".csv,text/csv"}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </div>
      <button type="submit" disabled={!file || importFile.isPending}>
        {importFile.isPending ? "Importing…" : "Import"}
      </button>
      <div role="status" aria-live="polite" className="import-result">
        {importFile.isError && <p className="error">{importFile.error.message}</p>}
        {result && (
          <>
            <p>
              Imported {result.imported} task{result.imported === 1 ? "" : "s"}
              {result.skipped.length ? `; skipped ${result.skipped.length} row${result.skipped.length === 1 ? "" : "s"}:` : "."}
            </p>
            {result.skipped.length > 0 && (
              <ul className="skipped">
                {result.skipped.map((s) => (
                  <li key={s.row}>
                    Row {s.row}: {s.reason}
                  </li>
                ))}
              </ul>
            )}
            {result.warnings && result.warnings.length > 0 && (
              <ul className="warnings">
                {result.warnings.map((w, index) => (
                  <li key={index}>
                    {w.row ? `Row ${w.row}: ` : ""}
                    {w.reason}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </form>
  );
}

export function SettingsView({ zone }: { zone: string }) {
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const save = (format: "json" | "csv") => {
    setBusy(true);
    download(format)
      .catch((error: Error) => toast({ text: `Could not export: ${error.message}` }))
      .finally(() => setBusy(false));
  };
  return (
    <div className="settings">
      <section className="card settings-section" aria-labelledby="settings-feed">
        <h2 id="settings-feed">Calendar feed</h2>
        <CalendarFeed zone={zone} />
      </section>
      <section className="card settings-section" aria-labelledby="settings-export">
        <h2 id="settings-export">Export</h2>
        <p className="hint">All your tasks, the trash included, as a JSON file you can import again; or your tasks as a CSV spreadsheet.</p>
        <span className="row-buttons">
          <button type="button" className="secondary" disabled={busy} onClick={() => save("json")}>
            Export JSON
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={() => save("csv")}>
            Export CSV
          </button>
        </span>
      </section>
      <section className="card settings-section" aria-labelledby="settings-import">
        <h2 id="settings-import">Import</h2>
        <p className="hint">Bring in a todo-chatbot JSON export, or a CSV file exported from a Todoist project.</p>
        <ImportForm />
      </section>
    </div>
  );
}
