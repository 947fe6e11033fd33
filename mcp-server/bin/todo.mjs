#!/usr/bin/env node
// `npx todo …` from the repository: runs the TypeScript CLI through tsx, no build step needed.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
