// The task dialog's reminders: up to five rows, each a preset ("At due time", "10 minutes before",
// "1 hour before", "1 day before"), a custom offset (a number and minutes/hours/days), or a date and
// time of its own. Part of the dialog's lazy chunk.
import { DateTime } from "luxon";
import type { TaskView } from "./api.ts";

export const MAX_REMINDERS = 5;
const PRESETS: ReadonlyArray<readonly [string, string]> = [
  ["0", "At due time"],
  ["10", "10 minutes before"],
  ["60", "1 hour before"],
  ["1440", "1 day before"],
];
const UNIT_MINUTES = { minutes: 1, hours: 60, days: 1440 } as const;
type Unit = keyof typeof UNIT_MINUTES;

/** One row of the editor. `choice`: a preset's minutes, "custom" (amount × unit before) or "at" (a local date-time). */
export interface ReminderRow {
  key: number;
  choice: string;
  amount: string;
  unit: Unit;
  /** "YYYY-MM-DDTHH:mm" in the user's zone */
  at: string;
}

let nextKey = 1_000;
const blankRow = (choice = "60"): ReminderRow => ({ key: nextKey++, choice, amount: "", unit: "minutes", at: "" });

/** The editor's rows for a task's reminders (absolute ones shown in the user's zone). */
export function reminderRowsOf(reminders: TaskView["reminders"] | undefined, zone: string): ReminderRow[] {
  return (reminders ?? []).map((reminder, index) => {
    if ("at" in reminder)
      return { key: index, choice: "at", amount: "", unit: "minutes", at: DateTime.fromISO(reminder.at, { zone }).toFormat("yyyy-MM-dd'T'HH:mm") };
    const minutes = reminder.minutesBefore;
    if (PRESETS.some(([value]) => Number(value) === minutes)) return { key: index, choice: String(minutes), amount: "", unit: "minutes", at: "" };
    const unit: Unit = minutes % 1440 === 0 ? "days" : minutes % 60 === 0 ? "hours" : "minutes";
    return { key: index, choice: "custom", amount: String(minutes / UNIT_MINUTES[unit]), unit, at: "" };
  });
}

/** The rows as the API takes them: `{ minutesBefore }` or `{ at }` (read in the user's zone by the server). */
export function remindersOf(rows: readonly ReminderRow[]): Array<{ minutesBefore: number } | { at: string }> {
  return rows.map((row) => {
    if (row.choice === "at") return { at: row.at };
    if (row.choice === "custom") return { minutesBefore: Math.round(Number(row.amount) * UNIT_MINUTES[row.unit]) };
    return { minutesBefore: Number(row.choice) };
  });
}

/** What is wrong with the rows before asking the server, in the user's terms; undefined when nothing. */
export function reminderProblem(rows: readonly ReminderRow[], hasDate: boolean): string | undefined {
  if (rows.some((row) => row.choice === "at" && !row.at)) return "Pick a date and time for the reminder";
  if (rows.some((row) => row.choice === "custom" && !(/^\d+$/.test(row.amount.trim()) && Number(row.amount) * UNIT_MINUTES[row.unit] <= 525_600))) {
    return "Say how long before as a whole number (up to a year)";
  }
  if (!hasDate && rows.some((row) => row.choice !== "at")) return "A reminder before the due time needs a due date (or pick “On a date and time”)";
  return undefined;
}

interface Props {
  rows: ReminderRow[];
  onChange: (rows: ReminderRow[]) => void;
  error?: string | undefined;
}

export function RemindersEditor({ rows, onChange, error }: Props) {
  const change = (key: number, patch: Partial<ReminderRow>) => onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  return (
    <fieldset
      className="reminders-editor"
      data-field="reminder"
      tabIndex={-1}
      {...(error ? { "aria-invalid": true, "aria-describedby": "reminder-error" } : {})}
    >
      <legend>Reminders</legend>
      {rows.length === 0 && <p className="hint">No reminders</p>}
      <ul>
        {rows.map((row, index) => (
          <li key={row.key} className="reminder-row">
            <select aria-label={`Reminder ${index + 1}`} value={row.choice} onChange={(e) => change(row.key, { choice: e.target.value })}>
              {PRESETS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
              <option value="custom">Custom…</option>
              <option value="at">On a date and time</option>
            </select>
            {row.choice === "custom" && (
              <>
                <input
                  aria-label={`Reminder ${index + 1}: how many`}
                  inputMode="numeric"
                  size={4}
                  value={row.amount}
                  onChange={(e) => change(row.key, { amount: e.target.value })}
                />
                <select
                  aria-label={`Reminder ${index + 1}: unit`}
                  value={row.unit}
                  onChange={(e) => change(row.key, { unit: e.target.value as Unit })}
                >
                  <option value="minutes">minutes before</option>
                  <option value="hours">hours before</option>
                  <option value="days">days before</option>
                </select>
              </>
            )}
            {row.choice === "at" && (
              <input
                type="datetime-local"
                aria-label={`Reminder ${index + 1}: date and time`}
                value={row.at}
                onChange={(e) => change(row.key, { at: e.target.value })}
              />
            )}
            <button
              type="button"
              className="icon-button secondary"
              aria-label={`Remove reminder ${index + 1}`}
              onClick={() => onChange(rows.filter((other) => other.key !== row.key))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="secondary" disabled={rows.length >= MAX_REMINDERS} onClick={() => onChange([...rows, blankRow()])}>
        Add reminder
      </button>
      {rows.length >= MAX_REMINDERS && <p className="hint">At most {MAX_REMINDERS} reminders per task</p>}
      {error && (
        <p id="reminder-error" className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
