import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { testEnv } from "./support/env.ts";
import { repoRoot } from "./support/processes.ts";

// The GitHub Actions workflows cannot run here; actionlint (built from its Go module by
// scripts/build-tools.sh actionlint) checks their syntax, expressions, contexts and action inputs.
const actionlint = path.join(repoRoot, ".cache", "bin", "actionlint");
const ready = existsSync(actionlint);
if (!ready) console.warn(`the workflow check needs ${actionlint} (scripts/build-tools.sh actionlint; .ci/run builds it)`);

describe.skipIf(!ready && !testEnv.CI)("the GitHub Actions workflows", () => {
  it("pass actionlint", () => {
    const result = spawnSync(actionlint, ["-no-color"], { cwd: repoRoot, encoding: "utf8" });
    expect(`${result.stdout}${result.stderr}`).toBe("");
    expect(result.status).toBe(0);
  });
});
