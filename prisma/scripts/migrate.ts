// `npm run db:migrate` applies pending migrations to the configured database (DATABASE_URL, or the
// embedded one in TODO_DATA_DIR); `npm run db:migration:new -- <name>` writes a migration for the
// changes made to schema.prisma, without needing any database server.
import { createMigration } from "../src/migrations.ts";
import { openDatabase } from "../src/open-database.ts";
import { readDatabaseEnv } from "../src/env.ts";

const [command, name] = process.argv.slice(2);

async function main(): Promise<void> {
  if (command === "create") {
    if (!name) throw new Error("usage: npm run db:migration:new -- <name>   (name: letters, digits, underscores)");
    const dir = await createMigration(name);
    console.log(dir ? `Created ${dir}` : "The schema has no changes: no migration written.");
    return;
  }
  if (command === "deploy") {
    const db = await openDatabase({ ...readDatabaseEnv(), migrate: false });
    try {
      const applied = await db.migrate();
      console.log(applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
    } finally {
      await db.close();
    }
    return;
  }
  throw new Error("usage: migrate.ts deploy | create <name>");
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
