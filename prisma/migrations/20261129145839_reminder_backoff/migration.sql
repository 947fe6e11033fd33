-- AlterTable
-- AlterTable: existing reminders are next due at their own time (hand-edited: backfill before NOT NULL)
ALTER TABLE "Reminder" ADD COLUMN     "nextAttemptAt" TIMESTAMPTZ(3);
UPDATE "Reminder" SET "nextAttemptAt" = "fireAt";
ALTER TABLE "Reminder" ALTER COLUMN "nextAttemptAt" SET NOT NULL;

-- CreateTable
CREATE TABLE "ReminderDelivery" (
    "taskId" UUID NOT NULL,
    "fireAt" TIMESTAMPTZ(3) NOT NULL,
    "inAppAt" TIMESTAMPTZ(3),
    "pushedEndpoints" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReminderDelivery_pkey" PRIMARY KEY ("taskId","fireAt")
);

-- CreateIndex
CREATE INDEX "ReminderDelivery_createdAt_idx" ON "ReminderDelivery"("createdAt");

-- CreateIndex
CREATE INDEX "Reminder_status_nextAttemptAt_idx" ON "Reminder"("status", "nextAttemptAt");
