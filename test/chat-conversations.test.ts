import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@todo/db";
import { uniqueUsername } from "./support/app.ts";
import { databaseTargets } from "./support/databases.ts";
import { testGateway } from "./support/gateway.ts";

// Conversations with the offline chat, one scenario per line of data/chat-scenarios.jsonl, in the
// format of ../shared/chat/score-chat.mjs (a subset of its date language: today±N, next:ddd,
// first:ddd, each optionally @HH:MM, and "none"). The clock is fixed: Thursday 26 Nov 2026 15:00 UTC.

interface SetupTask {
  title: string;
  description?: string;
  priority?: string;
  tags?: string[];
  due?: string;
  recurrence?: string;
  reminderMinutesBefore?: number;
  status?: "done";
}
interface ExpectTask extends Omit<SetupTask, "description"> {
  descriptionIncludes?: string | string[];
}
interface ReplyRule {
  replyIncludes?: string[];
  replyExcludes?: string[];
  replyMatches?: string;
}
interface Scenario {
  id: string;
  tz: string;
  setup?: SetupTask[];
  messages: string[];
  expect: ReplyRule & { tasks?: ExpectTask[]; exactCount?: number; absentTitles?: string[]; replies?: Array<ReplyRule | null> };
}
interface TaskRow {
  id: string;
  title: string;
  description: string | null;
  status: string;
  priority: string;
  tags: string[];
  dueAt: string | null;
  dueDate: string | null;
  recurrence: string | null;
  reminderMinutesBefore: number | null;
}

const NOW = "2026-11-26T15:00:00Z";
const file = path.join(path.dirname(fileURLToPath(import.meta.url)), "data", "chat-scenarios.jsonl");
const scenarios: Scenario[] = readFileSync(file, "utf8")
  .split("\n")
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as Scenario);

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** A date-language expression at NOW in a zone: an all-day date, or a timed instant (ms). */
function resolveDay(expr: string, tz: string): { date: string } | { ms: number } {
  const m = /^(?:today(?:([+-])(\d+))?|next:(\w{3})|first:(\w{3}))(?:@(\d{2}):(\d{2}))?$/.exec(expr);
  if (!m) throw new Error(`bad date expression ${expr}`);
  const now = DateTime.fromISO(NOW, { zone: tz });
  let day = now.startOf("day");
  if (m[2]) day = day.plus({ days: (m[1] === "-" ? -1 : 1) * Number(m[2]) });
  const time = m[5] ? { hour: Number(m[5]), minute: Number(m[6]) } : undefined;
  if (m[3]) day = day.plus({ days: (WEEKDAYS.indexOf(m[3]) + 1 - day.weekday + 7) % 7 || 7 });
  if (m[4]) {
    const target = WEEKDAYS.indexOf(m[4]) + 1;
    for (let i = 0; i <= 7; i++) {
      const candidate = day.plus({ days: i });
      if (candidate.weekday !== target) continue;
      if (!time || candidate.set(time) > now) {
        day = candidate;
        break;
      }
    }
  }
  return time ? { ms: day.set(time).toMillis() } : { date: day.toISODate() ?? "" };
}

/** The day as a reply says it: today, tomorrow, the weekday within 6 days, else "Fri 11 Dec". */
function dayInWords(expr: string, tz: string): string {
  const resolved = resolveDay(expr, tz);
  const day = "date" in resolved ? DateTime.fromISO(resolved.date, { zone: tz }) : DateTime.fromMillis(resolved.ms, { zone: tz });
  const diff = Math.round(day.startOf("day").diff(DateTime.fromISO(NOW, { zone: tz }).startOf("day"), "days").days);
  if (diff === 0) return "today";
  if (diff === 1) return "tomorrow";
  if (diff >= 2 && diff <= 6) return day.toFormat("cccc");
  return day.toFormat("ccc d LLL");
}
const render = (text: string, tz: string) => text.replace(/\{day:([^}]+)\}/g, (_, expr: string) => dayInWords(expr, tz));

function dueMismatch(want: string, task: TaskRow, tz: string): string | undefined {
  if (want === "none") return task.dueAt || task.dueDate ? `due ${task.dueAt ?? task.dueDate}, want none` : undefined;
  const r = resolveDay(want, tz);
  if ("date" in r) return !task.dueAt && task.dueDate === r.date ? undefined : `due ${task.dueAt ?? task.dueDate}, want ${r.date}`;
  const ok = task.dueAt && Math.floor(DateTime.fromISO(task.dueAt).toMillis() / 60_000) === Math.floor(r.ms / 60_000);
  return ok ? undefined : `due ${task.dueAt ?? task.dueDate}, want ${DateTime.fromMillis(r.ms, { zone: tz }).toISO()}`;
}

const norm = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();
const canonRule = (rule: string | null | undefined) =>
  rule
    ? rule
        .split(";")
        .filter((p) => p !== "INTERVAL=1")
        .sort()
        .join(";")
    : null;

function taskMismatches(want: ExpectTask, task: TaskRow, tz: string): string[] {
  const why: string[] = [];
  if (want.status && task.status !== want.status) why.push(`status ${task.status}, want ${want.status}`);
  if (want.priority && task.priority !== want.priority) why.push(`priority ${task.priority}, want ${want.priority}`);
  if (want.tags && JSON.stringify([...task.tags].sort()) !== JSON.stringify([...want.tags].sort())) why.push(`tags ${task.tags.join(",")}`);
  if (want.recurrence && canonRule(task.recurrence) !== canonRule(want.recurrence)) why.push(`recurrence ${task.recurrence}`);
  if (want.reminderMinutesBefore !== undefined && task.reminderMinutesBefore !== want.reminderMinutesBefore)
    why.push(`reminder ${task.reminderMinutesBefore}`);
  for (const text of [want.descriptionIncludes ?? []].flat())
    if (!(task.description ?? "").toLowerCase().includes(text.toLowerCase()))
      why.push(`description ${JSON.stringify(task.description)} lacks ${text}`);
  const due = want.due ? dueMismatch(want.due, task, tz) : undefined;
  if (due) why.push(due);
  return why;
}

function replyProblems(rule: ReplyRule, reply: string, label: string, tz: string): string[] {
  const text = reply.toLowerCase();
  const why: string[] = [];
  for (const s of rule.replyIncludes ?? []) if (!text.includes(render(s, tz).toLowerCase())) why.push(`${label} lacks ${render(s, tz)}`);
  for (const s of rule.replyExcludes ?? []) if (text.includes(render(s, tz).toLowerCase())) why.push(`${label} contains ${render(s, tz)}`);
  if (rule.replyMatches && !new RegExp(rule.replyMatches, "i").test(reply)) why.push(`${label} does not match ${rule.replyMatches}`);
  return why;
}

describe.each(databaseTargets())("chat conversations (offline) on $name", (target) => {
  let db: Database;
  let t: ReturnType<typeof testGateway>;

  beforeAll(async () => {
    db = await target.open();
    t = testGateway(db, NOW);
  });
  afterAll(() => db.close());

  it.each(scenarios.map((s) => [s.id, s] as const))("%s", async (_id, s) => {
    const { token } = await t.signup(uniqueUsername("conv"), s.tz);
    for (const task of s.setup ?? []) {
      const { due, status, ...fields } = task;
      const body: Record<string, unknown> = { ...fields };
      if (due) {
        const r = resolveDay(due, s.tz);
        if ("date" in r) body.dueDate = r.date;
        else body.dueAt = DateTime.fromMillis(r.ms, { zone: "UTC" }).toISO();
      }
      const made = await t.request("POST", "/api/tasks", { token, body });
      expect(made.status, `setup ${task.title}`).toBe(201);
      const { task: created } = (await made.json()) as { task: TaskRow };
      if (status === "done") expect((await t.request("POST", `/api/tasks/${created.id}/complete`, { token })).status).toBe(200);
    }
    const transcript: Array<{ message: string; reply: string }> = [];
    let conversationId: string | undefined;
    for (const message of s.messages) {
      const { status, body } = await t.chat(token, message, conversationId);
      expect(status, message).toBe(200);
      conversationId = body.conversationId;
      transcript.push({ message, reply: body.reply });
    }
    const listed = await t.request("GET", "/api/tasks?status=all&limit=100", { token });
    const { tasks } = (await listed.json()) as { tasks: TaskRow[] };
    const why: string[] = [];
    (s.expect.replies ?? []).forEach((rule, i) => {
      if (rule) why.push(...replyProblems(rule, transcript[i]?.reply ?? "", `reply ${i + 1}`, s.tz));
    });
    why.push(...replyProblems(s.expect, transcript.at(-1)?.reply ?? "", "last reply", s.tz));
    for (const want of s.expect.tasks ?? []) {
      const titled = tasks.filter((task) => norm(task.title) === norm(want.title));
      if (!titled.length) why.push(`no task "${want.title}"`);
      else if (!titled.some((task) => taskMismatches(want, task, s.tz).length === 0))
        why.push(`"${want.title}": ${taskMismatches(want, titled[0] as TaskRow, s.tz).join("; ")}`);
    }
    if (s.expect.exactCount !== undefined && tasks.length !== s.expect.exactCount) why.push(`${tasks.length} tasks, want ${s.expect.exactCount}`);
    for (const title of s.expect.absentTitles ?? []) if (tasks.some((task) => norm(task.title) === norm(title))) why.push(`"${title}" exists`);
    expect(why, JSON.stringify({ transcript, tasks: tasks.map((task) => [task.title, task.status, task.dueAt ?? task.dueDate]) }, null, 1)).toEqual(
      [],
    );
  });
});
