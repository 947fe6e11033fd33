import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from "node:fs";
import path from "node:path";

/** What the lock file records about the process that owns the embedded data folder. */
export interface LockOwner {
  pid: number;
  startedAt: string;
  command: string;
  /** Set by the embedded server once it listens, so other commands can talk to it instead. */
  serverUrl?: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `The data folder ${dataDir} is in use by process ${owner.pid} (${owner.command}, started ${owner.startedAt}). ` +
        `Stop that process, or set TODO_DATA_DIR to another folder.`,
    );
    this.name = "DataDirLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function lockFilePath(dataDir: string): string {
  return path.join(dataDir, "todo.lock");
}

/** Reads the current owner of a data folder, or undefined when no live process holds it. */
export function readLockOwner(dataDir: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(lockFilePath(dataDir), "utf8")) as LockOwner;
    return typeof owner.pid === "number" && isAlive(owner.pid) ? owner : undefined;
  } catch {
    return undefined;
  }
}

export interface DataDirLock {
  /** Records more about the owner (e.g. the URL the server listens on). */
  update(extra: Partial<LockOwner>): void;
  release(): void;
}

/**
 * Takes an exclusive lock on a data folder. PGlite lets two processes open one folder and corrupt
 * it, so the lock is ours: a file created with O_EXCL holding the owner's pid. A lock left by a
 * process that no longer exists is taken over.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = lockFilePath(dataDir);
  let owner: LockOwner = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    command: path.basename(process.argv[1] ?? process.argv0) + (process.argv[2] ? ` ${process.argv[2]}` : ""),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx");
      writeFileSync(fd, JSON.stringify(owner));
      closeSync(fd);
      let released = false;
      return {
        update(extra) {
          owner = { ...owner, ...extra };
          writeFileSync(file, JSON.stringify(owner));
        },
        release() {
          if (released) return;
          released = true;
          rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const current = readLockOwner(dataDir);
      if (current) throw new DataDirLockedError(dataDir, current);
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock the data folder ${dataDir}; remove ${file} if no todo-chatbot process is running.`);
}
