// "Repeat": a few common choices, and a custom editor in plain words (every N days/weeks/months/years,
// on which weekdays, ending never / on a date / after N times) instead of a raw RRULE box. A rule the
// editor cannot show (e.g. "monthly on the last Friday", made in the chat) is kept unless replaced.
import { repeatInWords, WEEKDAY_NAMES } from "@todo/services/format";
import { FREQUENCIES, readRule, weekdayOf, WEEKDAYS, writeRule, type Frequency, type RepeatSettings, type Weekday } from "./repeat-rule.ts";

export const REPEAT_CHOICES = ["never", "daily", "weekdays", "weekly", "monthly", "yearly", "custom", "keep"] as const;
export type RepeatChoice = (typeof REPEAT_CHOICES)[number];
export interface RepeatValue {
  choice: RepeatChoice;
  custom: RepeatSettings;
  /** The rule as stored, when the editor cannot show it (choice "keep"). */
  kept: string | null;
}

const dayName = (day: Weekday): string => WEEKDAY_NAMES[day] ?? day;
const UNITS: Record<Frequency, string> = { DAILY: "days", WEEKLY: "weeks", MONTHLY: "months", YEARLY: "years" };
const NEW_CUSTOM: RepeatSettings = { freq: "WEEKLY", interval: 1, days: [], end: { kind: "never" } };

/** The editor's value for a stored rule (null: does not repeat). */
export function repeatValueOf(rule: string | null): RepeatValue {
  const base = { custom: NEW_CUSTOM, kept: null };
  if (!rule) return { ...base, choice: "never" };
  if (rule === "FREQ=DAILY") return { ...base, choice: "daily" };
  if (rule === "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR") return { ...base, choice: "weekdays" };
  if (/^FREQ=WEEKLY;BYDAY=[A-Z]{2}$/.test(rule)) return { ...base, choice: "weekly" };
  if (rule === "FREQ=MONTHLY") return { ...base, choice: "monthly" };
  if (rule === "FREQ=YEARLY") return { ...base, choice: "yearly" };
  const settings = readRule(rule);
  return settings ? { choice: "custom", custom: settings, kept: null } : { choice: "keep", custom: NEW_CUSTOM, kept: rule };
}

/** The RRULE the value stands for, given the task's due date ("" when none): weekly repeats on its weekday. */
export function ruleOf(value: RepeatValue, dueDate: string): string | null {
  switch (value.choice) {
    case "never":
      return null;
    case "daily":
      return "FREQ=DAILY";
    case "weekdays":
      return "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR";
    case "weekly":
      return dueDate ? `FREQ=WEEKLY;BYDAY=${weekdayOf(dueDate)}` : "FREQ=WEEKLY";
    case "monthly":
      return "FREQ=MONTHLY";
    case "yearly":
      return "FREQ=YEARLY";
    case "custom":
      return writeRule(value.custom);
    case "keep":
      return value.kept;
  }
}

interface Props {
  value: RepeatValue;
  onChange: (value: RepeatValue) => void;
  dueDate: string;
  errors: Partial<Record<"repeat" | "interval" | "end", string>>;
}

export function RepeatEditor({ value, onChange, dueDate, errors }: Props) {
  const custom = value.custom;
  const setCustom = (change: Partial<RepeatSettings>) => onChange({ ...value, custom: { ...custom, ...change } });
  const rule = ruleOf(value, dueDate);
  const toggleDay = (day: Weekday) => setCustom({ days: custom.days.includes(day) ? custom.days.filter((d) => d !== day) : [...custom.days, day] });
  return (
    <div className="repeat-editor">
      <label htmlFor="task-repeat">Repeat</label>
      <select
        id="task-repeat"
        value={value.choice}
        aria-invalid={errors.repeat ? true : undefined}
        aria-describedby={errors.repeat ? "task-repeat-error" : "task-repeat-words"}
        onChange={(e) => {
          const choice = e.target.value as RepeatChoice;
          const days = custom.days.length === 0 && dueDate ? [weekdayOf(dueDate)] : custom.days;
          onChange({ ...value, choice, custom: choice === "custom" ? { ...custom, days } : custom });
        }}
      >
        <option value="never">Does not repeat</option>
        <option value="daily">Every day</option>
        <option value="weekdays">Every weekday (Mon–Fri)</option>
        <option value="weekly">Every week{dueDate ? ` on ${dayName(weekdayOf(dueDate))}` : ""}</option>
        <option value="monthly">Every month</option>
        <option value="yearly">Every year</option>
        <option value="custom">Custom…</option>
        {value.kept && <option value="keep">Keep: {repeatInWords(value.kept)}</option>}
      </select>
      {errors.repeat && (
        <p id="task-repeat-error" className="field-error">
          {errors.repeat}
        </p>
      )}
      {value.choice === "custom" && (
        <fieldset className="custom-repeat">
          <legend>Custom repeat</legend>
          <div className="inline">
            <label htmlFor="repeat-interval">Every</label>
            <input
              id="repeat-interval"
              type="number"
              inputMode="numeric"
              min={1}
              max={1000}
              value={Number.isNaN(custom.interval) ? "" : custom.interval}
              aria-invalid={errors.interval ? true : undefined}
              aria-describedby={errors.interval ? "repeat-interval-error" : undefined}
              onChange={(e) => setCustom({ interval: e.target.valueAsNumber })}
            />
            <label htmlFor="repeat-unit" className="visually-hidden">
              Unit
            </label>
            <select id="repeat-unit" value={custom.freq} onChange={(e) => setCustom({ freq: e.target.value as Frequency })}>
              {FREQUENCIES.map((f) => (
                <option key={f} value={f}>
                  {custom.interval === 1 ? UNITS[f].slice(0, -1) : UNITS[f]}
                </option>
              ))}
            </select>
          </div>
          {errors.interval && (
            <p id="repeat-interval-error" className="field-error">
              {errors.interval}
            </p>
          )}
          {custom.freq === "WEEKLY" && (
            <fieldset className="weekdays">
              <legend>On</legend>
              {WEEKDAYS.map((day) => (
                <label key={day} className="day-toggle">
                  <input type="checkbox" checked={custom.days.includes(day)} onChange={() => toggleDay(day)} aria-label={dayName(day)} />
                  <span aria-hidden="true">{dayName(day).slice(0, 2)}</span>
                </label>
              ))}
            </fieldset>
          )}
          <fieldset className="repeat-end" aria-describedby={errors.end ? "repeat-end-error" : undefined}>
            <legend>Ends</legend>
            <label className="radio">
              <input type="radio" name="repeat-end" checked={custom.end.kind === "never"} onChange={() => setCustom({ end: { kind: "never" } })} />
              Never
            </label>
            <div className="radio">
              <input
                id="repeat-end-on"
                type="radio"
                name="repeat-end"
                checked={custom.end.kind === "on"}
                onChange={() => setCustom({ end: { kind: "on", date: dueDate } })}
              />
              <label htmlFor="repeat-end-on">On</label>
              <label htmlFor="repeat-until" className="visually-hidden">
                Last date
              </label>
              <input
                id="repeat-until"
                type="date"
                value={custom.end.kind === "on" ? custom.end.date : ""}
                disabled={custom.end.kind !== "on"}
                onChange={(e) => setCustom({ end: { kind: "on", date: e.target.value } })}
              />
            </div>
            <div className="radio">
              <input
                id="repeat-end-after"
                type="radio"
                name="repeat-end"
                checked={custom.end.kind === "after"}
                onChange={() => setCustom({ end: { kind: "after", count: 10 } })}
              />
              <label htmlFor="repeat-end-after">After</label>
              <label htmlFor="repeat-count" className="visually-hidden">
                Number of times
              </label>
              <input
                id="repeat-count"
                type="number"
                inputMode="numeric"
                min={1}
                max={1000}
                value={custom.end.kind === "after" ? (Number.isNaN(custom.end.count) ? "" : custom.end.count) : ""}
                disabled={custom.end.kind !== "after"}
                onChange={(e) => setCustom({ end: { kind: "after", count: e.target.valueAsNumber } })}
              />
              <span>times</span>
            </div>
            {errors.end && (
              <p id="repeat-end-error" className="field-error">
                {errors.end}
              </p>
            )}
          </fieldset>
        </fieldset>
      )}
      {rule && (
        <p id="task-repeat-words" className="hint repeat-words">
          Repeats {repeatInWords(rule)}
        </p>
      )}
    </div>
  );
}
