import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { childEnvironment } from "./env.ts";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const todoBin = path.join(repoRoot, "mcp-server", "bin", "todo.mjs");

/** Runs `npx todo …` the way a user would (in `cwd`, the repository by default), returning its exit status and output. */
export function runTodo(args: string[], env: Record<string, string>, input?: string, cwd = repoRoot) {
  const result = spawnSync(process.execPath, [todoBin, ...args], {
    cwd,
    env: childEnvironment({ LOG_LEVEL: "warn", ...env }),
    input,
    encoding: "utf8",
    // Generous: on a loaded 2-core machine a cold start (tsx, the embedded database) is slow.
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the embedded product (what `npm start` runs, in `cwd`, the repository by default) and waits for it to print its URL. */
export async function startEmbedded(
  env: Record<string, string>,
  cwd = repoRoot,
): Promise<{ url: string; child: ChildProcess; output: () => string; stop(): Promise<number | null> }> {
  // tsx by path: `--import tsx` would be looked up from `cwd`, which may be outside the repository.
  const tsx = pathToFileURL(path.join(repoRoot, "node_modules", "tsx", "dist", "loader.mjs")).href;
  const child = spawn(process.execPath, ["--import", tsx, path.join(repoRoot, "embedded", "src", "main.ts")], {
    cwd,
    env: childEnvironment({ PORT: "0", LOG_LEVEL: "info", ...env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 120 s:\n${output}`)), 120_000);
    const check = () => {
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.kill("SIGTERM");
      }),
  };
}
