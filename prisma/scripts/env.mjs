// The environment `generate.mjs` hands to the Prisma CLI: this process's, plus what makes the CLI
// work offline (see generate.mjs).
export function childEnvironment(extra) {
  return { ...process.env, ...extra };
}
