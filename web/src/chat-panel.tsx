// The chat beside the list: its own scrolling log and an input that stays in view. Replies appear as
// they stream in. An empty conversation greets the user with example messages to click; the latest
// conversation comes back from the server after signing in on another browser.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { api, ApiError } from "./api.ts";
import { streamChat } from "./chat-stream.ts";
import { useSession } from "./session.tsx";
import { useRefreshTasks } from "./task-data.ts";

interface Message {
  role: "user" | "assistant";
  content: string;
  streaming?: boolean;
  /** The steps taken for this reply, in plain words (the chat API's action `summary`; never a tool name). */
  steps?: string[];
}

const CONVERSATION_KEY = "todo.conversation";
export const EXAMPLES = ["remind me to call mom tomorrow at 6pm", "what's due today?", "every monday at 9am standup", "add buy milk, eggs and bread"];

export function ChatPanel({ titleId }: { titleId: string }) {
  const { token } = useSession();
  const refresh = useRefreshTasks();
  const [messages, setMessages] = useState<Message[]>([]);
  const [conversationId, setConversationId] = useState<string | null>(() => localStorage.getItem(CONVERSATION_KEY));
  const [input, setInput] = useState("");
  const [busy, setBusy] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const log = useRef<HTMLOListElement>(null);
  const field = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let stop = false;
    void (async () => {
      try {
        let id = localStorage.getItem(CONVERSATION_KEY);
        if (!id) {
          const { conversations } = await api<{ conversations: Array<{ conversationId: string }> }>("/api/conversations?limit=1");
          id = conversations[0]?.conversationId ?? null;
        }
        if (id) {
          const { messages: stored } = await api<{ messages: Message[] }>(`/api/conversations/${id}`);
          if (stop) return;
          setConversationId(id);
          localStorage.setItem(CONVERSATION_KEY, id);
          setMessages(stored.slice(-40).map((m) => ({ role: m.role, content: m.content })));
        }
      } catch {
        localStorage.removeItem(CONVERSATION_KEY);
      }
      if (!stop) setLoaded(true);
    })();
    return () => {
      stop = true;
    };
  }, []);

  useEffect(() => {
    const element = log.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [messages]);

  // On a phone the chat is hidden behind its tab (no layout, so the scroll above does nothing): when the
  // log is shown again (its height goes from 0), open it at the newest message, as on a wide screen.
  useEffect(() => {
    const element = log.current;
    if (!element) return;
    let shownHeight = element.clientHeight;
    const observer = new ResizeObserver(() => {
      if (shownHeight === 0 && element.clientHeight > 0) element.scrollTop = element.scrollHeight;
      shownHeight = element.clientHeight;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  async function send(text: string) {
    const message = text.trim();
    if (!message || busy) return;
    setInput("");
    setBusy(true);
    setMessages((all) => [...all, { role: "user", content: message }, { role: "assistant", content: "", streaming: true }]);
    const updateLast = (change: (last: Message) => Message) =>
      setMessages((all) => [...all.slice(0, -1), change(all.at(-1) ?? { role: "assistant", content: "" })]);
    try {
      await streamChat(token, message, conversationId, {
        onDelta: (piece) => updateLast((last) => ({ ...last, content: last.content + piece })),
        onAction: (summary) => {
          if (summary) updateLast((last) => ({ ...last, steps: [...(last.steps ?? []), summary] }));
          void refresh();
        },
        onReply: (id, reply) => {
          setConversationId(id);
          localStorage.setItem(CONVERSATION_KEY, id);
          updateLast((last) => ({ role: "assistant", content: reply, steps: last.steps }));
        },
      });
    } catch (error) {
      const reason = error instanceof ApiError ? error.message : "the server did not answer";
      updateLast(() => ({ role: "assistant", content: `Sorry, that didn't go through: ${reason}` }));
    }
    setBusy(false);
    void refresh();
    field.current?.focus();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(input);
  }

  return (
    <>
      <h2 id={titleId}>Chat</h2>
      <ol className="chat-log" ref={log} aria-live="polite" aria-label="Conversation" tabIndex={0}>
        {loaded && messages.length === 0 && (
          <li className="greeting">
            <p>Hi! Tell me what you need to do, in your own words. For example:</p>
            <ul className="examples">
              {EXAMPLES.map((example) => (
                <li key={example}>
                  <button type="button" className="example" onClick={() => void send(example)}>
                    {example}
                  </button>
                </li>
              ))}
            </ul>
          </li>
        )}
        {messages.map((m, i) => (
          <li key={i} className={`message ${m.role}${m.streaming ? " streaming" : ""}`}>
            <span className="visually-hidden">{m.role === "user" ? "You: " : "Assistant: "}</span>
            {m.content || (m.streaming ? "…" : "")}
            {m.steps && m.steps.length > 0 && (
              <ul className="action-lines" aria-label="What I did">
                {m.steps.map((step, j) => (
                  <li key={j}>{step}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
      <form className="chat-form" onSubmit={submit}>
        <label htmlFor="chat-input" className="visually-hidden">
          Message
        </label>
        <input
          id="chat-input"
          ref={field}
          value={input}
          onChange={(e) => setInput(e.target.value)}
          placeholder="e.g. call mom tomorrow at 6pm"
          autoComplete="off"
          maxLength={2000}
        />
        <button type="submit" disabled={busy || !input.trim()}>
          Send
        </button>
      </form>
    </>
  );
}
