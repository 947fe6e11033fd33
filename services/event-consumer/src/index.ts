export { prismaProcessedEvents } from "./processed-events.ts";
export { daprSubscriberRoutes, type DaprSubscription } from "./dapr-subscriber.ts";
