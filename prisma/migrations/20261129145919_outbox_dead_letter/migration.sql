-- AlterTable
ALTER TABLE "OutboxEvent" ADD COLUMN     "deadAt" TIMESTAMPTZ(3),
ADD COLUMN     "discardedAt" TIMESTAMPTZ(3),
ADD COLUMN     "nextAttemptAt" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "OutboxEvent_deadAt_idx" ON "OutboxEvent"("deadAt");

-- CreateIndex
CREATE INDEX "OutboxEvent_nextAttemptAt_idx" ON "OutboxEvent"("nextAttemptAt");
