// Keyboard shortcuts for power users: n new task, / search, ? help (shortcuts-help.tsx). Ignored while typing in a
// text field or list, or with a modifier key held.
import { useEffect, useLayoutEffect, useRef } from "react";

export function useShortcuts(options: { newTask: () => void; search: () => void; help: () => void; enabled: boolean }): void {
  const latest = useRef(options);
  useLayoutEffect(() => {
    latest.current = options;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (!latest.current.enabled || event.ctrlKey || event.metaKey || event.altKey) return;
      const typing =
        target instanceof HTMLTextAreaElement ||
        target instanceof HTMLSelectElement ||
        (target instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit"].includes(target.type)) ||
        target?.isContentEditable === true;
      if (typing) return;
      const action = { n: latest.current.newTask, "/": latest.current.search, "?": latest.current.help }[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
}
