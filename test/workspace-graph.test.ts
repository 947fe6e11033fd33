import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./support/processes.ts";

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const root = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { workspaces: string[] };
const manifests = root.workspaces.map((dir) => JSON.parse(readFileSync(path.join(repoRoot, dir, "package.json"), "utf8")) as Manifest);
const internalDependencies = (m: Manifest) => Object.keys({ ...m.dependencies, ...m.devDependencies }).filter((name) => name.startsWith("@todo/"));

/** The deployable apps: each must stand alone; only the composition workspace puts them together. */
const APPS = ["@todo/mcp-server", "@todo/chat-gateway", "@todo/recurrence", "@todo/notification"];
const COMPOSITION = "@todo/embedded";

describe("the workspace dependency graph", () => {
  it("has no app depending on another app", () => {
    const edges = manifests
      .filter((m) => APPS.includes(m.name))
      .flatMap((m) =>
        internalDependencies(m)
          .filter((d) => APPS.includes(d))
          .map((d) => `${m.name} -> ${d}`),
      );
    expect(edges).toEqual([]);
  });

  it("has nothing depending on the composition workspace, which depends on every app", () => {
    expect(manifests.filter((m) => internalDependencies(m).includes(COMPOSITION)).map((m) => m.name)).toEqual([]);
    const composition = manifests.find((m) => m.name === COMPOSITION);
    expect(internalDependencies(composition!)).toEqual(expect.arrayContaining(APPS));
  });

  it("keeps the libraries free of apps: services, http-kit, event-consumer and db depend on no app", () => {
    const libraries = manifests.filter((m) => !APPS.includes(m.name) && m.name !== COMPOSITION);
    expect(
      libraries.flatMap((m) =>
        internalDependencies(m)
          .filter((d) => APPS.includes(d) || d === COMPOSITION)
          .map((d) => `${m.name} -> ${d}`),
      ),
    ).toEqual([]);
  });
});
