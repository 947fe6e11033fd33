import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { sseParser } from "../web/src/chat-stream.ts";

/** What the chat stream sends (see the chat stream contract): deltas, an action, the reply, done. */
const STREAM =
  'event: delta\ndata: {"text":"Added "}\n\n' +
  'event: delta\ndata: {"text":"\'call mom\' for tomorrow"}\n\n' +
  'event: action\ndata: {"tool":"add_task"}\n\n' +
  'event: reply\ndata: {"conversationId":"c1","reply":"Added \'call mom\' for tomorrow"}\n\n' +
  "event: done\ndata: {}\n\n";

function parse(chunks: string[]): Array<[string, string]> {
  const events: Array<[string, string]> = [];
  const feed = sseParser((event, data) => events.push([event, data]));
  for (const chunk of chunks) feed(chunk);
  return events;
}

describe("the page's reader of the chat stream", () => {
  it("hands over each event once it is whole, in order", () => {
    expect(parse([STREAM]).map(([event]) => event)).toEqual(["delta", "delta", "action", "reply", "done"]);
    expect(JSON.parse(parse([STREAM])[1]![1])).toEqual({ text: "'call mom' for tomorrow" });
  });

  it("gives the same events however the network splits the bytes (property)", () => {
    const whole = parse([STREAM]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: STREAM.length - 1 }), { maxLength: 12 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), STREAM.length];
        const chunks = points.slice(1).map((end, i) => STREAM.slice(points[i], end));
        expect(parse(chunks)).toEqual(whole);
      }),
    );
  });

  it("reads CRLF line ends and keeps an unfinished event until its blank line arrives", () => {
    const events: string[] = [];
    const feed = sseParser((_, data) => events.push(data));
    feed('event: delta\r\ndata: {"text":"a"}\r\n\r');
    expect(events).toEqual([]);
    feed("\n");
    expect(events).toEqual(['{"text":"a"}']);
  });
});
