export { recurrenceHandler, RECURRENCE_CONSUMER, type ContinueSeries } from "./recurrence-handler.ts";
export { continueSeriesViaDapr } from "./dapr-continue-series.ts";
export { createRecurrenceApp } from "./app.ts";
