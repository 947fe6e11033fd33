// The composition root as a library: tests and benchmarks start the product the way `npm start` does.
export { startServer, type RunningServer } from "./start-embedded.ts";
export { createEventBackbone, type EventBackbone, type EventBackboneOptions } from "./event-backbone.ts";
export { inProcessTools } from "./in-process-tools.ts";
export { EmbeddedEnv, readEmbeddedEnv } from "./env.ts";
