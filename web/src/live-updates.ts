// Live updates: the notification stream (EventSource) refreshes the lists when a task changes anywhere
// and shows reminders as toasts. EventSource cannot send a header, so the stream opens with a
// single-use ticket (never the token, which proxies would log with the URL); a new ticket per reconnect.
import { useEffect } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api } from "./api.ts";
import { useToast } from "./toasts.tsx";

/** Listens while `enabled` (the dashboard turns it on once its list has been drawn). */
export function useLiveUpdates(enabled = true): void {
  const client = useQueryClient();
  const toast = useToast();
  useEffect(() => {
    if (!enabled) return;
    let events: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const retry = (ms: number) => {
      if (!stopped) timer = setTimeout(() => void listen(), ms);
    };
    async function listen() {
      let ticket: string;
      try {
        ({ ticket } = await api<{ ticket: string }>("/api/notifications/ticket", { method: "POST" }));
      } catch {
        return retry(5000);
      }
      if (stopped) return;
      const source = new EventSource(`/api/notifications/stream?ticket=${encodeURIComponent(ticket)}`);
      events = source;
      source.addEventListener("error", () => {
        if (source.readyState === EventSource.CLOSED && events === source) retry(3000);
      });
      // The server ended the stream: the token was revoked (asking anything signs this page out) or a
      // newer tab took its place (stay quiet rather than push that tab out in turn).
      source.addEventListener("closed", (event) => {
        source.close();
        if ((JSON.parse((event as MessageEvent<string>).data) as { reason?: string }).reason === "token-revoked")
          void api("/api/auth/me").catch(() => undefined);
      });
      source.addEventListener("task-changed", () => void client.invalidateQueries({ queryKey: ["tasks"] }));
      source.addEventListener("reminder", (event) => {
        const reminder = JSON.parse((event as MessageEvent<string>).data) as { title: string; body: string };
        toast({ text: `Reminder: ${reminder.title} — ${reminder.body}` });
      });
    }
    void listen();
    return () => {
      stopped = true;
      clearTimeout(timer);
      events?.close();
    };
  }, [client, toast, enabled]);
}
