import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import type * as SchemaEngineGlue from "@prisma/schema-engine-wasm/schema_engine_bg";

type Glue = typeof SchemaEngineGlue & {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
  SchemaEngine: typeof SchemaEngine;
};

let gluePromise: Promise<Glue> | undefined;

/**
 * Loads Prisma's migration engine compiled to WebAssembly. Node 20 cannot import a `.wasm` file as
 * an ES module, so the module is instantiated by hand with the package's JS glue as its imports.
 */
async function loadGlue(): Promise<Glue> {
  gluePromise ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const glue = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as Glue;
    const bytes = await readFile(gluePath.replace(/\.js$/, ".wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return gluePromise;
}

/** Runs `work` with a schema engine bound to the given database adapter, and frees it afterwards. */
export async function withSchemaEngine<T>(
  options: { schemaPath: string; schema: string; adapterFactory: SqlMigrationAwareDriverAdapterFactory },
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const glue = await loadGlue();
  const engine = await glue.SchemaEngine.new(
    { datamodels: [[options.schemaPath, options.schema]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(options.adapterFactory),
  );
  try {
    return await work(engine);
  } finally {
    engine.free();
  }
}
