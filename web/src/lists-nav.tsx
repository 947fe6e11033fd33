// Lists (issue 13): the lists in the navigation, each with its colour dot and open count: a sidebar
// of links on a wide screen, a labelled select on a narrow one (CSS shows one of the two), and a
// "New list" button. Small and in the entry chunk; the dialogs it opens are their own chunk.
import type { ListSummary } from "./lists-data.ts";
import { listPath } from "./lists-data.ts";
import { Icon } from "./icons.tsx";

interface Props {
  lists: ListSummary[] | undefined;
  /** Open tasks per list id (from the open list the views use), falling back to the server's count. */
  counts: Map<string, number> | null;
  current: string | null;
  go: (path: string) => void;
  onNew: () => void;
}

export function ListsNav({ lists, counts, current, go, onNew }: Props) {
  const countOf = (list: ListSummary) => counts?.get(list.id) ?? (counts ? 0 : list.openCount);
  return (
    <nav className="lists-nav" aria-label="Lists">
      <div className="lists-head">
        <h2 id="lists-title">Lists</h2>
        <button type="button" className="icon-button" aria-label="New list" title="New list" onClick={onNew}>
          <Icon name="plus" size={18} />
        </button>
      </div>
      <ul className="list-links" aria-labelledby="lists-title">
        {(lists ?? []).map((list) => (
          <li key={list.id}>
            <a
              href={listPath(list.id)}
              className="list-link"
              aria-current={current === list.id ? "page" : undefined}
              onClick={(e) => {
                e.preventDefault();
                go(listPath(list.id));
              }}
            >
              <span className="dot" style={{ background: list.color ?? "var(--muted)" }} aria-hidden="true" />
              <span className="list-name">{list.name}</span>
              <span className="count" aria-label={`${countOf(list)} open`}>
                {countOf(list)}
              </span>
            </a>
          </li>
        ))}
      </ul>
      <div className="list-select">
        <label htmlFor="list-select">List</label>
        <select id="list-select" value={current ?? ""} onChange={(e) => e.target.value && go(listPath(e.target.value))}>
          <option value="">Choose a list…</option>
          {(lists ?? []).map((list) => (
            <option key={list.id} value={list.id}>
              {list.name} ({countOf(list)})
            </option>
          ))}
        </select>
        <button type="button" className="icon-button" aria-label="New list" title="New list" onClick={onNew}>
          <Icon name="plus" size={18} />
        </button>
      </div>
    </nav>
  );
}
