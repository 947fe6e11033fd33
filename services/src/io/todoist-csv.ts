import { parse } from "csv-parse/sync";
import type { CsvError } from "csv-parse";
import { AppError, parseInput } from "../errors.ts";
import { AddTaskInput } from "../tasks/task-inputs.ts";
import type { Priority } from "../tasks/task-model.ts";
import { newTaskFields } from "../tasks/add-task.ts";
import { assertSubtaskDoesNotRepeat } from "../tasks/subtasks.ts";
import type { TaskContext } from "../tasks/task-context.ts";
import { insertPrepared, MAX_IMPORT_TASKS, reasonOf, type ImportResult, type PreparedTask } from "./import-data.ts";

/** Todoist's PRIORITY column: 1 is the lowest (shown as p4, "no priority") and 4 the highest (p1). */
const TODOIST_PRIORITY: Record<string, Priority> = { "1": "low", "2": "medium", "3": "high", "4": "urgent" };

/** The columns a Todoist CSV export must have (others, e.g. DURATION or DEADLINE, are ignored). */
const REQUIRED_COLUMNS = ["TYPE", "CONTENT"] as const;

/** The title and labels of a Todoist CONTENT: "@label" words become tags; a leading "* " (a task that cannot be completed) is dropped. */
function splitContent(content: string): { title: string; labels: string[] } {
  const labels: string[] = [];
  const title = content
    .replace(/^\*\s+/, "")
    .replace(/(^|\s)@([\p{L}\p{N}_\-./]{1,50})(?=\s|$)/gu, (_, space: string, label: string) => {
      labels.push(label.toLowerCase());
      return space;
    })
    .replace(/\s{2,}/g, " ")
    .trim();
  return { title, labels };
}

/** A Todoist DATE phrase as our inputs: "every …" is a recurrence ("every! …" counts from completion), anything else a due phrase. */
function dateFields(date: string): Pick<AddTaskInput, "due" | "recurrence" | "recurrenceMode"> {
  const repeat = /^(every!?|ev!?)\s+(.+)$/i.exec(date);
  if (!repeat?.[2]) return { due: date };
  return { recurrence: `every ${repeat[2]}`, recurrenceMode: repeat[1]?.endsWith("!") ? "completion" : "schedule" };
}

/**
 * Imports a Todoist CSV export (https://todoist.com/help/articles/360000404559; columns TYPE,
 * CONTENT, DESCRIPTION, PRIORITY, INDENT, AUTHOR, RESPONSIBLE, DATE, DATE_LANG, TIMEZONE, …) into
 * the user's account. Rows of TYPE `task` become tasks: PRIORITY 4 → urgent, 3 → high, 2 → medium,
 * 1 → low; "@label" words in CONTENT become tags; a `section` row starts a list named after it
 * (made when the user has none of that name; tasks before any section go to the Inbox). INDENT 2
 * makes a row a subtask of the nearest INDENT 1 task above it in the file; INDENT 3 or more too
 * (subtasks go one level deep here, so deeper rows join the same top-level task, in file order).
 * DATE is read by our language engine in the user's zone ("every …" makes a repeating task; a
 * subtask cannot repeat, so a repeating INDENT ≥2 row is skipped with the reason).
 * A `note` row is added to the description of the task above it; `meta` and empty rows are passed
 * over. A row that cannot be read (bad CSV, unknown TYPE, a DATE the engine cannot resolve, an
 * invalid field) is skipped with its line number and reason; the other rows are imported. Throws
 * AppError `invalid_input` when the text is not a Todoist export (no TYPE and CONTENT header).
 */
export async function importTodoistCsv(ctx: TaskContext, text: string): Promise<ImportResult> {
  const skipped: ImportResult["skipped"] = [];
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error: CsvError | undefined) => {
        if (error) skipped.push({ row: Number(error.lines) || 0, reason: `not readable as CSV: ${error.message}` });
      },
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    throw new AppError("invalid_input", `file is not a CSV file: ${error instanceof Error ? error.message : "unreadable"}`);
  }
  const header = records.shift()?.record.map((name) => name.trim().toUpperCase()) ?? [];
  const missing = REQUIRED_COLUMNS.filter((name) => !header.includes(name));
  if (missing.length) {
    throw new AppError(
      "invalid_input",
      `file is not a Todoist CSV export: its first line must name the columns (TYPE, CONTENT, DESCRIPTION, PRIORITY, INDENT, …); missing ${missing.join(", ")}`,
    );
  }
  const column = (record: string[], name: string) => {
    const at = header.indexOf(name);
    return at < 0 ? "" : (record[at] ?? "").trim();
  };
  const prepared: PreparedTask[] = [];
  let section: string | undefined;
  /** The last INDENT 1 task of the current section: the parent of the INDENT ≥2 rows after it. */
  let topLevel: PreparedTask | undefined;
  let tasksSeen = 0;
  for (const { record, info } of records) {
    const row = info.lines;
    const type = column(record, "TYPE").toLowerCase();
    try {
      if (type === "" || type === "meta") continue;
      if (type === "section") {
        section = column(record, "CONTENT").slice(0, 100).trim() || undefined;
        topLevel = undefined;
        continue;
      }
      if (type === "note") {
        const last = prepared[prepared.length - 1];
        if (!last) throw new AppError("invalid_input", "a note row must follow the task it belongs to");
        const note = column(record, "CONTENT");
        last.fields.description = [last.fields.description, note].filter(Boolean).join("\n\n").slice(0, 10_000);
        continue;
      }
      if (type !== "task") throw new AppError("invalid_input", `TYPE must be task, section or note; got '${type.slice(0, 20)}'`);
      const indent = Number(column(record, "INDENT")) || 1;
      // A skipped INDENT 1 row takes no subtasks: the rows under it are imported as tasks of their own.
      if (indent < 2) topLevel = undefined;
      if (++tasksSeen > MAX_IMPORT_TASKS) throw new AppError("invalid_input", `at most ${MAX_IMPORT_TASKS} tasks per import; split the file`);
      const { title, labels } = splitContent(column(record, "CONTENT"));
      const priorityText = column(record, "PRIORITY");
      const priority = priorityText ? TODOIST_PRIORITY[priorityText] : "low";
      if (!priority) throw new AppError("invalid_input", `PRIORITY must be 1-4 (4 is the highest); got '${priorityText.slice(0, 20)}'`);
      const date = column(record, "DATE");
      const input = parseInput(
        AddTaskInput,
        {
          title,
          description: column(record, "DESCRIPTION") || undefined,
          priority,
          tags: labels,
          ...(date ? dateFields(date) : {}),
        },
        "task",
      );
      let fields;
      try {
        fields = newTaskFields(ctx, input, "");
      } catch (error) {
        const language = column(record, "DATE_LANG");
        const hint = language && !/^en\b/i.test(language) ? ` (the date is in '${language.slice(0, 10)}'; only English phrases are read)` : "";
        throw date ? new AppError("invalid_input", `DATE '${date.slice(0, 100)}' could not be read${hint}: ${reasonOf(error)}`) : error;
      }
      if (indent >= 2 && topLevel) {
        assertSubtaskDoesNotRepeat(fields.recurrence);
        prepared.push({
          fields: { ...fields, position: prepared.filter((task) => task.parent === topLevel).length },
          deletedAt: null,
          list: section,
          parent: topLevel,
          row,
        });
      } else {
        const task: PreparedTask = { fields, deletedAt: null, list: section, row };
        if (indent < 2) topLevel = task;
        prepared.push(task);
      }
    } catch (error) {
      skipped.push({ row, reason: reasonOf(error) });
    }
  }
  const result = await insertPrepared(ctx, prepared);
  return {
    imported: result.inserted,
    skipped: skipped.sort((a, b) => a.row - b.row),
    ...(result.warnings.length ? { warnings: result.warnings } : {}),
  };
}
