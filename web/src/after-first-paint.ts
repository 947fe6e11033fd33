// Work the first screen does not need (the chat panel, the Done list, the live-update stream) waits
// until the task list has been drawn, so the main thread and the server's first answers go to the list.
import { useEffect, useState } from "react";

/**
 * False until `ready` has been true and the browser has painted a frame after it (then true for good):
 * a frame callback, then a task, runs after the paint that showed the list. A hidden tab draws no
 * frames, so half a second after `ready` is the latest it turns true.
 */
export function useAfterFirstPaint(ready: boolean): boolean {
  const [after, setAfter] = useState(false);
  useEffect(() => {
    if (!ready || after) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setAfter(true), 0)));
    const latest = setTimeout(() => setAfter(true), 500);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      clearTimeout(latest);
    };
  }, [ready, after]);
  return after;
}
