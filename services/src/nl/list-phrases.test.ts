import { describe, expect, it } from "vitest";
import { readListPhrase } from "./list-phrases.ts";

describe("list phrases", () => {
  it("reads making a list", () => {
    expect(readListPhrase("create a list called Home")).toEqual({ kind: "create", name: "Home" });
    expect(readListPhrase("new list: Side project")).toEqual({ kind: "create", name: "Side project" });
    expect(readListPhrase("please make a new list named 'Books'.")).toEqual({ kind: "create", name: "Books" });
  });

  it("reads showing a list", () => {
    expect(readListPhrase("what's on my work list?")).toEqual({ kind: "show", list: "work" });
    expect(readListPhrase("show me the Groceries list")).toEqual({ kind: "show", list: "Groceries" });
    expect(readListPhrase("show my to-do list")).toBeUndefined();
  });

  it("reads adding to and moving into a list, saying whether the word 'list' was there", () => {
    expect(readListPhrase("add milk to groceries")).toEqual({ kind: "add", title: "milk", list: "groceries", saidList: false });
    expect(readListPhrase("put eggs on my shopping list")).toEqual({ kind: "add", title: "eggs", list: "shopping", saidList: true });
    expect(readListPhrase("move call mom to work")).toEqual({ kind: "move", target: "call mom", list: "work", saidList: false });
    expect(readListPhrase("add buy stamps to my list")).toBeUndefined();
    expect(readListPhrase("add a note to call mom: bring cake")).toBeUndefined();
    expect(readListPhrase("remind me to call mom tomorrow")).toBeUndefined();
  });
});
