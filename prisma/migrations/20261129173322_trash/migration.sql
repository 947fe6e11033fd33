-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "deletedAt" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "Task_userId_deletedAt_id_idx" ON "Task"("userId", "deletedAt", "id");

-- CreateIndex
CREATE INDEX "Task_deletedAt_idx" ON "Task"("deletedAt");
