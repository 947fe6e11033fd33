import { z } from "zod";
import { SafeText } from "../validation/text.ts";

/** What a task shows of its list (TaskView.list). */
export interface ListRef {
  id: string;
  name: string;
  /** "#rrggbb", or null for no colour */
  color: string | null;
}

/** A list as stored. A list deleted with its tasks keeps its row (deletedAt set) until its last task leaves the trash. */
export interface TaskListRecord extends ListRef {
  userId: string;
  position: number;
  isInbox: boolean;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

/** A list as the API, the tools and the web app show it: with how many open tasks it holds. */
export interface TaskListView extends ListRef {
  position: number;
  isInbox: boolean;
  openCount: number;
}

/** The Inbox's name: every user has one, made by the migration, at sign-up or on first use. */
export const INBOX_NAME = "Inbox";
export const MAX_LISTS = 200;

/**
 * The key a name is unique by, per user: NFKC-normalised and lower-cased, so "Work", "WORK" and
 * "ｗｏｒｋ" are one name (Unicode default case folding is close enough for names; no locale).
 */
export function nameKey(name: string): string {
  return name.normalize("NFKC").toLowerCase();
}

const ListName = SafeText.trim()
  .min(1, { error: "must not be empty" })
  .max(100, { error: "must be at most 100 characters" })
  .describe("The list's name, 1-100 characters, unique among your lists (case-insensitive), e.g. 'Work', 'Groceries'");
const Color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, { error: "must be a colour #rrggbb (e.g. #3b82f6), or null for none" })
  .transform((color) => color.toLowerCase())
  .describe("A colour #rrggbb, e.g. #3b82f6; null for none");
const Position = z
  .number()
  .int({ error: "must be a whole number" })
  .min(0, { error: "must be 0 or more" })
  .max(1_000_000, { error: "must be at most 1000000" })
  .describe("Where the list sorts among your lists (lower first; the Inbox is always first)");

export const ListId = z.uuid({ error: "must be a list id (a UUID) as returned by list_lists or add_list" });

/** A list reference in a task input: the list's id or its name (case-insensitive). */
export const ListRefInput = SafeText.trim()
  .min(1, { error: "must be a list id or a list name (e.g. 'Work'); list_lists shows them" })
  .max(100, { error: "must be a list id or a list name of at most 100 characters" })
  .describe("The list it goes in: a list's name (case-insensitive, e.g. 'Work') or id; default the Inbox");

/** Fields to create a list. */
export const CreateListInput = z.strictObject({
  name: ListName,
  color: Color.nullable().optional(),
});
export type CreateListInput = z.infer<typeof CreateListInput>;

/** A partial change to a list; absent fields stay as they are. */
export const UpdateListInput = z.strictObject({
  name: ListName.optional(),
  color: Color.nullable().optional(),
  position: Position.optional(),
});
export type UpdateListInput = z.infer<typeof UpdateListInput>;

export const DELETE_LIST_TASKS = ["trash", "inbox"] as const;
/** What becomes of a deleted list's tasks: into the trash with it (restorable), or moved to the Inbox. */
export const DeleteListInput = z.strictObject({
  tasks: z
    .enum(DELETE_LIST_TASKS, { error: "must be 'trash' (its tasks go to the trash, restorable) or 'inbox' (they move to the Inbox)" })
    .describe("trash: the list's tasks go to the trash with it (restoring one brings the list back); inbox: they move to the Inbox"),
});
export type DeleteListInput = z.infer<typeof DeleteListInput>;

/** What deleting a list did with its tasks. */
export type DeleteListResult = { movedToInbox: number } | { trashed: number };

export function toListRef(list: ListRef): ListRef {
  return { id: list.id, name: list.name, color: list.color };
}
