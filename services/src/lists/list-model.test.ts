import { describe, expect, it } from "vitest";
import { CreateListInput, DeleteListInput, ListRefInput, nameKey, UpdateListInput } from "./list-model.ts";
import { describeZodError } from "../errors.ts";

const error = (result: { success: boolean; error?: unknown }) => (result.success ? "" : describeZodError(result.error as never));

describe("list rules", () => {
  it("treats names that differ only in case or Unicode width as the same name", () => {
    expect(nameKey("Work")).toBe(nameKey("WORK"));
    expect(nameKey("ｗｏｒｋ")).toBe("work");
    expect(nameKey("Épicerie")).toBe(nameKey("ÉPICERIE"));
    expect(nameKey("Work")).not.toBe(nameKey("Works"));
  });

  it("trims a name, lower-cases a colour, and names the field of a bad one", () => {
    expect(CreateListInput.parse({ name: "  Home  ", color: "#AABBCC" })).toEqual({ name: "Home", color: "#aabbcc" });
    expect(error(CreateListInput.safeParse({ name: "   " }))).toBe("name: must not be empty");
    expect(error(CreateListInput.safeParse({ name: "Home", color: "red" }))).toMatch(/^color: must be a colour #rrggbb/);
    expect(error(CreateListInput.safeParse({ name: "a\u0000b" }))).toMatch(/^name: must not contain NUL/);
    expect(error(UpdateListInput.safeParse({ position: -1 }))).toBe("position: must be 0 or more");
    expect(UpdateListInput.parse({ color: null })).toEqual({ color: null });
  });

  it("asks what becomes of a deleted list's tasks, accepting only trash or inbox", () => {
    expect(DeleteListInput.parse({ tasks: "trash" })).toEqual({ tasks: "trash" });
    expect(error(DeleteListInput.safeParse({}))).toMatch(/^tasks: must be 'trash'/);
    expect(error(DeleteListInput.safeParse({ tasks: "keep" }))).toMatch(/^tasks: must be 'trash'.*or 'inbox'/);
  });

  it("takes a list reference as an id or a name of at most 100 characters", () => {
    expect(ListRefInput.parse(" Groceries ")).toBe("Groceries");
    expect(ListRefInput.safeParse("").success).toBe(false);
    expect(ListRefInput.safeParse("x".repeat(101)).success).toBe(false);
  });
});
