// Reads POST /api/chat/stream (server-sent events over a fetch body) as it arrives: `delta` {text}
// pieces of the reply, `action` (a tool call, with `summary`: the step in plain words), `reply` {conversationId, reply} (the full text),
// then `done`. See the chat stream contract in chat-gateway/src/routes/chat.ts.
import { errorFrom } from "./api.ts";

export interface StreamHandlers {
  onDelta: (text: string) => void;
  /** A step the assistant took; `summary` is it in plain words ("Added 'buy milk'"), null when the server gave none. */
  onAction: (summary: string | null) => void;
  onReply: (conversationId: string, reply: string) => void;
}

/** Parses SSE blocks from `chunks` ("event: x\ndata: {...}\n\n"), calling `onEvent` for each whole one. */
export function sseParser(onEvent: (event: string, data: string) => void): (chunk: string) => void {
  let buffer = "";
  return (chunk) => {
    // Normalized on the whole buffer: a CRLF may arrive split across two chunks.
    buffer = (buffer + chunk).replace(/\r\n/g, "\n");
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length > 0) onEvent(event, data.join("\n"));
      end = buffer.indexOf("\n\n");
    }
  };
}

/**
 * Sends `message` and calls the handlers as the answer streams in.
 * @throws ApiError when the server refuses the message (e.g. 400 for an empty one).
 */
export async function streamChat(token: string, message: string, conversationId: string | null, handlers: StreamHandlers): Promise<void> {
  const response = await fetch("/api/chat/stream", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(conversationId ? { conversationId, message } : { message }),
  });
  if (!response.ok || !response.body) throw errorFrom(response.status, await response.json().catch(() => null));
  const feed = sseParser((event, data) => {
    const payload = JSON.parse(data) as { text?: string; conversationId?: string; reply?: string; summary?: unknown };
    if (event === "delta" && typeof payload.text === "string") handlers.onDelta(payload.text);
    if (event === "action") handlers.onAction(typeof payload.summary === "string" && payload.summary ? payload.summary : null);
    if (event === "reply" && payload.conversationId) handlers.onReply(payload.conversationId, payload.reply ?? "");
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    feed(value);
  }
}
