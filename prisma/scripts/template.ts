// Makes the migrated empty embedded database that new data folders start from.
import { writeTemplate } from "../src/pglite-template.ts";

writeTemplate().then(
  (file) => console.log(`Embedded database template ready: ${path(file)}`),
  (error: unknown) => {
    // Not fatal: without a template a first start only takes longer.
    console.warn(`Could not prepare the embedded database template: ${error instanceof Error ? error.message : String(error)}`);
  },
);

function path(file: string): string {
  return file.replace(process.cwd() + "/", "");
}
