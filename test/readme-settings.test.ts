import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { DatabaseEnv } from "@todo/db";
import { EmbeddedEnv } from "@todo/embedded";
import { GatewayEnv } from "../chat-gateway/src/env.ts";
import { CliEnv, ServerEnv } from "../mcp-server/src/env.ts";
import { NotificationEnv } from "../services/notification/src/env.ts";
import { RecurrenceEnv } from "../services/recurrence/src/env.ts";
import { repoRoot } from "./support/processes.ts";

const SCHEMAS: Record<string, z.ZodObject> = {
  "embedded (npm start)": EmbeddedEnv,
  "mcp-server": ServerEnv,
  "npx todo": CliEnv,
  "chat-gateway": GatewayEnv,
  recurrence: RecurrenceEnv,
  notification: NotificationEnv,
  database: DatabaseEnv,
};

const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");

/** The variables named in the first column of the README's settings table. */
function documentedVariables(): Set<string> {
  const section = readme.split(/^## Settings/m)[1]?.split(/^## /m)[0] ?? "";
  const names = section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .flatMap((line) => [...(line.split("|")[1] ?? "").matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!));
  return new Set(names);
}

describe("the README", () => {
  it("documents every variable each service reads, and no other", () => {
    const documented = documentedVariables();
    const read = new Set(Object.values(SCHEMAS).flatMap((schema) => Object.keys(schema.shape)));
    expect([...read].filter((name) => !documented.has(name)).sort()).toEqual([]);
    expect([...documented].filter((name) => !read.has(name)).sort()).toEqual([]);
  });

  it("links nowhere outside the repository", () => {
    expect(readme.match(/\]\(\.\.\/[^)]*\)|\.\.\/shared\/\S*/g) ?? []).toEqual([]);
  });
});
