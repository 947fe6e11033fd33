import { existsSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

/** The folder name under the per-user data directory. */
export const DATA_FOLDER_NAME = "todo-chatbot";

/**
 * The per-user data folder, following the XDG Base Directory Specification (0.8): `$XDG_DATA_HOME`
 * when it is set to an absolute path (a relative one is invalid and ignored, as the spec says),
 * else `~/.local/share`; then `todo-chatbot`. The same on every working directory, so a server
 * started in one folder and `npx todo mcp` started by an IDE in another find the same data.
 */
export function perUserDataDir(xdgDataHome: string | undefined, home: string = homedir()): string {
  const base = xdgDataHome && path.isAbsolute(xdgDataHome) ? xdgDataHome : path.join(home, ".local", "share");
  return path.join(base, DATA_FOLDER_NAME);
}

/** True when `dir` holds an embedded database (a PGlite cluster made by openDatabase). */
function holdsDatabase(dir: string): boolean {
  return existsSync(path.join(dir, "pgdata", "PG_VERSION"));
}

/**
 * Thrown when the working directory has a `.data` folder with tasks in it (the default before
 * the per-user folder) and the per-user folder has none: starting on the empty per-user folder
 * would look like the tasks were lost, and using `./.data` would make the answer depend on the
 * folder a command is started from again. The message says both ways out.
 */
export class LegacyDataDirError extends Error {
  constructor(
    readonly legacyDir: string,
    readonly dataDir: string,
  ) {
    super(
      `Found tasks in ${legacyDir} (the old default data folder), but the data folder is now ${dataDir}. ` +
        `To keep them, stop any running todo-chatbot and move the folder: mkdir -p ${path.dirname(dataDir)} && mv ${legacyDir} ${dataDir} ` +
        `— or keep using it by setting TODO_DATA_DIR=${legacyDir}.`,
    );
    this.name = "LegacyDataDirError";
  }
}

export interface DataDirSettings {
  /** TODO_DATA_DIR, when set: used as it is (relative to the working directory). */
  dataDir?: string;
  /** XDG_DATA_HOME, when set. */
  xdgDataHome?: string;
  /** Skip the check for an old `./.data` (PostgreSQL is used, the folder holds no tasks). */
  databaseUrl?: string;
  /** For tests: the working directory and home directory (default: this process's). */
  cwd?: string;
  home?: string;
}

/**
 * The embedded database's folder: TODO_DATA_DIR when set, else the per-user folder
 * ({@link perUserDataDir}). Throws {@link LegacyDataDirError} when TODO_DATA_DIR is unset, no
 * DATABASE_URL is set, `./.data` holds a database and the per-user folder does not. When both
 * hold one, the per-user folder is used and `./.data` is left alone.
 */
export function chooseDataDir(settings: DataDirSettings): string {
  if (settings.dataDir) return settings.dataDir;
  const dataDir = perUserDataDir(settings.xdgDataHome, settings.home);
  if (settings.databaseUrl) return dataDir;
  const legacyDir = path.resolve(settings.cwd ?? process.cwd(), ".data");
  if (legacyDir !== dataDir && holdsDatabase(legacyDir) && !holdsDatabase(dataDir)) throw new LegacyDataDirError(legacyDir, dataDir);
  return dataDir;
}
