import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";

/** The extensions our migrations need; PGlite loads them only when asked at open time. */
export const pgliteExtensions = { pg_trgm };

/**
 * Opens a PGlite database (a folder, or in memory when dataDir is undefined) with our extensions.
 * A new database may start from `template`, a tarball made by `dumpDataDir`.
 */
export function createPGlite(dataDir?: string, template?: Blob): Promise<PGlite> {
  return PGlite.create({ dataDir, extensions: pgliteExtensions, loadDataDir: template });
}

/**
 * pglite-prisma-adapter 0.7.2 does not await PGlite's `exec` in `executeScript`, so a failing
 * migration was recorded as applied. This factory awaits it and reports the error.
 */
export class PGliteAdapterFactory extends PrismaPGlite {
  constructor(private readonly db: PGlite) {
    super(db);
  }

  override async connect(): Promise<SqlDriverAdapter> {
    return awaitScripts(await super.connect(), this.db);
  }

  override async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const shadow = await createPGlite();
    const adapter = await new PGliteAdapterFactory(shadow).connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await shadow.close();
    };
    return adapter;
  }
}

function awaitScripts(adapter: SqlDriverAdapter, db: PGlite): SqlDriverAdapter {
  const onError = (adapter as unknown as { onError(error: unknown): never }).onError.bind(adapter);
  adapter.executeScript = async (script: string) => {
    try {
      await db.exec(script);
    } catch (error) {
      onError(error);
    }
  };
  return adapter;
}
