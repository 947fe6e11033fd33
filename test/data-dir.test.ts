import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chooseDataDir, LegacyDataDirError, perUserDataDir } from "@todo/db";

describe("the data folder", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "todo-data-dir-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** A folder holding an embedded database as openDatabase leaves it (pgdata/PG_VERSION). */
  function withDatabase(dir: string): string {
    mkdirSync(path.join(dir, "pgdata"), { recursive: true });
    writeFileSync(path.join(dir, "pgdata", "PG_VERSION"), "17\n");
    return dir;
  }

  it("is per user: XDG_DATA_HOME when absolute, else ~/.local/share, then todo-chatbot", () => {
    expect(perUserDataDir("/srv/xdg", "/home/ann")).toBe("/srv/xdg/todo-chatbot");
    expect(perUserDataDir(undefined, "/home/ann")).toBe("/home/ann/.local/share/todo-chatbot");
    expect(perUserDataDir("relative/xdg", "/home/ann")).toBe("/home/ann/.local/share/todo-chatbot");
  });

  it("is TODO_DATA_DIR when set, whatever else there is", () => {
    const cwd = mkdtempSync(path.join(scratch, "cwd-"));
    withDatabase(path.join(cwd, ".data"));
    expect(chooseDataDir({ dataDir: "./mine", cwd, home: "/home/ann" })).toBe("./mine");
  });

  it("refuses to start empty beside an old ./.data that holds tasks, saying how to move it", () => {
    const cwd = mkdtempSync(path.join(scratch, "cwd-"));
    const home = mkdtempSync(path.join(scratch, "home-"));
    withDatabase(path.join(cwd, ".data"));
    expect(() => chooseDataDir({ cwd, home })).toThrow(LegacyDataDirError);
    expect(() => chooseDataDir({ cwd, home })).toThrow(`mv ${path.join(cwd, ".data")} ${path.join(home, ".local", "share", "todo-chatbot")}`);
    // PostgreSQL holds the data: the old folder is irrelevant.
    expect(chooseDataDir({ cwd, home, databaseUrl: "postgres://db/todo" })).toBe(path.join(home, ".local", "share", "todo-chatbot"));
  });

  it("uses the per-user folder once it holds the tasks, leaving a stray ./.data alone, and ignores an empty ./.data", () => {
    const cwd = mkdtempSync(path.join(scratch, "cwd-"));
    const home = mkdtempSync(path.join(scratch, "home-"));
    mkdirSync(path.join(cwd, ".data"));
    expect(chooseDataDir({ cwd, home })).toBe(path.join(home, ".local", "share", "todo-chatbot"));
    withDatabase(path.join(cwd, ".data"));
    withDatabase(path.join(home, ".local", "share", "todo-chatbot"));
    expect(chooseDataDir({ cwd, home })).toBe(path.join(home, ".local", "share", "todo-chatbot"));
  });
});
