export { recurrenceHandler, RECURRENCE_CONSUMER, type ContinueSeries } from "./recurrence-handler.ts";
export { createRecurrenceConsumer, type RecurrenceConsumerDeps } from "./recurrence-consumer.ts";
export { continueSeriesViaDapr } from "./dapr-continue-series.ts";
export { createRecurrenceApp } from "./app.ts";
