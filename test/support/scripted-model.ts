import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { AddressInfo } from "node:net";

/**
 * What one scripted step answers: a whole completion as JSON (`body`, for a request without
 * `stream`), or for a streaming request the `chunks` (each a chat.completion.chunk `delta`, sent as
 * its own SSE event, then `[DONE]`). `holdAfter(i)` is awaited after chunk i is sent, so a test can
 * keep the stream open until it has seen what was sent so far.
 */
export interface ScriptedStep {
  status?: number;
  body?: unknown;
  chunks?: Array<Record<string, unknown>>;
  holdAfter?: (index: number) => Promise<void> | void;
}

/** An OpenAI-compatible server on loopback that answers from a script and keeps what it was sent. */
export async function scriptedModel(script: Array<(request: any) => ScriptedStep>) {
  const received: any[] = [];
  const app = new Hono();
  app.post("/v1/chat/completions", async (c) => {
    const request = await c.req.json();
    received.push(request);
    const step = script[received.length - 1];
    if (!step) return c.json({ error: { message: "script exhausted" } }, 500);
    const { status = 200, body, chunks, holdAfter } = step(request);
    if (!chunks) return c.json(body as object, status as 200);
    return streamSSE(c, async (stream) => {
      for (const [index, delta] of chunks.entries()) {
        const last = index === chunks.length - 1;
        const finish = last ? (chunks.some((d) => d.tool_calls) ? "tool_calls" : "stop") : null;
        const chunk = {
          id: "chatcmpl-s",
          object: "chat.completion.chunk",
          created: 1_795_000_000,
          model: "scripted",
          choices: [{ index: 0, delta, finish_reason: finish }],
        };
        await stream.writeSSE({ data: JSON.stringify(chunk) });
        await holdAfter?.(index);
      }
      await stream.writeSSE({ data: "[DONE]" });
    });
  });
  const server = await new Promise<{ url: string; close(): void }>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info: AddressInfo) =>
      resolve({ url: `http://127.0.0.1:${info.port}/v1`, close: () => s.close() }),
    );
  });
  return { ...server, received };
}

/** A non-streamed chat.completion with one assistant message. */
export const completion = (message: Record<string, unknown>) => ({
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1_795_000_000,
  model: "scripted",
  choices: [{ index: 0, finish_reason: message.tool_calls ? "tool_calls" : "stop", message: { role: "assistant", content: null, ...message } }],
});

/** Reads a text/event-stream response event by event, calling `onEvent` as each arrives. */
export async function readSse(response: Response, onEvent: (event: { event: string; data: any }) => void | Promise<void>): Promise<void> {
  if (!response.body) throw new Error("the response has no body");
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: ?(.*)$/m.exec(block)?.[1] ?? "message";
      const data = block
        .split("\n")
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.replace(/^data: ?/, ""))
        .join("\n");
      await onEvent({ event, data: data ? JSON.parse(data) : undefined });
    }
  }
}
