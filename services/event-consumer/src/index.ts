export { prismaProcessedEvents } from "./processed-events.ts";
export { daprSubscriberRoutes, type DaprSubscription, type SubscribedConsumer } from "./dapr-subscriber.ts";
