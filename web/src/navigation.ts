// The page's address: /today, /upcoming, /all, /done, /apps and /consent, read and changed without a
// reload (the server answers every one of them with the same index.html).
import { useEffect, useState } from "react";

export function usePath(): [string, (path: string) => void] {
  const [path, setPath] = useState(() => window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  const go = (next: string) => {
    if (next === window.location.pathname) return;
    window.history.pushState(null, "", next);
    setPath(next);
  };
  return [path, go];
}
